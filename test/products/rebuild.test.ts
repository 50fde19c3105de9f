import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { Pool } from '../../src/db/pool.js';
import { getImport } from '../../src/imports/store.js';
import { revertImport } from '../../src/imports/revert.js';
import { getProduct, patchProduct } from '../../src/products/store.js';
import { withTestApp } from '../support/app.js';
import { aggregateDrift, createTestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';

/** The rebuild merge (src/products/rebuild.ts, migration 008): same result as the upsert, tables swapped in whole. */

const rows = (prefix: string, n: number, name: (i: number) => string, from = 0) =>
  Array.from({ length: n }, (_, k) => `${name(from + k)},${prefix}-${from + k},description ${from + k}\n`).join('');
const file = (...parts: string[]) => `name,sku,description\n${parts.join('')}`;

/**
 * Everything the catalog says about a table, by name: what a swapped-in table must keep. pg_attver, a column option
 * some server builds (this machine's PostgreSQL 15) give every column themselves, is the server's, not the table's.
 */
const CATALOG = `
  SELECT json_build_object(
    'table', (SELECT json_build_object('kind', relkind, 'persistence', relpersistence, 'options', reloptions, 'acl', relacl,
                                       'owner', pg_get_userbyid(relowner), 'replident', relreplident, 'schema', relnamespace::regnamespace::text,
                                       'comment', obj_description(oid, 'pg_class'))
                FROM pg_class WHERE oid = $1::regclass),
    'columns', (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                                                  'collation', a.attcollation::regcollation::text, 'notNull', a.attnotnull,
                                                  'default', pg_get_expr(d.adbin, d.adrelid), 'statistics', a.attstattarget,
                                                  'options', (SELECT array_agg(o) FROM unnest(a.attoptions) o WHERE o NOT LIKE 'pg\_attver=%'),
                                                  'storage', a.attstorage, 'comment', col_description(a.attrelid, a.attnum))
                                ORDER BY a.attnum)
                  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped),
    'constraints', (SELECT json_agg(json_build_object('name', conname, 'definition', pg_get_constraintdef(oid),
                                                      'index', conindid::regclass::text, 'comment', obj_description(oid, 'pg_constraint'))
                                    ORDER BY conname)
                      FROM pg_constraint WHERE conrelid = $1::regclass),
    'indexes', (SELECT json_agg(json_build_object('definition', pg_get_indexdef(indexrelid), 'primary', indisprimary,
                                                  'comment', obj_description(indexrelid, 'pg_class'))
                                ORDER BY indexrelid::regclass::text)
                  FROM pg_index WHERE indrelid = $1::regclass),
    'triggers', (SELECT json_agg(pg_get_triggerdef(oid) ORDER BY tgname) FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal)
  ) AS catalog`;

async function catalogOf(pool: Pool, table: string): Promise<unknown> {
  return (await pool.query(CATALOG, [table])).rows[0].catalog;
}

async function rebuildTables(pool: Pool): Promise<string[]> {
  const { rows: found } = await pool.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname LIKE '%rebuild%' ORDER BY 1");
  return found.map((r) => r.relname);
}

/** Waits until `sql` (a query returning one boolean `ok`) is true. */
async function until(pool: Pool, sql: string, params: unknown[] = []): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await pool.query<{ ok: boolean }>(sql, params)).rows[0]?.ok) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for: ${sql}`);
}

const MERGE_HOLDS_PRODUCTS = `
  SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'products'::regclass AND mode = 'ExclusiveLock' AND granted) AS ok`;
const SWAP_WAITS = `
  SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'products'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted) AS ok`;

test('the swapped-in tables are indistinguishable from the ones they replace, whatever an operator added to them', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  await pool.query(`DO $$ BEGIN CREATE ROLE lfp_test_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
  await pool.query(`
    GRANT SELECT ON products, product_aggregates TO lfp_test_reader;
    COMMENT ON TABLE products IS 'the catalogue';
    COMMENT ON COLUMN products.name IS 'as the supplier writes it';
    COMMENT ON INDEX products_name_search_idx IS 'name search';
    COMMENT ON CONSTRAINT products_pkey ON products IS 'one row per SKU';
    ALTER TABLE products ALTER COLUMN description SET STATISTICS 50;
    ALTER TABLE products ALTER COLUMN name SET (n_distinct = -0.5);
    ALTER TABLE product_aggregates SET (autovacuum_vacuum_scale_factor = 0.05);
    CREATE INDEX products_operator_idx ON products (updated_at) WHERE last_import_id IS NULL;`);
  const before = { products: await catalogOf(pool, 'products'), aggregates: await catalogOf(pool, 'product_aggregates') };

  const imp = await ingestBuffer(pool, file(rows('cat', 300, (i) => `Brand ${i % 7}`)), { strategy: 'rebuild' });
  assert.equal(imp.status, 'succeeded', imp.error ?? '');
  assert.equal(imp.mergeStrategy, 'rebuild');
  assert.deepEqual({ products: await catalogOf(pool, 'products'), aggregates: await catalogOf(pool, 'product_aggregates') }, before);
  assert.deepEqual(await rebuildTables(pool), [], 'no table of the rebuild is left');
  const { rows: stats } = await pool.query("SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'products'");
  assert.ok(stats[0].n >= 6, 'the new table is analyzed');
  assert.deepEqual(await aggregateDrift(pool), []);
  await t.app.db.pool.query('DROP OWNED BY lfp_test_reader');
}));

test('rebuild and upsert end in the same tables and the same counts, import after import, and both revert', async () => {
  const [upsert, rebuild] = [await createTestDatabase(), await createTestDatabase()];
  try {
    const steps = [
      file(rows('same', 400, (i) => `Brand ${i % 9}`), rows('same', 30, (i) => `Again ${i}`)), // repeated SKUs: last row wins
      file(rows('same', 200, (i) => `Brand ${i % 9}`), rows('same', 150, (i) => `New ${i % 3}`, 400)), // half unchanged
      file(rows('same', 100, (i) => `Renamed ${i % 2}`, 50), 'x,,bad row\n'), // a rejected row
    ];
    const results: Record<string, unknown[]> = { upsert: [], rebuild: [] };
    for (const [strategy, db] of [['upsert', upsert], ['rebuild', rebuild]] as const) {
      for (const content of steps) {
        const imp = await ingestBuffer(db.pool, content, { strategy, chunkBytes: 2048 });
        assert.equal(imp.status, 'succeeded', imp.error ?? '');
        assert.equal(imp.mergeStrategy, strategy);
        results[strategy]!.push([imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsSuperseded, imp.rowsRejected]);
      }
      assert.deepEqual(await aggregateDrift(db.pool), [], strategy);
    }
    assert.deepEqual(results.rebuild, results.upsert, 'the same counts');
    const table = async (pool: Pool) => (await pool.query(`
      SELECT sku, name, description, last_import_id, created_at = updated_at AS never_changed,
             updated_at = (SELECT applied_at FROM imports WHERE id = last_import_id) AS written_by_its_import
        FROM products ORDER BY sku`)).rows;
    assert.deepEqual(await table(rebuild.pool), await table(upsert.pool));
    const undo = async (pool: Pool) => (await pool.query(`
      SELECT import_id, sku, existed, name, description, last_import_id FROM import_undo ORDER BY import_id, sku`)).rows;
    assert.deepEqual(await undo(rebuild.pool), await undo(upsert.pool), 'the same undo data');
  } finally {
    await upsert.drop();
    await rebuild.drop();
  }
});

test('a write that arrives during a rebuild merge waits and then lands on the new table; readers are not blocked', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const first = await ingestBuffer(pool, file(rows('w', 200, (i) => `Brand ${i % 5}`)), { strategy: 'upsert' });
  assert.equal(first.status, 'succeeded');
  // A reader that stays in its transaction holds the swap back, so that the write surely arrives during the merge.
  const reader = await pool.connect();
  try {
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM products');
    const merging = ingestBuffer(pool, file(rows('w', 200, (i) => `Other ${i % 3}`)), { strategy: 'rebuild' });
    await until(pool, MERGE_HOLDS_PRODUCTS);
    const started = Date.now();
    const { rows: read } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    assert.equal(read[0]!.n, 200, 'a reader reads the old table meanwhile');
    assert.ok(Date.now() - started < 2000, 'without waiting for the merge');
    const patched = patchProduct(pool, 'w-7', { name: 'Patched meanwhile' });
    await until(pool, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = 'products'::regclass AND mode = 'RowExclusiveLock' AND NOT granted) AS ok`);
    await until(pool, SWAP_WAITS);
    await reader.query('COMMIT');
    const imp = await merging;
    assert.equal(imp.status, 'succeeded', imp.error ?? '');
    assert.equal(imp.mergeStrategy, 'rebuild');
    assert.equal((await patched)?.name, 'Patched meanwhile');
  } finally {
    reader.release();
  }
  const product = await getProduct(pool, 'w-7');
  assert.equal(product?.name, 'Patched meanwhile', 'the write was applied after the merge, to the new table');
  assert.equal(product?.lastImportId, null);
  assert.equal((await getProduct(pool, 'w-8'))?.name, 'Other 2');
  assert.deepEqual(await aggregateDrift(pool), []);
}));

test('a rebuild merge that dies half-way leaves the old tables as they were and nothing behind; the import can run again', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const first = await ingestBuffer(pool, file(rows('k', 100, (i) => `Kept ${i % 4}`)), { strategy: 'upsert' });
  assert.equal(first.status, 'succeeded');
  const before = (await pool.query('SELECT * FROM products ORDER BY sku')).rows;
  const reader = await pool.connect();
  try {
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM products');
    const merging = ingestBuffer(pool, file(rows('k', 100, (i) => `Lost ${i % 4}`)), { strategy: 'rebuild' });
    await until(pool, SWAP_WAITS);
    // The merge's connection dies as a killed worker's would.
    await pool.query(`
      SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE relation = 'products'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`);
    const imp = await merging;
    assert.equal(imp.status, 'failed');
    await reader.query('COMMIT');
  } finally {
    reader.release();
  }
  assert.deepEqual((await pool.query('SELECT * FROM products ORDER BY sku')).rows, before);
  assert.deepEqual(await rebuildTables(pool), []);
  assert.deepEqual(await aggregateDrift(pool), []);
  const again = await ingestBuffer(pool, file(rows('k', 100, (i) => `Lost ${i % 4}`)), { strategy: 'rebuild' });
  assert.equal(again.status, 'succeeded', again.error ?? '');
  assert.equal((await getProduct(pool, 'k-1'))?.name, 'Lost 1');
  const reverted = await revertImport(t.app, again.id, false);
  assert.equal(reverted.import.status, 'reverted');
  assert.deepEqual((await pool.query('SELECT * FROM products ORDER BY sku')).rows, before, 'a rebuild merge reverts like any other');
}));

test('auto rebuilds a large share of the table, upserts a small one, and upserts when the tables cannot be swapped', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const big = await ingestBuffer(pool, file(rows('a', 60_000, (i) => `Brand ${i % 50}`)), { chunkBytes: 1 << 20 });
  assert.equal(big.status, 'succeeded', big.error ?? '');
  assert.equal(big.mergeStrategy, 'rebuild', 'a large import into an empty table');
  const again = await ingestBuffer(pool, file(rows('a', 60_000, (i) => `Brand ${i % 50}`)), { chunkBytes: 1 << 20 });
  assert.equal(again.mergeStrategy, 'upsert', 'the same file again writes nothing: no table to rewrite');
  assert.equal(again.rowsUnchanged, 60_000);
  const small = await ingestBuffer(pool, file(rows('a', 100, (i) => `Small ${i}`)));
  assert.equal(small.mergeStrategy, 'upsert', 'a small share of the table');
  await pool.query('CREATE VIEW product_names AS SELECT DISTINCT name FROM products');
  const viewed = await ingestBuffer(pool, file(rows('b', 60_000, (i) => `Brand ${i % 50}`)), { chunkBytes: 1 << 20 });
  assert.equal(viewed.mergeStrategy, 'upsert', 'a view on products cannot be carried over by a swap');
  const forced = await ingestBuffer(pool, file(rows('c', 10, (i) => `Forced ${i}`)), { strategy: 'rebuild' });
  assert.equal(forced.status, 'failed');
  assert.match(forced.error ?? '', /LFP_MERGE_STRATEGY=rebuild cannot rebuild products: it has a view reading it/);
  const shown = await getImport(pool, big.id);
  assert.equal(shown?.mergeStrategy, 'rebuild');
  assert.deepEqual(await aggregateDrift(pool), []);
}));
