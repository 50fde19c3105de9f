import type { PoolClient } from '../db/pool.js';
import { latestRows } from './store.js';

/**
 * The rebuild merge, all its SQL: the merged state of products is written, in SKU order, into a new table that is
 * built like products (migration 008's functions), its indexes are built after the rows, product_aggregates is
 * rebuilt from it by one GROUP BY, and both are swapped in, all in the merge's transaction. Writers of products wait
 * from the start (EXCLUSIVE lock) and then write to the new table; readers read the old one until the swap.
 * Every column follows the upsert's rules: a new SKU gets created_at = updated_at = now() and the import's id; a
 * changed one keeps created_at and gets updated_at = now() and the import's id; an unchanged one is copied as it is.
 */

/** What the merge is doing, for the import's progress. */
export type RebuildStep = 'writing rows' | `building index ${number} of ${number}` | 'keeping undo data' | 'aggregates' | 'swapping';

const LOCK_WRITERS = 'LOCK TABLE products, product_aggregates IN EXCLUSIVE MODE';
// Every statement of a rebuild reads whole tables: merge joins over the SKU order that products' primary key and
// the sorted staging rows already have, never a hash table of millions of rows or millions of index probes. The
// merged rows then come out in SKU order, which the new table keeps (its indexes build faster from it).
const WHOLE_TABLE_JOINS = "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_nestloop', 'off', true)";
const OBSTACLE = "SELECT lfp_rebuild_obstacle('products') AS products, lfp_rebuild_obstacle('product_aggregates') AS aggregates";
const CLONE = 'SELECT lfp_rebuild_clone($1::regclass, $2)::text AS made';
const INDEX_STATEMENTS = 'SELECT statement FROM lfp_rebuild_index_statements($1::regclass, $2::regclass) AS statement';
const SWAP = 'SELECT lfp_rebuild_swap($1::regclass, $2::regclass)';
const BUMP_PRODUCTS_VERSION = "UPDATE lfp_data_version SET version = version + 1 WHERE source = 'products'";

// A written row carries the import's id and the transaction's now() as updated_at, as the upsert leaves it.
const WRITTEN = 'l.sku IS NOT NULL AND (p.sku IS NULL OR (p.name, p.description) IS DISTINCT FROM (l.name, l.description))';
const writeMerged = (target: string, staging: string) => `
  INSERT INTO ${target} (sku, name, description, created_at, updated_at, last_import_id)
  SELECT coalesce(l.sku, p.sku),
         CASE WHEN l.sku IS NULL THEN p.name ELSE l.name END,
         CASE WHEN l.sku IS NULL THEN p.description ELSE l.description END,
         coalesce(p.created_at, now()),
         CASE WHEN ${WRITTEN} THEN now() ELSE p.updated_at END,
         CASE WHEN ${WRITTEN} THEN $1 ELSE p.last_import_id END
    FROM products p FULL JOIN (${latestRows(staging)}) l ON l.sku = p.sku`;
const COUNT_WRITTEN = (target: string) => `
  SELECT count(*) FILTER (WHERE created_at = now()) AS inserted, count(*) FILTER (WHERE created_at <> now()) AS updated
    FROM ${target} WHERE last_import_id = $1 AND updated_at = now()`;
// What a revert needs, as the undo trigger of migration 005 captures it for the upsert: the rows before the import.
const CAPTURE_UNDO = (target: string) => `
  INSERT INTO import_undo (import_id, sku, existed, name, description, created_at, updated_at, last_import_id)
  SELECT $1, n.sku, o.sku IS NOT NULL, o.name, o.description, o.created_at, o.updated_at, o.last_import_id
    FROM ${target} n LEFT JOIN products o ON o.sku = n.sku
   WHERE n.last_import_id = $1 AND n.updated_at = now()`;
const writeAggregates = (target: string, products: string) => `
  INSERT INTO ${target} (name, product_count) SELECT name, count(*) FROM ${products} GROUP BY name`;

/** Why the products tables cannot be rebuilt by a swap (a view on them, a foreign key...), or undefined. */
export async function rebuildObstacle(client: PoolClient): Promise<string | undefined> {
  const { rows } = await client.query<{ products: string | null; aggregates: string | null }>(OBSTACLE);
  const found = rows[0]!.products ?? rows[0]!.aggregates;
  return found ?? undefined;
}

export interface RebuildOptions {
  /** Capture what a revert needs into import_undo. */
  captureUndo: boolean;
  /** Told each step as it starts. */
  step: (step: RebuildStep) => void;
}

/**
 * Applies an import's staging table (a name from imports/staging.ts) to products by a rebuild, in the caller's
 * transaction. Returns the upsert's counts: products inserted and updated.
 */
export async function rebuildFromStaging(
  client: PoolClient,
  staging: string,
  importId: number,
  options: RebuildOptions,
): Promise<{ inserted: number; updated: number }> {
  await client.query(LOCK_WRITERS);
  await client.query(WHOLE_TABLE_JOINS);
  options.step('writing rows');
  const products = await clone(client, 'products', `products_rebuild_${importId}`);
  await client.query(writeMerged(products, staging), [importId]);
  const { rows } = await client.query<{ inserted: string; updated: string }>(COUNT_WRITTEN(products), [importId]);
  const aggregates = await clone(client, 'product_aggregates', `product_aggregates_rebuild_${importId}`);
  const productIndexes = await indexStatements(client, 'products', products);
  const aggregateIndexes = await indexStatements(client, 'product_aggregates', aggregates);
  let built = 0;
  const build = async (statements: string[]) => {
    for (const statement of statements) {
      options.step(`building index ${++built} of ${productIndexes.length + aggregateIndexes.length}`);
      await client.query(statement);
    }
  };
  await build(productIndexes);
  if (options.captureUndo) {
    options.step('keeping undo data');
    await client.query(CAPTURE_UNDO(products), [importId]);
  }
  options.step('aggregates');
  await client.query(writeAggregates(aggregates, products));
  await build(aggregateIndexes);
  await client.query(`ANALYZE ${products}`);
  await client.query(`ANALYZE ${aggregates}`);
  options.step('swapping');
  await client.query(SWAP, ['products', products]);
  await client.query(SWAP, ['product_aggregates', aggregates]);
  await client.query(BUMP_PRODUCTS_VERSION);
  return { inserted: Number(rows[0]!.inserted), updated: Number(rows[0]!.updated) };
}

async function clone(client: PoolClient, source: string, target: string): Promise<string> {
  const { rows } = await client.query<{ made: string }>(CLONE, [source, target]);
  return rows[0]!.made;
}

async function indexStatements(client: PoolClient, source: string, target: string): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(INDEX_STATEMENTS, [source, target]);
  return rows.map((r) => r.statement);
}
