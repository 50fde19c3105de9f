import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { startQueue } from '../../src/db/queue.js';
import { createLogger } from '../../src/log.js';

/** The PostgreSQL server the tests run against (trust auth on this machine and on CI). */
export const SERVER_URL = process.env.LFP_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A migrated database that new test databases are copied from; scripts/run-tests.js makes one per run. */
async function template(): Promise<string> {
  const shared = process.env.LFP_TEST_TEMPLATE;
  if (shared) return shared;
  // A test file run on its own (not through npm test) makes its own template.
  const name = 'lfp_test_template_local';
  await createTemplateDatabase(name);
  process.env.LFP_TEST_TEMPLATE = name;
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test. */
export async function createTestDatabase(poolSize = 6): Promise<TestDatabase> {
  const source = await template();
  const name = `lfp_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
  const url = databaseUrl(name);
  const pool = createPool(url, poolSize);
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Creates a database with lfp's schema and the job queue's installed, to copy test databases from. */
export async function createTemplateDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const pool = createPool(databaseUrl(name), 1);
  await migrate(pool);
  await pool.end();
  const boss = await startQueue(databaseUrl(name), createLogger('silent'));
  await boss.stop({ graceful: false });
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Products (without timestamps and import ids) and aggregates as sorted rows, for comparing contents. */
export async function contents(pool: Pool): Promise<{ products: unknown[]; aggregates: unknown[] }> {
  const products = await pool.query('SELECT sku, name, description FROM products ORDER BY sku');
  const aggregates = await pool.query('SELECT name, product_count FROM product_aggregates ORDER BY name');
  return { products: products.rows, aggregates: aggregates.rows };
}

/** Products and aggregates as sorted rows, for comparing whole tables. */
export async function snapshot(pool: Pool): Promise<{ products: unknown[]; aggregates: unknown[] }> {
  const products = await pool.query(
    'SELECT sku, name, description, created_at, updated_at, last_import_id FROM products ORDER BY sku',
  );
  const aggregates = await pool.query('SELECT name, product_count FROM product_aggregates ORDER BY name');
  return { products: products.rows, aggregates: aggregates.rows };
}

/** Rows where product_aggregates differs from the GROUP BY it must equal; empty when exact. */
export async function aggregateDrift(pool: Pool): Promise<unknown[]> {
  const { rows } = await pool.query(`
    SELECT coalesce(g.name, a.name) AS name, g.n AS expected, a.product_count AS actual
      FROM (SELECT name, count(*) AS n FROM products GROUP BY name) g
      FULL JOIN product_aggregates a ON a.name = g.name
     WHERE g.n IS DISTINCT FROM a.product_count`);
  return rows;
}

/** Products and aggregates exactly as stored (timestamps as PostgreSQL prints them, to the microsecond): byte for byte. */
export async function exactTables(pool: Pool): Promise<{ products: unknown[]; aggregates: unknown[] }> {
  const products = await pool.query(
    'SELECT sku, name, description, created_at::text, updated_at::text, last_import_id FROM products ORDER BY sku',
  );
  const aggregates = await pool.query('SELECT name, product_count FROM product_aggregates ORDER BY name');
  return { products: products.rows, aggregates: aggregates.rows };
}
