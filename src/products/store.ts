import { LOCK_AGGREGATES } from '../db/locks.js';
import type { Pool, PoolClient } from '../db/pool.js';

/**
 * All SQL that writes products (a person's edits through the API, an import's merge, a revert), and the reads of
 * products and their aggregates. product_aggregates itself is written only by the products triggers (migration
 * 002). An API write clears last_import_id: the product now holds what a person wrote, not what an import did (a
 * revert relies on it).
 */

export interface Product {
  sku: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  lastImportId: number | null;
}

export interface ProductFields {
  name: string;
  description: string;
}

const COLUMNS = `sku, name, description, to_json(created_at) #>> '{}' AS "createdAt",
  to_json(updated_at) #>> '{}' AS "updatedAt", last_import_id AS "lastImportId"`;

export async function getProduct(pool: Pool, sku: string): Promise<Product | undefined> {
  const { rows } = await pool.query<Product>(`SELECT ${COLUMNS} FROM products WHERE sku = $1`, [sku]);
  return rows[0];
}

export interface ProductQuery {
  limit: number;
  after?: string;
  /** SKU prefix, or name prefix (case-insensitive). */
  q?: string;
  /** Exact name. */
  name?: string;
}

/** Up to `limit + 1` products after `after` in SKU order (the extra row tells whether there is a next page). */
export async function listProducts(pool: Pool, query: ProductQuery): Promise<Product[]> {
  const pattern = query.q === undefined ? null : prefixPattern(query.q);
  const { rows } = await pool.query<Product>(
    `SELECT ${COLUMNS} FROM products
      WHERE ($1::text IS NULL OR sku > $1)
        AND ($2::text IS NULL OR sku LIKE $2 OR lower(name) LIKE lower($2))
        AND ($3::text IS NULL OR (lower(name) = lower($3) AND name = $3))
      ORDER BY sku LIMIT $4`,
    [query.after ?? null, pattern, query.name ?? null, query.limit + 1],
  );
  return rows;
}

/**
 * How many results a list has: exact when counted, an estimate from the planner's statistics, or at least a cap
 * (counting further would cost as much as reading them all).
 */
export interface ResultCount {
  count: number;
  kind: 'exact' | 'estimate' | 'at-least';
}

/** Lists are counted exactly up to this many results: an index scan of this many entries takes milliseconds. */
export const COUNT_CAP = 10_000;

/**
 * How many products a ProductQuery lists (whatever the cursor): a name's exactly, from its aggregate; all of them
 * from the table's statistics (pg_class.reltuples) once past COUNT_CAP; a search counted up to COUNT_CAP.
 */
export async function countProducts(pool: Pool, query: Omit<ProductQuery, 'limit' | 'after'>): Promise<ResultCount> {
  const pattern = query.q === undefined ? null : prefixPattern(query.q);
  if (query.name !== undefined && pattern === null) {
    const { rows } = await pool.query<{ n: number }>('SELECT coalesce(max(product_count), 0)::bigint AS n FROM product_aggregates WHERE name = $1', [query.name]);
    return { count: rows[0]!.n, kind: 'exact' };
  }
  if (pattern === null) {
    const { rows } = await pool.query<{ n: number }>("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'products'::regclass");
    if (rows[0]!.n > COUNT_CAP) return { count: rows[0]!.n, kind: 'estimate' };
  }
  return cappedCount(pool, `SELECT 1 FROM products
      WHERE ($1::text IS NULL OR sku LIKE $1 OR lower(name) LIKE lower($1))
        AND ($2::text IS NULL OR (lower(name) = lower($2) AND name = $2))`, [pattern, query.name ?? null]);
}

/** How many names an AggregateQuery lists: all of them from statistics once past COUNT_CAP, a search up to COUNT_CAP. */
export async function countAggregates(pool: Pool, q: string | undefined): Promise<ResultCount> {
  if (q === undefined) {
    const { rows } = await pool.query<{ n: number }>("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'product_aggregates'::regclass");
    if (rows[0]!.n > COUNT_CAP) return { count: rows[0]!.n, kind: 'estimate' };
  }
  return cappedCount(pool, 'SELECT 1 FROM product_aggregates WHERE $1::text IS NULL OR lower(name) LIKE lower($1)', [q === undefined ? null : prefixPattern(q)]);
}

async function cappedCount(pool: Pool, rowsOf: string, values: unknown[]): Promise<ResultCount> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM (${rowsOf} LIMIT ${COUNT_CAP + 1}) r`, values);
  const n = rows[0]!.n;
  return n > COUNT_CAP ? { count: COUNT_CAP, kind: 'at-least' } : { count: n, kind: 'exact' };
}

/** Inserts a new product; undefined if the SKU exists. */
export async function createProduct(pool: Pool, sku: string, fields: ProductFields): Promise<Product | undefined> {
  const { rows } = await pool.query<Product>(
    `INSERT INTO products (sku, name, description) VALUES ($1, $2, $3) ON CONFLICT (sku) DO NOTHING RETURNING ${COLUMNS}`,
    [sku, fields.name, fields.description],
  );
  return rows[0];
}

/** Creates or replaces a product in one statement. */
export async function putProduct(pool: Pool, sku: string, fields: ProductFields): Promise<{ product: Product; created: boolean }> {
  const { rows } = await pool.query<Product & { created: boolean }>(
    `INSERT INTO products AS p (sku, name, description) VALUES ($1, $2, $3)
     ON CONFLICT (sku) DO UPDATE SET name = excluded.name, description = excluded.description, updated_at = now(),
                                     last_import_id = NULL
     RETURNING ${COLUMNS}, (p.xmax = 0) AS created`,
    [sku, fields.name, fields.description],
  );
  const { created, ...product } = rows[0]!;
  return { product, created };
}

export async function patchProduct(pool: Pool, sku: string, fields: Partial<ProductFields>): Promise<Product | undefined> {
  const { rows } = await pool.query<Product>(
    `UPDATE products SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now(),
                         last_import_id = NULL
      WHERE sku = $1 RETURNING ${COLUMNS}`,
    [sku, fields.name ?? null, fields.description ?? null],
  );
  return rows[0];
}

export async function deleteProduct(pool: Pool, sku: string): Promise<boolean> {
  const { rowCount } = await pool.query('DELETE FROM products WHERE sku = $1', [sku]);
  return rowCount === 1;
}

/** The rows of a staging table that apply: within the file the last row of a SKU wins (highest offset). */
export const latestRows = (staging: string) => `
    SELECT DISTINCT ON (sku) sku, name, description FROM ${staging} ORDER BY sku, ord DESC`;

/** What an existing product listed by the file becomes: the file's (update), or left as it is (skip). */
export type ConflictPolicy = 'update' | 'skip';

/**
 * What an import's merge applies, as SQL from the modules that own it (never input): the staging table (a name
 * from imports/staging.ts), and a query of the SKUs a sync keeps although the file does not list them (the
 * readable SKUs of its rejected rows), with the import's id as $1.
 */
export interface MergeSource {
  staging: string;
  kept: string;
}

const upsert = (staging: string, onConflict: ConflictPolicy) => `
    WITH latest AS (${latestRows(staging)}
    ), applied AS (
      INSERT INTO products AS p (sku, name, description, last_import_id)
      SELECT l.sku, l.name, l.description, $1 FROM latest l
       WHERE NOT EXISTS (SELECT FROM products s WHERE s.sku = l.sku AND s.name = l.name AND s.description = l.description)
      ${onConflict === 'skip' ? 'ON CONFLICT (sku) DO NOTHING' : `ON CONFLICT (sku) DO UPDATE
         SET name = excluded.name, description = excluded.description,
             last_import_id = excluded.last_import_id, updated_at = now()
       WHERE (p.name, p.description) IS DISTINCT FROM (excluded.name, excluded.description)`}
      RETURNING (p.xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM applied`;

/**
 * Applies an import's staging table to products, in the merge's transaction. Rows equal to what is stored are not
 * rewritten: they cost no WAL, no dead tuples and no trigger work; with `skip`, no existing product is. Equal rows
 * are left out before the insert, not only by the conflict clause's WHERE, because ON CONFLICT DO UPDATE locks the
 * stored row before it evaluates that WHERE: the same 500,000-row file again dirtied every page of products and
 * wrote 135 MB of WAL for nothing (EXPLAIN (ANALYZE, BUFFERS, WAL): 2.3 s against 1.5 s). The conflict clause still
 * compares, for a row written by someone else since this statement's snapshot.
 * `xmax = 0` tells an inserted row from an updated one.
 */
export async function upsertFromStaging(
  client: PoolClient,
  staging: string,
  importId: number,
  onConflict: ConflictPolicy = 'update',
): Promise<{ inserted: number; updated: number }> {
  const { rows } = await client.query<{ inserted: string; updated: string }>(upsert(staging, onConflict), [importId]);
  return { inserted: Number(rows[0]!.inserted), updated: Number(rows[0]!.updated) };
}

/** The products a sync deletes: neither listed by the file nor kept (a rejected row's SKU). $1: the import's id. */
export const unlistedProducts = (source: MergeSource) => `
    NOT EXISTS (SELECT 1 FROM ${source.staging} s WHERE s.sku = p.sku)
    AND NOT EXISTS (SELECT 1 FROM (${source.kept}) k WHERE k.sku = p.sku)`;

/**
 * A sync's deletion, in the merge's transaction, after its upsert (the undo trigger keeps what it deletes); returns
 * how many. Every SKU the file lists (`listedSkus`, distinct) is a product by then, so when there are no more
 * products than that, none is unlisted and the anti-join of products against staging is skipped: the same feed
 * again deletes nothing for the cost of a sum over the aggregates. The aggregate lock, taken first, keeps other
 * writers from committing until this transaction does: the count is of the products the deletion would see.
 */
export async function deleteUnlisted(client: PoolClient, source: MergeSource, importId: number, listedSkus: number): Promise<number> {
  await client.query(LOCK_AGGREGATES);
  if ((await catalogueStats(client)).products === listedSkus) return 0;
  const { rowCount } = await client.query(`DELETE FROM products p WHERE ${unlistedProducts(source)}`, [importId]);
  return rowCount ?? 0;
}

// A product the import wrote is "untouched" while it still carries the import's id and the merge's timestamp
// (applied_at) as updated_at: every later writer changes one or the other. applied_at is read in SQL, not passed
// in: a JavaScript Date would drop its microseconds. Each statement checks it row by row under its lock, so a
// write that commits between a revert's check and here is left alone.
const UNTOUCHED = 'p.last_import_id = $1 AND p.updated_at = (SELECT applied_at FROM imports WHERE id = $1)';

/**
 * Locks, in SKU order, every product a revert of the import may write, before its first write: its DELETE's
 * triggers take the aggregate lock until commit, and an API write holding one of these rows and waiting for that
 * lock would otherwise deadlock with the UPDATE that follows. Rows written since are locked too, and left as they are.
 */
export async function lockProductsOfImport(client: PoolClient, importId: number): Promise<void> {
  await client.query(
    'SELECT 1 FROM products p JOIN import_undo u ON u.sku = p.sku WHERE u.import_id = $1 ORDER BY p.sku FOR UPDATE OF p',
    [importId],
  );
}

/**
 * Takes an import back from products, with its undo data (import_undo: each product it created, changed or deleted,
 * as it was before): deletes what it created, restores what it changed, where untouched since, and inserts again
 * what it deleted, where no product took its SKU since. Returns the counts.
 */
export async function restoreBeforeImport(client: PoolClient, importId: number): Promise<{ removed: number; restored: number }> {
  const removed = await client.query(
    `DELETE FROM products p USING import_undo u WHERE u.import_id = $1 AND NOT u.existed AND p.sku = u.sku AND ${UNTOUCHED}`,
    [importId],
  );
  const restored = await client.query(
    `UPDATE products p
        SET name = u.name, description = u.description, created_at = u.created_at, updated_at = u.updated_at,
            last_import_id = u.last_import_id
       FROM import_undo u
      WHERE u.import_id = $1 AND u.existed AND NOT u.deleted AND p.sku = u.sku AND ${UNTOUCHED}`,
    [importId],
  );
  const undeleted = await client.query(
    `INSERT INTO products (sku, name, description, created_at, updated_at, last_import_id)
     SELECT sku, name, description, created_at, updated_at, last_import_id FROM import_undo
      WHERE import_id = $1 AND deleted
     ON CONFLICT (sku) DO NOTHING`,
    [importId],
  );
  return { removed: removed.rowCount ?? 0, restored: (restored.rowCount ?? 0) + (undeleted.rowCount ?? 0) };
}

export interface Aggregate {
  name: string;
  productCount: number;
}

/** count: most products first; fewest: fewest first (the same index read backwards, so ties by name descending). */
export type AggregateSort = 'count' | 'fewest' | 'name';

export interface AggregateQuery {
  limit: number;
  sort: AggregateSort;
  /** [count, name] when sorted by count (most or fewest), [name] when sorted by name. */
  after?: [number, string] | [string];
  q?: string;
}

/** Up to `limit + 1` aggregates after the cursor, by count (descending, then name) or by name. */
export async function listAggregates(pool: Pool, query: AggregateQuery): Promise<Aggregate[]> {
  const pattern = query.q === undefined ? null : prefixPattern(query.q);
  const filter = '($1::text IS NULL OR lower(name) LIKE lower($1))';
  // By count: descending count, then name; the index is on (-product_count, name), so one row comparison
  // starts the scan right after the cursor however deep the page.
  const { rows } = query.sort === 'count' || query.sort === 'fewest'
    ? await pool.query<Aggregate>(
        `SELECT name, product_count AS "productCount" FROM product_aggregates
          WHERE ${filter} AND ($2::bigint IS NULL OR (-product_count, name) ${query.sort === 'count' ? '>' : '<'} (-$2::bigint, $3::text))
          ORDER BY -product_count ${query.sort === 'count' ? 'ASC' : 'DESC'}, name ${query.sort === 'count' ? 'ASC' : 'DESC'} LIMIT $4`,
        [pattern, query.after?.[0] ?? null, query.after?.[1] ?? null, query.limit + 1],
      )
    : await pool.query<Aggregate>(
        `SELECT name, product_count AS "productCount" FROM product_aggregates
          WHERE ${filter} AND ($2::text IS NULL OR name > $2)
          ORDER BY name LIMIT $3`,
        [pattern, query.after?.[0] ?? null, query.limit + 1],
      );
  return rows;
}

export async function getAggregate(pool: Pool, name: string): Promise<Aggregate | undefined> {
  const { rows } = await pool.query<Aggregate>(
    'SELECT name, product_count AS "productCount" FROM product_aggregates WHERE name = $1',
    [name],
  );
  return rows[0];
}

/**
 * About what share of a staging table's rows would write a product (a new SKU, or other content), from a 1% sample
 * of its blocks looked up by primary key: cheap at any size. 1 when the sample is empty. The lookup is a LATERAL
 * subquery kept apart (OFFSET 0), so that each sampled row probes the index: as a plain join the planner merged
 * the sample with the whole primary key (130-350 ms at 464,000 products, against 12 ms).
 */
export async function changingShare(db: Pool | PoolClient, staging: string): Promise<number> {
  const { rows } = await db.query<{ sampled: string; changing: string }>(`
    SELECT count(*) AS sampled,
           count(*) FILTER (WHERE p.sku IS NULL OR (p.name, p.description) IS DISTINCT FROM (s.name, s.description)) AS changing
      FROM ${staging} s TABLESAMPLE SYSTEM (1)
      LEFT JOIN LATERAL (SELECT sku, name, description FROM products p WHERE p.sku = s.sku OFFSET 0) p ON true`);
  const sampled = Number(rows[0]!.sampled);
  return sampled === 0 ? 1 : Number(rows[0]!.changing) / sampled;
}

/** A LIKE pattern matching values that start with `prefix`, its wildcards escaped. */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface CatalogueStats {
  products: number;
  distinctNames: number;
}

/** Exact counts from the aggregate table (its sum is the number of products, at every commit), cheap on any size. */
export async function catalogueStats(db: Pool | PoolClient): Promise<CatalogueStats> {
  const { rows } = await db.query<CatalogueStats>(
    `SELECT coalesce(sum(product_count), 0)::bigint AS products, count(*) AS "distinctNames" FROM product_aggregates`,
  );
  return rows[0]!;
}
