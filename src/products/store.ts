import type { Pool } from '../db/pool.js';
import { prefixPattern } from '../api/cursor.js';

/**
 * All SQL about products and their aggregates as the API reads and writes them. An API write clears
 * last_import_id: the product now holds what a person wrote, not what an import did (a revert relies on it).
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

export interface Aggregate {
  name: string;
  productCount: number;
}

export type AggregateSort = 'count' | 'name';

export interface AggregateQuery {
  limit: number;
  sort: AggregateSort;
  /** [count, name] when sorted by count, [name] when sorted by name. */
  after?: [number, string] | [string];
  q?: string;
}

/** Up to `limit + 1` aggregates after the cursor, by count (descending, then name) or by name. */
export async function listAggregates(pool: Pool, query: AggregateQuery): Promise<Aggregate[]> {
  const pattern = query.q === undefined ? null : prefixPattern(query.q);
  const filter = '($1::text IS NULL OR lower(name) LIKE lower($1))';
  // By count: descending count, then name; the index is on (-product_count, name), so one row comparison
  // starts the scan right after the cursor however deep the page.
  const { rows } = query.sort === 'count'
    ? await pool.query<Aggregate>(
        `SELECT name, product_count AS "productCount" FROM product_aggregates
          WHERE ${filter} AND ($2::bigint IS NULL OR (-product_count, name) > (-$2::bigint, $3::text))
          ORDER BY -product_count, name LIMIT $4`,
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

export interface CatalogueStats {
  products: number;
  distinctNames: number;
}

/** Exact counts from the aggregate table (its sum is the number of products), cheap on any size. */
export async function catalogueStats(pool: Pool): Promise<CatalogueStats> {
  const { rows } = await pool.query<CatalogueStats>(
    `SELECT coalesce(sum(product_count), 0)::bigint AS products, count(*) AS "distinctNames" FROM product_aggregates`,
  );
  return rows[0]!;
}
