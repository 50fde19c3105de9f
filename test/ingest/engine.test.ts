import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateCsv } from '../../src/generate/generator.js';
import { aggregateDrift, createTestDatabase, snapshot, type TestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

// Each test works on its own SKU prefix so that the tests of this file can share one database.
async function product(sku: string) {
  const { rows } = await db.pool.query('SELECT sku, name, description, last_import_id FROM products WHERE sku = $1', [sku]);
  return rows[0];
}

async function errors(importId: number) {
  const { rows } = await db.pool.query('SELECT line, reason FROM import_errors WHERE import_id = $1 ORDER BY line', [importId]);
  return rows.map((r) => [Number(r.line), r.reason]);
}

test('last row of a SKU wins within a file; counts say what happened', async () => {
  const imp = await ingestBuffer(db.pool, 'name,sku,description\nA,lw-1,first\nB,lw-2,x\nC,lw-1,second\n');
  assert.equal(imp.status, 'succeeded');
  assert.deepEqual(
    [imp.rowsRead, imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsSuperseded, imp.rowsRejected],
    [3, 2, 0, 0, 1, 0],
  );
  assert.deepEqual(await product('lw-1'), { sku: 'lw-1', name: 'C', description: 'second', last_import_id: imp.id });
});

test('re-ingesting the same file changes nothing and reports rows unchanged or superseded', async () => {
  const file = 'name,sku,description\nA,re-1,a\nB,re-2,b\nA2,re-1,a2\n';
  const first = await ingestBuffer(db.pool, file);
  const before = await snapshot(db.pool);
  const again = await ingestBuffer(db.pool, file);
  assert.deepEqual([again.rowsInserted, again.rowsUpdated, again.rowsUnchanged, again.rowsSuperseded], [0, 0, 2, 1]);
  assert.deepEqual(await snapshot(db.pool), before);
  assert.equal((await product('re-1')).last_import_id, first.id);
});

test('a later import updates changed rows only', async () => {
  await ingestBuffer(db.pool, 'name,sku,description\nA,up-1,a\nB,up-2,b\n');
  const later = await ingestBuffer(db.pool, 'name,sku,description\nA,up-1,a\nB,up-2,changed\nC,up-3,c\n');
  assert.deepEqual([later.rowsInserted, later.rowsUpdated, later.rowsUnchanged], [1, 1, 1]);
  assert.equal((await product('up-2')).description, 'changed');
});

test('CRLF, a BOM, quoted newlines across read and chunk boundaries', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => `"Name ${i}",crlf-${i},"line one\r\nline ""two"", ${i}"`);
  const file = `\uFEFFname,sku,description\r\n${rows.join('\r\n')}\r\n`;
  const imp = await ingestBuffer(db.pool, file, { chunkBytes: 1000, readBytes: 7 });
  assert.equal(imp.status, 'succeeded');
  assert.equal(imp.rowsInserted, 300);
  assert.ok((imp.chunksTotal ?? 0) > 10, `${imp.chunksTotal} chunks`);
  assert.deepEqual(await product('crlf-299'), {
    sku: 'crlf-299', name: 'Name 299', description: 'line one\r\nline "two", 299', last_import_id: imp.id,
  });
});

test('gzip input is detected and decompressed; size and sha256 are those of the file received', async () => {
  const gz = gzipSync('name,sku,description\nG,gz-1,zipped\n');
  const imp = await ingestBuffer(db.pool, gz, { name: 'products.csv.gz' });
  assert.equal(imp.status, 'succeeded');
  assert.equal((await product('gz-1')).description, 'zipped');
  assert.equal(imp.sourceBytes, gz.length);
  assert.match(imp.sha256 ?? '', /^[0-9a-f]{64}$/);
});

test('columns in any order and case; unknown columns ignored and reported; missing ones empty', async () => {
  const imp = await ingestBuffer(db.pool, 'Price,SKU,Name\n9.99,col-1,Widget\n');
  assert.equal(imp.status, 'succeeded');
  assert.deepEqual(imp.ignoredColumns, ['Price']);
  assert.deepEqual(imp.columns, ['Price', 'SKU', 'Name']);
  assert.deepEqual(await product('col-1'), { sku: 'col-1', name: 'Widget', description: '', last_import_id: imp.id });
});

test('a missing sku column fails the import before any row is written', async () => {
  const before = await snapshot(db.pool);
  const imp = await ingestBuffer(db.pool, 'name,description\nA,b\n');
  assert.equal(imp.status, 'failed');
  assert.match(imp.error ?? '', /no "sku" column/);
  assert.equal(imp.rowsRead, 0);
  assert.deepEqual(await snapshot(db.pool), before);
});

test('every rejected row is recorded with its line and reason; the rest is applied', async () => {
  const file = [
    'name,sku,description', // 1
    'Ok,rj-1,fine', // 2
    'Empty,,x', // 3
    '"Two', // 4
    'lines",,x', // 5 (part of the record of line 4)
    'Extra,rj-2,x,y', // 6
    `Long,${'s'.repeat(121)},x`, // 7
    'Nul\0,rj-3,x', // 8
    '"Junk" after,rj-4,x', // 9
    'Ok,rj-5,fine', // 10
  ].join('\n');
  const bad = Buffer.concat([Buffer.from(`${file}\nBad,`), Buffer.from([0xff]), Buffer.from(',x\n')]); // line 11
  const imp = await ingestBuffer(db.pool, bad);
  assert.equal(imp.status, 'succeeded');
  assert.deepEqual([imp.rowsRead, imp.rowsRejected, imp.rowsInserted], [9, 7, 2]);
  assert.deepEqual(await errors(imp.id), [
    [3, 'sku is empty'],
    [4, 'sku is empty'],
    [6, 'has 4 fields, expected 3'],
    [7, 'sku is longer than 120 characters'],
    [8, 'contains a NUL byte'],
    [9, 'name has text after its closing quote'],
    [11, 'is not valid UTF-8'],
  ]);
});

test('a file broken beyond a row fails its import and leaves the tables byte-identical', async () => {
  await ingestBuffer(db.pool, 'name,sku,description\nKeep,at-1,kept\n');
  const before = await snapshot(db.pool);
  const rows = Array.from({ length: 2000 }, (_, i) => `N,at-${i},"d ${i}"`).join('\n');
  const broken = `name,sku,description\n${rows}\nLast,at-x,"never closed\n`;
  const imp = await ingestBuffer(db.pool, broken, { chunkBytes: 4096 });
  assert.equal(imp.status, 'failed');
  assert.match(imp.error ?? '', /quoted field opened at line 2002 is never closed/);
  assert.ok(imp.chunksDone > 3, 'chunks had been loaded before the failure');
  assert.deepEqual(await snapshot(db.pool), before);
  const staging = await db.pool.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'lfp_staging'");
  assert.equal(staging.rows[0].n, 0, 'staging is dropped');
});

test('an empty file fails with a clear error', async () => {
  const imp = await ingestBuffer(db.pool, '');
  assert.equal(imp.status, 'failed');
  assert.match(imp.error ?? '', /the file is empty/);
});

test('many small chunks in parallel give the same result as one chunk; aggregates stay exact', async () => {
  const csv = [...generateCsv({ rows: 3000, seed: 42, duplicateRatio: 0.2 })].join('');
  const one = await createTestDatabase();
  try {
    const a = await ingestBuffer(one.pool, csv, { chunkBytes: 1 << 24, concurrency: 1 });
    const many = await createTestDatabase();
    try {
      const b = await ingestBuffer(many.pool, csv, { chunkBytes: 8192, concurrency: 4, readBytes: 1000 });
      assert.ok((b.chunksTotal ?? 0) > 20);
      const strip = (s: { products: unknown[] }) => s.products.map((p) => ({ ...(p as object), created_at: 0, updated_at: 0 }));
      assert.deepEqual(strip(await snapshot(many.pool)), strip(await snapshot(one.pool)));
      assert.deepEqual([b.rowsInserted, b.rowsSuperseded], [a.rowsInserted, a.rowsSuperseded]);
      assert.deepEqual(await aggregateDrift(many.pool), []);
    } finally {
      await many.drop();
    }
  } finally {
    await one.drop();
  }
});
