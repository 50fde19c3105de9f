import type { PoolClient } from '../db/pool.js';
import { catalogueStats, latestRows, type ConflictPolicy, type MergeSource } from './store.js';

/**
 * The rebuild merge, all its SQL: the merged state of products is written, in SKU order, into a new table that is
 * built like products (migration 008's functions), product_aggregates is rebuilt by one GROUP BY of the rows as they
 * are written, the indexes of both are built after their rows, and both are swapped in, all in the merge's
 * transaction. Writers of products wait
 * from the start (EXCLUSIVE lock) and then write to the new table; readers read the old one until the swap.
 * Every column follows the upsert's rules: a new SKU gets created_at = updated_at = now() and the import's id; a
 * changed one keeps created_at and gets updated_at = now() and the import's id; an unchanged one is copied as it is,
 * and so is every existing one with onConflict=skip; a sync leaves out the products the file does not list.
 */

/** What the merge is doing, for the import's progress. */
export type RebuildStep = 'writing rows' | `building index ${number} of ${number}` | 'keeping undo data' | 'swapping';

/** SKUs of created products per row of import_undo_created. */
const UNDO_PACK = 10_000;

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

// The row takes the file's values: a new SKU, or an existing one unless onConflict=skip ($2).
const TAKES_FILE = 'l.sku IS NOT NULL AND (p.sku IS NULL OR NOT $2)';
// A written row carries the import's id and the transaction's now() as updated_at, as the upsert leaves it.
const WRITTEN = `${TAKES_FILE} AND (p.sku IS NULL OR (p.name, p.description) IS DISTINCT FROM (l.name, l.description))`;
// $3: sync, which keeps only the products the file lists, and those of its rejected rows whose SKU could be read.
// The aggregates are counted from the rows as they are written (RETURNING), not by reading the new table again:
// at 10,000,000 rows that second scan of 2 GB was most of the aggregates' time.
const writeMerged = (target: string, aggregates: string, source: MergeSource) => `
  WITH merged AS (
    INSERT INTO ${target} (sku, name, description, created_at, updated_at, last_import_id)
    SELECT coalesce(l.sku, p.sku),
           CASE WHEN ${TAKES_FILE} THEN l.name ELSE p.name END,
           CASE WHEN ${TAKES_FILE} THEN l.description ELSE p.description END,
           coalesce(p.created_at, now()),
           CASE WHEN ${WRITTEN} THEN now() ELSE p.updated_at END,
           CASE WHEN ${WRITTEN} THEN $1 ELSE p.last_import_id END
      FROM products p FULL JOIN (${latestRows(source.staging)}) l ON l.sku = p.sku
     WHERE NOT $3 OR l.sku IS NOT NULL OR p.sku IN (${source.kept})
    RETURNING sku, name, created_at = now() AS created, last_import_id IS NOT DISTINCT FROM $1 AND updated_at = now() AS written
  ), counted AS (
    INSERT INTO ${aggregates} (name, product_count) SELECT name, count(*) FROM merged GROUP BY name
  ), undo_of_created AS (
    -- $4: capture undo data. What a revert needs of a product the import created is its SKU: packed $5 to a row,
    -- as migration 014's trigger packs them for the upsert.
    INSERT INTO import_undo_created (import_id, skus)
    SELECT $1, array_agg(sku)
      FROM (SELECT sku, (row_number() OVER () - 1) / $5 AS pack FROM merged WHERE $4 AND written AND created) c
     GROUP BY pack
  )
  SELECT count(*) AS rows, count(*) FILTER (WHERE written AND created) AS inserted,
         count(*) FILTER (WHERE written AND NOT created) AS updated
    FROM merged`;
// What a revert needs of a product the import changed, as the undo trigger of migration 005 captures it for the
// upsert: the row before the import.
const CAPTURE_UNDO_OF_UPDATED = (target: string) => `
  INSERT INTO import_undo_rows (import_id, sku, name, description, created_at, updated_at, last_import_id)
  SELECT $1, n.sku, o.name, o.description, o.created_at, o.updated_at, o.last_import_id
    FROM ${target} n JOIN products o ON o.sku = n.sku
   WHERE n.last_import_id = $1 AND n.updated_at = now() AND n.created_at <> now()`;
// A sync's deletions, as the undo trigger of migration 009 keeps them: the rows the new table does not have.
const CAPTURE_DELETED = (target: string) => `
  INSERT INTO import_undo_rows (import_id, sku, name, description, created_at, updated_at, last_import_id, deleted)
  SELECT $1, o.sku, o.name, o.description, o.created_at, o.updated_at, o.last_import_id, true
    FROM products o WHERE NOT EXISTS (SELECT 1 FROM ${target} n WHERE n.sku = o.sku)`;
/** Why the products tables cannot be rebuilt by a swap (a view on them, a foreign key...), or undefined. */
export async function rebuildObstacle(client: PoolClient): Promise<string | undefined> {
  const { rows } = await client.query<{ products: string | null; aggregates: string | null }>(OBSTACLE);
  const found = rows[0]!.products ?? rows[0]!.aggregates;
  return found ?? undefined;
}

export interface RebuildOptions {
  /** Capture what a revert needs into import_undo. */
  captureUndo: boolean;
  onConflict: ConflictPolicy;
  /** Leave out the products the file does not list. */
  sync: boolean;
  /**
   * Told how many products a sync leaves out, of how many there were, once the rows are written and before the
   * indexes: may throw, to stop.
   */
  deleting: (deleted: number, products: number) => void;
  /** Told each step as it starts. */
  step: (step: RebuildStep) => void;
}

/**
 * Applies an import (its staging table, and for a sync the SKUs it keeps) to products by a rebuild, in the caller's
 * transaction. Returns the upsert's counts: products inserted and updated, and those a sync deleted.
 */
export async function rebuildFromStaging(
  client: PoolClient,
  source: MergeSource,
  importId: number,
  options: RebuildOptions,
): Promise<{ inserted: number; updated: number; deleted: number }> {
  await client.query(LOCK_WRITERS);
  await client.query(WHOLE_TABLE_JOINS);
  options.step('writing rows');
  // Counted under the lock, from the aggregates the triggers keep exact: no scan of products.
  const before = options.sync ? (await catalogueStats(client)).products : 0;
  const products = await clone(client, 'products', `products_rebuild_${importId}`);
  const aggregates = await clone(client, 'product_aggregates', `product_aggregates_rebuild_${importId}`);
  const { rows } = await client.query<{ rows: number; inserted: number; updated: number }>(
    writeMerged(products, aggregates, source),
    [importId, options.onConflict === 'skip', options.sync, options.captureUndo, UNDO_PACK],
  );
  const { rows: written, inserted, updated } = rows[0]!;
  // Every product before is in the new table unless deleted, and so is every inserted one.
  const deleted = options.sync ? before + inserted - written : 0;
  options.deleting(deleted, before);
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
  if (options.captureUndo && (updated > 0 || deleted > 0)) {
    options.step('keeping undo data');
    if (updated > 0) await client.query(CAPTURE_UNDO_OF_UPDATED(products), [importId]);
    if (deleted > 0) await client.query(CAPTURE_DELETED(products), [importId]);
  }
  await build(aggregateIndexes);
  await client.query(`ANALYZE ${products}`);
  await client.query(`ANALYZE ${aggregates}`);
  options.step('swapping');
  await client.query(SWAP, ['products', products]);
  await client.query(SWAP, ['product_aggregates', aggregates]);
  await client.query(BUMP_PRODUCTS_VERSION);
  return { inserted, updated, deleted };
}

async function clone(client: PoolClient, source: string, target: string): Promise<string> {
  const { rows } = await client.query<{ made: string }>(CLONE, [source, target]);
  return rows[0]!.made;
}

async function indexStatements(client: PoolClient, source: string, target: string): Promise<string[]> {
  const { rows } = await client.query<{ statement: string }>(INDEX_STATEMENTS, [source, target]);
  return rows.map((r) => r.statement);
}
