import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ConflictError, NotFoundError, RevertConflictError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/engine.js';
import { DEFAULT_OPTIONS } from '../../src/imports/options.js';
import { presentImport } from '../../src/imports/present.js';
import { LISTED_SKUS, revertImport } from '../../src/imports/revert.js';
import { createProduct, deleteProduct, getProduct, patchProduct } from '../../src/products/store.js';
import { withTestApp, type TestApp } from '../support/app.js';
import { aggregateDrift, contents, snapshot } from '../support/db.js';
import { ingestBuffer, quietLog } from '../support/ingest.js';

/** revertImport of src/imports/revert.ts on a real app, without HTTP; imports run in process (ingest/engine.ts). */

const rows = (prefix: string, n: number, name: (i: number) => string, from = 0) =>
  Array.from({ length: n }, (_, k) => `${name(from + k)},${prefix}-${from + k},description ${from + k}\n`).join('');
const file = (...parts: string[]) => `name,sku,description\n${parts.join('')}`;

/** Ingests `content` in process and checks that it succeeded. */
async function imported(t: TestApp, content: string, options = DEFAULT_OPTIONS) {
  const imp = await ingestBuffer(t.app.db.pool, content, { import: options, chunkBytes: 512 });
  assert.equal(imp.status, 'succeeded', imp.error ?? '');
  return imp;
}

async function undoRows(t: TestApp, importId: number): Promise<number> {
  const { rows: found } = await t.app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM import_undo WHERE import_id = $1', [importId]);
  return found[0]!.n;
}

function refusedWith(conflicts: string[], count = conflicts.length) {
  return (error: unknown) => {
    assert.ok(error instanceof RevertConflictError, `a RevertConflictError, not ${String(error)}`);
    assert.deepEqual(error.details, { conflicts, conflictCount: count });
    assert.equal(error.status, 409);
    return true;
  };
}

function conflict(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ConflictError, `a ConflictError, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

test('a revert restores the products the import changed and removes the ones it created, exactly', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  await imported(t, file(rows('rv', 40, (i) => `Brand ${i % 4}`)));
  await createProduct(pool, 'rv-api', { name: 'Made by hand', description: 'by the API' });
  await createProduct(pool, 'rv-other', { name: 'Brand 1', description: 'not in the file' });
  const before = await snapshot(pool);

  // Renames 0-19, leaves 20-29 as they are, adds 20 (under new and existing names), rewrites the API's product;
  // rv-new-3 twice: its last row wins.
  const imp = await imported(t, file(
    rows('rv', 20, () => 'Renamed'),
    rows('rv', 10, (i) => `Brand ${i % 4}`, 20),
    rows('rv-new', 20, (i) => (i % 2 ? 'Brand 1' : 'Fresh')),
    'Twice,rv-new-3,again\n',
    'Imported,rv-api,by the import\n',
  ));
  assert.deepEqual(
    [imp.rowsInserted, imp.rowsUpdated, imp.rowsUnchanged, imp.rowsSuperseded],
    [20, 21, 10, 1],
  );
  assert.equal(presentImport(imp, new Date()).revertible, true);
  assert.equal(await undoRows(t, imp.id), 41, 'what it created or changed, not what it left as it was');
  assert.notDeepEqual(await snapshot(pool), before);

  const { import: reverted, kept } = await revertImport(t.app, imp.id, false);
  assert.deepEqual(kept, []);
  assert.equal(reverted.status, 'reverted');
  assert.ok(reverted.revert);
  assert.deepEqual([reverted.revert.restored, reverted.revert.removed, reverted.revert.kept], [21, 20, 0]);
  assert.ok(reverted.revert.revertedAt instanceof Date);
  assert.deepEqual(await snapshot(pool), before, 'every column of every product, and the aggregates, as before the import');
  assert.deepEqual(await aggregateDrift(pool), []);
  assert.equal((await getProduct(pool, 'rv-api'))!.lastImportId, null, 'the API product is again one written by a person');
  assert.equal(await undoRows(t, imp.id), 0, 'the undo data goes with the revert');
  const view = presentImport(reverted, new Date());
  assert.equal(view.revertible, false);
  assert.deepEqual(view.revert && [view.revert.restored, view.revert.removed, view.revert.kept], [21, 20, 0]);
  assert.deepEqual(
    [view.counts.rowsInserted, view.counts.rowsUpdated],
    [20, 21],
    'the import still says what it did',
  );
}));

test('imports reverted latest first take the tables back to empty, aggregates exact at every step', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const empty = await snapshot(pool);
  const a = await imported(t, file(rows('ab', 30, (i) => `A ${i % 5}`)));
  const afterA = await snapshot(pool);
  const b = await imported(t, file(rows('ab', 10, () => 'B', 10), rows('b-only', 5, () => 'A 1')));
  assert.deepEqual([b.rowsInserted, b.rowsUpdated], [5, 10]);

  // A's products 10-19 were written since, by B.
  const expected = Array.from({ length: 10 }, (_, i) => `ab-${10 + i}`).sort();
  await assert.rejects(revertImport(t.app, a.id, false), refusedWith(expected));

  await revertImport(t.app, b.id, false);
  assert.deepEqual(await snapshot(pool), afterA);
  assert.deepEqual(await aggregateDrift(pool), []);
  const { import: revertedA } = await revertImport(t.app, a.id, false);
  assert.deepEqual([revertedA.revert!.restored, revertedA.revert!.removed, revertedA.revert!.kept], [0, 30, 0]);
  assert.deepEqual(await snapshot(pool), empty);
  assert.deepEqual(await aggregateDrift(pool), []);
}));

test('a revert refuses when products were written since, listing them, and changes nothing; force keeps those', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  await imported(t, file(rows('cf', 10, () => 'Before')));
  const before = await contents(pool);
  const imp = await imported(t, file(rows('cf', 10, () => 'After'), rows('cf-new', 5, () => 'After')));
  // Written since: a product it changed and one it created, both edited; one it created, deleted.
  await patchProduct(pool, 'cf-3', { name: 'Edited' });
  await patchProduct(pool, 'cf-new-2', { description: 'edited description' });
  assert.ok(await deleteProduct(pool, 'cf-new-4'));
  const written = await snapshot(pool);

  const conflicts = ['cf-3', 'cf-new-2', 'cf-new-4'];
  await assert.rejects(revertImport(t.app, imp.id, false), (error) => {
    refusedWith(conflicts)(error);
    assert.equal(
      (error as Error).message,
      `import ${imp.id} was not reverted: 3 of its products were written since (cf-3, cf-new-2, cf-new-4); ` +
        'revert with force to revert the others and keep those',
    );
    return true;
  });
  assert.deepEqual(await snapshot(pool), written, 'nothing was reverted');
  const still = await t.app.db.pool.query('SELECT status FROM imports WHERE id = $1', [imp.id]);
  assert.equal(still.rows[0].status, 'succeeded');
  assert.equal(await undoRows(t, imp.id), 15, 'the undo data stays for another try');

  const forced = await revertImport(t.app, imp.id, true);
  assert.deepEqual(forced.kept, conflicts);
  assert.equal(forced.import.status, 'reverted');
  assert.deepEqual([forced.import.revert!.restored, forced.import.revert!.removed, forced.import.revert!.kept], [9, 3, 3]);
  const expected = [
    ...before.products.map((p) => ((p as { sku: string }).sku === 'cf-3' ? { ...(p as object), name: 'Edited' } : p)),
    { sku: 'cf-new-2', name: 'After', description: 'edited description' },
  ].sort((x, y) => ((x as { sku: string }).sku < (y as { sku: string }).sku ? -1 : 1));
  assert.deepEqual((await contents(pool)).products, expected, 'the edited products as edited, the others as before the import');
  assert.deepEqual(await aggregateDrift(pool), []);
  assert.equal((await getProduct(pool, 'cf-3'))!.lastImportId, null);
}));

test('a refusal lists the first LISTED_SKUS conflicting SKUs and counts them all; the message shows five', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const n = LISTED_SKUS + 1;
  const imp = await imported(t, file(rows('many', n + 10, () => 'Many')));
  const skus = Array.from({ length: n }, (_, i) => `many-${i}`);
  for (let i = 0; i < skus.length; i += 50) {
    await Promise.all(skus.slice(i, i + 50).map((sku) => patchProduct(pool, sku, { description: 'edited' })));
  }
  const sorted = [...skus].sort();
  await assert.rejects(revertImport(t.app, imp.id, false), (error) => {
    refusedWith(sorted.slice(0, LISTED_SKUS), n)(error);
    assert.match((error as Error).message, new RegExp(`: ${n} of its products were written since \\(${sorted.slice(0, 5).join(', ')}, \\.\\.\\.\\); `));
    return true;
  });
  const forced = await revertImport(t.app, imp.id, true);
  assert.equal(forced.kept.length, LISTED_SKUS);
  assert.deepEqual([forced.import.revert!.restored, forced.import.revert!.removed, forced.import.revert!.kept], [0, 10, n]);
  const left = await pool.query(`SELECT count(*)::int AS n FROM products WHERE description = 'edited'`);
  assert.equal(left.rows[0].n, n);
  assert.deepEqual(await aggregateDrift(pool), []);
}));

test('a dry run, an import already reverted and one never applied are ConflictErrors; an unknown one is NotFoundError', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  const dry = await imported(t, file(rows('dr', 5, () => 'Dry')), { ...DEFAULT_OPTIONS, dryRun: true });
  await assert.rejects(revertImport(t.app, dry.id, false), conflict(new RegExp(`^import ${dry.id} is a dry run: it changed nothing to revert$`)));
  await assert.rejects(revertImport(t.app, dry.id, true), conflict(/is a dry run/), 'force does not matter');

  const applied = await imported(t, file(rows('ar', 5, () => 'Applied')));
  await revertImport(t.app, applied.id, false);
  const afterRevert = await snapshot(pool);
  await assert.rejects(revertImport(t.app, applied.id, false), conflict(new RegExp(`^import ${applied.id} was already reverted$`)));
  await assert.rejects(revertImport(t.app, applied.id, true), conflict(/was already reverted/));
  assert.deepEqual(await snapshot(pool), afterRevert);

  const failed = await ingestBuffer(pool, file(rows('fl', 5, () => 'Failed'), 'Bad,,no sku\n'), { import: { ...DEFAULT_OPTIONS, mode: 'strict' } });
  assert.equal(failed.status, 'failed');
  await assert.rejects(revertImport(t.app, failed.id, true),
    conflict(new RegExp(`^import ${failed.id} is failed: only a succeeded import can be reverted$`)));

  // Applied with no undo data kept (LFP_UNDO_RETENTION_DAYS=0).
  const unkept = await ingest(pool, Readable.from([Buffer.from(file(rows('nk', 5, () => 'Unkept')))]), {
    sourceName: 'unkept.csv', sourceBytes: null, chunkBytes: 1 << 20, concurrency: 1, merge: { workMem: '64MB', undoRetentionDays: 0, strategy: 'auto' }, log: quietLog,
  });
  assert.equal(unkept.status, 'succeeded');
  assert.equal(presentImport(unkept, new Date()).revertible, false);
  await assert.rejects(revertImport(t.app, unkept.id, false), conflict(/cannot be reverted: it was applied with LFP_UNDO_RETENTION_DAYS=0/));

  await assert.rejects(revertImport(t.app, 999_999, false), (e) => e instanceof NotFoundError && /^there is no import 999999$/.test(e.message));
  assert.deepEqual(await aggregateDrift(pool), []);
}));

test('the SKUs an import creates are kept 10,000 to a row, by either merge strategy, and a revert removes every one', () => withTestApp(async (t) => {
  const pool = t.app.db.pool;
  for (const strategy of ['upsert', 'rebuild'] as const) {
    const imp = await ingestBuffer(pool, file(rows(`pk-${strategy}`, 25_000, (i) => `Brand ${i % 7}`)), { strategy, chunkBytes: 1 << 20 });
    assert.equal(imp.status, 'succeeded', imp.error ?? '');
    assert.equal(imp.mergeStrategy, strategy);
    const packs = await pool.query<{ n: number }>('SELECT cardinality(skus) AS n FROM import_undo_created WHERE import_id = $1 ORDER BY n DESC', [imp.id]);
    assert.deepEqual(packs.rows.map((r) => r.n), [10_000, 10_000, 5_000]);
    assert.equal(await undoRows(t, imp.id), 25_000, 'one undo entry per created product, through the view');
    await revertImport(t.app, imp.id, false);
    assert.equal((await contents(pool)).products.length, 0);
    assert.deepEqual(await aggregateDrift(pool), []);
    assert.equal((await pool.query('SELECT 1 FROM import_undo_created WHERE import_id = $1', [imp.id])).rowCount, 0, 'dropped with the revert');
  }
}));
