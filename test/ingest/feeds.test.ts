import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pool } from '../../src/db/pool.js';
import type { MergeSettings } from '../../src/ingest/merge.js';
import { DEFAULT_OPTIONS, type ImportOptions } from '../../src/imports/options.js';
import { revertImport } from '../../src/imports/revert.js';
import { listNameChanges } from '../../src/ingest/preview.js';
import { withTestApp } from '../support/app.js';
import { aggregateDrift, contents, exactTables } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';

/** Sync mode and onConflict=skip on both merge strategies (src/ingest/merge.ts, products/store.ts, products/rebuild.ts). */

const STRATEGIES = ['upsert', 'rebuild'] as const satisfies MergeSettings['strategy'][];
const sku = (i: number) => `s-${String(i).padStart(2, '0')}`;
const rows = (from: number, to: number, name: (i: number) => string, description = (i: number) => `description ${i}`) =>
  Array.from({ length: to - from }, (_, k) => `${name(from + k)},${sku(from + k)},${description(from + k)}\n`).join('');
const file = (...parts: string[]) => `name,sku,description\n${parts.join('')}`;
const options = (fields: Partial<ImportOptions>): ImportOptions => ({ ...DEFAULT_OPTIONS, ...fields });

async function skus(pool: Pool): Promise<string[]> {
  return (await pool.query<{ sku: string }>('SELECT sku FROM products ORDER BY sku')).rows.map((r) => r.sku);
}

/** 20 products s-00..s-19, named by i % 3. */
async function seed(pool: Pool) {
  const seeded = await ingestBuffer(pool, file(rows(0, 20, (i) => `Name ${i % 3}`)), { strategy: 'upsert' });
  assert.equal(seeded.status, 'succeeded');
}

for (const strategy of STRATEGIES) {
  test(`sync (${strategy}): products the file does not list are deleted, counted, aggregates exact; a rejected row with a readable SKU keeps its product; a revert restores them byte for byte`, () => withTestApp(async (t) => {
    const { pool } = t.app.db;
    await seed(pool);
    const before = await exactTables(pool);
    // s-00..s-16 listed (s-00..s-04 renamed), s-20 new, s-17's row is broken (2 fields) but its SKU can be read,
    // s-18 and s-19 unlisted: 2 of 20 deleted, exactly the default guard's 10%.
    const content = file(rows(0, 5, () => 'Renamed'), rows(5, 17, (i) => `Name ${i % 3}`), 'Broken,s-17\n', rows(20, 21, () => 'New'));
    const imp = await ingestBuffer(pool, content, { strategy, import: options({ sync: true }) });
    assert.equal(imp.status, 'succeeded', imp.error ?? '');
    assert.equal(imp.mergeStrategy, strategy);
    assert.deepEqual(
      [imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsDeleted, imp.rowsSkipped, imp.rowsRejected],
      [1, 5, 12, 2, 0, 1],
    );
    assert.deepEqual(await skus(pool), [...Array.from({ length: 18 }, (_, i) => sku(i)), sku(20)]);
    assert.deepEqual(await aggregateDrift(pool), [], 'aggregates exact');
    const kept = before.products.find((p) => (p as { sku: string }).sku === 's-17');
    assert.deepEqual((await exactTables(pool)).products.find((p) => (p as { sku: string }).sku === 's-17'), kept, 'the rejected row\'s product is untouched');

    const reverted = await revertImport(t.app, imp.id, false);
    assert.deepEqual(reverted.import.revert && [reverted.import.revert.restored, reverted.import.revert.removed, reverted.import.revert.kept], [7, 1, 0]);
    assert.deepEqual(await exactTables(pool), before, 'deleted products back byte for byte, the rest as before');
    assert.deepEqual(await aggregateDrift(pool), []);
  }));

  test(`sync (${strategy}): the same file again deletes nothing; a product added since is the one it deletes`, () => withTestApp(async (t) => {
    const { pool } = t.app.db;
    await seed(pool);
    const content = file(rows(0, 20, (i) => `Name ${i % 3}`), rows(3, 5, () => 'Superseded'));
    const again = await ingestBuffer(pool, content, { strategy, import: options({ sync: true }) });
    assert.equal(again.status, 'succeeded', again.error ?? '');
    assert.deepEqual([again.rowsDeleted, again.rowsInserted, again.rowsUpdated], [0, 0, 2]);
    const before = await exactTables(pool);
    await t.app.db.pool.query(`INSERT INTO products (sku, name, description) VALUES ('added', 'Name 0', 'by hand')`);
    const after = await ingestBuffer(pool, content, { strategy, import: options({ sync: true }) });
    assert.equal(after.rowsDeleted, 1);
    assert.deepEqual(await exactTables(pool), before);
    assert.deepEqual(await aggregateDrift(pool), []);
  }));

  test(`sync (${strategy}): past maxDeletePercent the import fails naming the numbers and the tables are byte-identical; a higher limit lets it through`, () => withTestApp(async (t) => {
    const { pool } = t.app.db;
    await seed(pool);
    const before = await exactTables(pool);
    const content = file(rows(0, 10, () => 'Renamed'), rows(30, 35, () => 'New'));
    const refused = await ingestBuffer(pool, content, { strategy, import: options({ sync: true }) });
    assert.equal(refused.status, 'failed');
    assert.match(refused.error ?? '', /^sync would delete 10 of the 20 products \(50%\), more than maxDeletePercent=10: nothing was changed/);
    assert.deepEqual(await exactTables(pool), before, 'nothing changed');
    assert.equal((await pool.query('SELECT count(*)::int AS n FROM import_undo WHERE import_id = $1', [refused.id])).rows[0].n, 0, 'no undo data left behind');

    const allowed = await ingestBuffer(pool, content, { strategy, import: options({ sync: true, maxDeletePercent: 50 }) });
    assert.equal(allowed.status, 'succeeded', allowed.error ?? '');
    assert.equal(allowed.rowsDeleted, 10);
    assert.deepEqual(await skus(pool), [...Array.from({ length: 10 }, (_, i) => sku(i)), ...Array.from({ length: 5 }, (_, i) => sku(30 + i))]);
    assert.deepEqual(await aggregateDrift(pool), []);
  }));

  test(`onConflict=skip (${strategy}): new SKUs are inserted, every existing row stays byte-identical, counted as skipped`, () => withTestApp(async (t) => {
    const { pool } = t.app.db;
    await seed(pool);
    const before = await exactTables(pool);
    const content = file(rows(0, 5, () => 'Renamed', () => 'changed'), rows(5, 8, (i) => `Name ${i % 3}`), rows(40, 43, () => 'New'));
    const imp = await ingestBuffer(pool, content, { strategy, import: options({ onConflict: 'skip' }) });
    assert.equal(imp.status, 'succeeded', imp.error ?? '');
    assert.deepEqual([imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsSkipped, imp.rowsDeleted], [3, 0, 0, 8, 0]);
    const after = await exactTables(pool);
    const existing = after.products.filter((p) => !(p as { sku: string }).sku.startsWith('s-4'));
    assert.deepEqual(existing, before.products, 'existing products byte-identical');
    assert.deepEqual(after.products.filter((p) => (p as { sku: string }).sku.startsWith('s-4')).map((p) => (p as { name: string }).name), ['New', 'New', 'New']);
    assert.deepEqual(await aggregateDrift(pool), []);
  }));
}

test('both strategies end in the same tables and counts for sync with skip', async () => {
  const outcomes: { counts: number[]; tables: unknown }[] = [];
  for (const strategy of STRATEGIES) {
    await withTestApp(async (t) => {
      const { pool } = t.app.db;
      await seed(pool);
      const content = file(rows(0, 5, () => 'Renamed'), rows(6, 18, (i) => `Name ${i % 3}`), 'Broken,s-19,x,y\n', rows(50, 52, () => 'New'));
      const imp = await ingestBuffer(pool, content, { strategy, import: options({ sync: true, onConflict: 'skip' }) });
      assert.equal(imp.status, 'succeeded', imp.error ?? '');
      outcomes.push({ counts: [imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsSkipped, imp.rowsDeleted], tables: await contents(pool) });
      assert.deepEqual(await aggregateDrift(pool), []);
    });
  }
  assert.deepEqual(outcomes[0]!.counts, [2, 0, 0, 17, 2]);
  assert.deepEqual(outcomes[1], outcomes[0]);
});

test('a dry run reports what sync would delete and skip would skip, name changes included, and changes nothing', () => withTestApp(async (t) => {
  const { pool } = t.app.db;
  await seed(pool);
  const before = await exactTables(pool);
  const content = file(rows(0, 5, () => 'Renamed'), rows(5, 18, (i) => `Name ${i % 3}`), rows(60, 61, () => 'New'));
  const dry = await ingestBuffer(pool, content, { import: options({ dryRun: true, sync: true, onConflict: 'skip' }) });
  assert.equal(dry.status, 'succeeded', dry.error ?? '');
  assert.deepEqual([dry.rowsInserted, dry.rowsUpdated, dry.rowsSkipped, dry.rowsDeleted], [1, 0, 18, 2]);
  // s-18 (Name 0) and s-19 (Name 1) would go; skip leaves the renames out; s-60 adds a New.
  assert.deepEqual(await listNameChanges(pool, dry.id, undefined, 10), [
    { name: 'Name 0', countBefore: 7, countAfter: 6 },
    { name: 'Name 1', countBefore: 7, countAfter: 6 },
    { name: 'New', countBefore: 0, countAfter: 1 },
  ]);
  assert.deepEqual(await exactTables(pool), before);
  const guarded = await ingestBuffer(pool, file(rows(0, 2, () => 'x')), { import: options({ dryRun: true, sync: true }) });
  assert.equal(guarded.status, 'failed');
  assert.match(guarded.error ?? '', /sync would delete 18 of the 20 products/);
}));
