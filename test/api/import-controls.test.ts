import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sweepLeftovers } from '../../src/jobs/sweep.js';
import { aggregateDrift, contents, snapshot } from '../support/db.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { waitForImport } from '../support/app.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const pool = () => s.app.db.pool;

async function upload(body: string | Buffer, query = '', headers: Record<string, string> = {}) {
  return s.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body });
}

async function finished(id: number) {
  for (;;) {
    const imp = await json(await s.fetch(`/api/imports/${id}`));
    if (!['queued', 'running'].includes(imp.status)) return imp;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads and waits for the import to end. */
async function imported(body: string | Buffer, query = '') {
  const response = await upload(body, query);
  assert.ok([200, 202].includes(response.status), `upload answered ${response.status}: ${await response.clone().text()}`);
  return finished((await json(response)).id);
}

const rows = (prefix: string, n: number, name: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `${name(i)},${prefix}-${i},description ${i}\n`).join('');

test('a dry run reports what the import would do and leaves the tables as they were', async () => {
  await imported(`name,sku,description\n${rows('dry', 10, () => 'Old')}`);
  const before = await snapshot(pool());
  // 0-4 renamed to New, 5-9 as they are, 10-14 new (named New), one SKU twice, one bad row.
  const file = `name,sku,description\n${rows('dry', 5, () => 'New')}${rows('dry', 10, () => 'Old').split('\n').slice(5).join('\n')}` +
    `New,dry-10,first\n${rows('dry', 15, () => 'New').split('\n').slice(10).join('\n')},no-sku-here\n`;
  const dry = await imported(file, '?dryRun=true');
  assert.equal(dry.status, 'succeeded');
  assert.equal(dry.options.dryRun, true);
  assert.deepEqual(
    [dry.counts.rowsInserted, dry.counts.rowsUpdated, dry.counts.rowsUnchanged, dry.counts.rowsSuperseded, dry.counts.rowsRejected],
    [5, 5, 5, 1, 1],
  );
  assert.equal(dry.nameChanges, 2);
  assert.equal(dry.revertible, false);
  const changes = await json(await s.fetch(`/api/imports/${dry.id}/name-changes`));
  assert.deepEqual(changes.items, [
    { name: 'New', countBefore: 0, countAfter: 10 },
    { name: 'Old', countBefore: 10, countAfter: 5 },
  ]);
  const errors = await json(await s.fetch(`/api/imports/${dry.id}/errors`));
  assert.equal(errors.items[0].reason, 'has 2 fields, expected 3');
  assert.deepEqual(await snapshot(pool()), before, 'a dry run changes nothing');

  // The real import does what the dry run said.
  const real = await imported(file);
  assert.deepEqual(
    [real.counts.rowsInserted, real.counts.rowsUpdated, real.counts.rowsUnchanged, real.counts.rowsSuperseded],
    [5, 5, 5, 1],
  );
  const counts = await pool().query(`SELECT name, product_count FROM product_aggregates WHERE name IN ('New', 'Old') ORDER BY name`);
  assert.deepEqual(counts.rows, [{ name: 'New', product_count: 10 }, { name: 'Old', product_count: 5 }]);
});

test('a retried submission with the same Idempotency-Key creates one import; the same key with another file is 422', async () => {
  const file = `name,sku,description\n${rows('idem', 20, () => 'Idem')}`;
  const headers = { 'idempotency-key': 'upload-7f3a' };
  const first = await upload(file, '?filename=a.csv', headers);
  assert.equal(first.status, 202);
  const again = await upload(file, '?filename=a.csv', headers);
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const [a, b] = [await json(first), await json(again)];
  assert.equal(b.id, a.id);
  const made = await pool().query(`SELECT count(*)::int AS n FROM imports WHERE idempotency_key = 'upload-7f3a'`);
  assert.equal(made.rows[0].n, 1);
  await finished(a.id);

  const other = await upload(`${file}Other,idem-99,x\n`, '?filename=a.csv', headers);
  assert.equal(other.status, 422);
  const problem = await json(other);
  assert.equal(problem.type, '/problems/idempotency-key-reused');
  assert.equal(problem.importId, a.id);
  const sameFileOtherOptions = await upload(file, '?mode=strict', headers);
  assert.equal(sameFileOtherOptions.status, 422);
  // Concurrent retries of one request also make one import.
  const racing = await Promise.all([1, 2, 3].map(() => upload(file, '', { 'idempotency-key': 'race-1' })));
  const ids = new Set(await Promise.all(racing.map(async (r) => (await json(r)).id)));
  assert.equal(ids.size, 1);
  await finished([...ids][0]);
});

test('a file seen before is reported as duplicateOf and, with skipIfSeen, not processed again', async () => {
  const file = `name,sku,description\n${rows('seen', 30, () => 'Seen')}`;
  const first = await imported(file);
  assert.equal(first.duplicateOf, null);
  const again = await imported(file);
  assert.equal(again.duplicateOf, first.id);
  assert.equal(again.counts.rowsUnchanged, 30);
  const skipped = await upload(file, '?skipIfSeen=true');
  assert.equal(skipped.status, 200);
  const body = await json(skipped);
  assert.equal(body.status, 'skipped');
  assert.equal(body.duplicateOf, again.id);
  assert.equal(body.counts.rowsRead, 0);
  const dry = await imported(`name,sku,description\n${rows('seen-dry', 3, () => 'Seen')}`, '?dryRun=true');
  const afterDry = await imported(`name,sku,description\n${rows('seen-dry', 3, () => 'Seen')}`, '?skipIfSeen=true');
  assert.equal(afterDry.status, 'succeeded', 'a dry run does not count as seen');
  assert.equal(dry.duplicateOf, null);
});

test('a revert restores byte-identical rows and aggregates', async () => {
  await imported(`name,sku,description\n${rows('rv', 40, (i) => `Brand ${i % 4}`)}`);
  const before = await snapshot(pool());
  // Renames half, leaves a quarter, adds 20 new products under new and existing names.
  const file = `name,sku,description\n${rows('rv', 20, () => 'Renamed')}${rows('rv', 30, (i) => `Brand ${i % 4}`).split('\n').slice(20).join('\n')}` +
    `${rows('rv-new', 20, (i) => (i % 2 ? 'Brand 1' : 'Fresh'))}`;
  const imp = await imported(file);
  assert.deepEqual([imp.counts.rowsInserted, imp.counts.rowsUpdated, imp.revertible], [20, 20, true]);
  assert.notDeepEqual(await snapshot(pool()), before);

  const response = await s.fetch(`/api/imports/${imp.id}/revert`, { method: 'POST' });
  assert.equal(response.status, 200);
  const reverted = await json(response);
  assert.equal(reverted.import.status, 'reverted');
  assert.deepEqual(reverted.import.revert && [reverted.import.revert.restored, reverted.import.revert.removed, reverted.import.revert.kept], [20, 20, 0]);
  assert.deepEqual(await snapshot(pool()), before, 'every column of every row, and the aggregates, as before the import');
  assert.deepEqual(await aggregateDrift(pool()), []);
  const undo = await pool().query('SELECT count(*)::int AS n FROM import_undo WHERE import_id = $1', [imp.id]);
  assert.equal(undo.rows[0].n, 0, 'undo data goes with the revert');
  const twice = await s.fetch(`/api/imports/${imp.id}/revert`, { method: 'POST' });
  assert.equal(twice.status, 409);
  // A reverted file is no longer "seen": it can be applied again.
  const reapplied = await imported(file, '?skipIfSeen=true');
  assert.equal(reapplied.status, 'succeeded');
});

test('a revert refuses when products were written since, listing them; force reverts the others', async () => {
  await imported(`name,sku,description\n${rows('cf', 10, () => 'Before')}`);
  const before = await contents(pool());
  const imp = await imported(`name,sku,description\n${rows('cf', 10, () => 'After')}${rows('cf-new', 5, () => 'After')}`);
  // Written since: one updated by the API, one created by the import and deleted, one changed by a later import.
  await s.fetch('/api/products/cf-3', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edited' }) });
  await s.fetch('/api/products/cf-new-1', { method: 'DELETE' });
  await imported('name,sku,description\nLater,cf-7,later\n');

  const refused = await s.fetch(`/api/imports/${imp.id}/revert`, { method: 'POST' });
  assert.equal(refused.status, 409);
  const problem = await json(refused);
  assert.equal(problem.type, '/problems/revert-conflict');
  assert.deepEqual(problem.conflicts, ['cf-3', 'cf-7', 'cf-new-1']);
  assert.equal(problem.conflictCount, 3);
  assert.equal((await json(await s.fetch(`/api/imports/${imp.id}`))).status, 'succeeded', 'nothing was reverted');

  const forced = await json(await s.fetch(`/api/imports/${imp.id}/revert?force=true`, { method: 'POST' }));
  assert.deepEqual(forced.kept, ['cf-3', 'cf-7', 'cf-new-1']);
  assert.deepEqual([forced.import.revert.restored, forced.import.revert.removed, forced.import.revert.kept], [8, 4, 3]);
  const cf = (products: unknown[]) => (products as { sku: string; name: string; description: string }[]).filter((p) => p.sku.startsWith('cf-'));
  const expected = cf(before.products).map((p) =>
    p.sku === 'cf-3' ? { ...p, name: 'Edited', description: 'description 3' } : p.sku === 'cf-7' ? { ...p, name: 'Later', description: 'later' } : p,
  );
  assert.deepEqual(cf((await contents(pool())).products), expected);
  assert.deepEqual(await aggregateDrift(pool()), []);
});

test('strict mode: one bad row fails the import and leaves the tables unchanged; maxErrors fails past its limit', async () => {
  await imported(`name,sku,description\n${rows('st', 5, () => 'Kept')}`);
  const before = await snapshot(pool());
  const oneBad = `name,sku,description\n${rows('st', 50, () => 'Changed')}Bad,,empty sku\n`;
  const strict = await imported(oneBad, '?mode=strict');
  assert.equal(strict.status, 'failed');
  assert.match(strict.error, /^strict mode: 1 row was rejected \(line 52: sku is empty\); nothing was applied$/);
  assert.equal(strict.options.mode, 'strict');
  assert.deepEqual(await snapshot(pool()), before);
  const errors = await json(await s.fetch(`/api/imports/${strict.id}/errors`));
  assert.deepEqual(errors.items.map((e: { line: number }) => e.line), [52]);

  const twoBad = `name,sku,description\n${rows('st', 50, () => 'Changed')}Bad,,x\nBad,"x"y,z\n`;
  const over = await imported(twoBad, '?maxErrors=1');
  assert.equal(over.status, 'failed');
  assert.match(over.error, /^more than maxErrors=1: 2 rows were rejected/);
  assert.deepEqual(await snapshot(pool()), before);
  const within = await imported(twoBad, '?maxErrors=2');
  assert.equal(within.status, 'succeeded');
  assert.equal(within.counts.rowsRejected, 2);
  assert.equal(within.counts.rowsUpdated, 5);
});

test('strict mode over many chunks: the first chunk with a rejection fails the import, later chunks stop', async () => {
  const before = await snapshot(pool());
  const big = `name,sku,description\n${rows('many', 20_000, (i) => `Name ${i % 50}`)}oops,"unclosed"x,y\n${rows('many-b', 20_000, () => 'B')}`;
  const strict = await imported(big, '?mode=strict');
  assert.equal(strict.status, 'failed');
  assert.match(strict.error, /line 20002: sku has text after its closing quote/);
  assert.deepEqual(await snapshot(pool()), before);
  for (let waited = 0; ; waited += 50) { // the worker drops staging right after the failure commits
    const staging = await pool().query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'lfp_staging'`);
    if (staging.rows[0].n === 0) break;
    assert.ok(waited < 10_000, 'staging is dropped');
    await new Promise((r) => setTimeout(r, 50));
  }
});

test('a windows-1252 file with accented names lands as correct UTF-8', async () => {
  const text = 'name,sku,description\nCafé Crème,w1252-1,“quoted” — 5 €\nSeñor Müller,w1252-2,naïve façade ½\n';
  // Latin1 characters are their own byte; the others at their windows-1252 bytes.
  const bytes = Buffer.from(text.replace(/[“”—€]/g, (c) => ({ '“': '\x93', '”': '\x94', '—': '\x97', '€': '\x80' })[c]!), 'latin1');
  assert.ok(!bytes.toString('utf8').includes('Café'), 'the file is not UTF-8');
  const imp = await imported(bytes, '?encoding=windows-1252');
  assert.equal(imp.status, 'succeeded');
  assert.equal(imp.counts.rowsRejected, 0);
  assert.deepEqual(imp.detected, { encoding: 'windows-1252', delimiter: ',' });
  const { rows: products } = await pool().query(`SELECT sku, name, description FROM products WHERE sku LIKE 'w1252-%' ORDER BY sku`);
  assert.deepEqual(products, [
    { sku: 'w1252-1', name: 'Café Crème', description: '“quoted” — 5 €' },
    { sku: 'w1252-2', name: 'Señor Müller', description: 'naïve façade ½' },
  ]);
  // Read as UTF-8 (the default) the same file's rows are rejected, and the import says what the file looks like.
  const wrong = await imported(bytes);
  assert.equal(wrong.counts.rowsRejected, 2);
  const latin1 = await imported(Buffer.from('name,sku\nÉlan,latin1-1\n', 'latin1'), '?encoding=latin1');
  assert.equal(latin1.status, 'succeeded');
  assert.equal((await json(await s.fetch('/api/products/latin1-1'))).name, 'Élan');
});

test('delimiters: semicolon, tab and pipe; auto-detection, reported by a dry run; a hint when the header does not match', async () => {
  const semicolon = 'name;sku;description\n"Smith; and Sons";semi-1;"says ""hi"""\nPlain;semi-2;x\n';
  const dry = await imported(semicolon, '?dryRun=true&delimiter=auto&encoding=auto');
  assert.deepEqual(dry.detected, { encoding: 'utf-8', delimiter: ';' });
  assert.equal(dry.counts.rowsInserted, 2);
  const failed = await imported(semicolon);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /no "sku" column.*the file looks written with semicolons between fields: import it again with that setting \(or Detect\)$/);
  // Retried with what the import suggests: the same stored file, read with semicolons.
  const retried = await s.fetch(`/api/imports/${failed.id}/retry?dialect=suggested`, { method: 'POST' });
  assert.equal(retried.status, 202);
  assert.equal((await json(retried)).options.delimiter, ';');
  const again = await waitForImport(s.app.db.pool, failed.id);
  assert.equal(again.status, 'succeeded', again.error ?? '');
  assert.equal(again.rowsRead, 2);
  assert.equal((await s.fetch(`/api/imports/${failed.id}/retry?dialect=suggested`, { method: 'POST' })).status, 409, 'a succeeded import');
  await imported(semicolon, '?delimiter=%3B');
  await imported('name\tsku\tdescription\nTabbed\ttab-1\t"quoted\tvalue"\n\ttab-2\tno name\n', '?delimiter=tab');
  await imported('name|sku|description\nPiped|pipe-1|a, b\n', '?delimiter=|');
  const { rows: products } = await pool().query(
    `SELECT sku, name, description FROM products WHERE sku IN ('semi-1', 'tab-1', 'tab-2', 'pipe-1') ORDER BY sku`,
  );
  assert.deepEqual(products, [
    { sku: 'pipe-1', name: 'Piped', description: 'a, b' },
    { sku: 'semi-1', name: 'Smith; and Sons', description: 'says "hi"' },
    { sku: 'tab-1', name: 'Tabbed', description: 'quoted\tvalue' },
    { sku: 'tab-2', name: '', description: 'no name' },
  ]);
  const bad = await upload('name,sku\n', '?delimiter=%2C%2C');
  assert.equal(bad.status, 400);
});

test('the options are in the OpenAPI document', async () => {
  const doc = await json(await s.fetch('/openapi.json'));
  const post = doc.paths['/api/imports'].post;
  const names = post.parameters.map((p: { name: string }) => p.name);
  for (const name of ['dryRun', 'mode', 'maxErrors', 'encoding', 'delimiter', 'skipIfSeen', 'idempotency-key']) assert.ok(names.includes(name), name);
  assert.ok(doc.paths['/api/imports/{id}/revert'].post);
  assert.ok(doc.paths['/api/imports/{id}/name-changes'].get);
});

test('undo data is dropped after its retention; the import then says it can no longer be reverted', async () => {
  const imp = await imported(`name,sku,description\n${rows('old', 5, () => 'Old import')}`);
  assert.equal(imp.revertible, true);
  const undo = () => pool().query('SELECT count(*)::int AS n FROM import_undo WHERE import_id = $1', [imp.id]);
  assert.equal((await undo()).rows[0].n, 5);
  await sweepLeftovers(s.app);
  assert.equal((await undo()).rows[0].n, 5, 'kept within the retention');
  const kept = await pool().query('SELECT undo_kept_until - applied_at AS retention FROM imports WHERE id = $1', [imp.id]);
  assert.equal(kept.rows[0].retention.days, s.app.config.undoRetentionDays, 'kept for the retention the merge ran with');
  await pool().query(`UPDATE imports SET undo_kept_until = now() - interval '1 second' WHERE id = $1`, [imp.id]);
  await sweepLeftovers(s.app);
  assert.equal((await undo()).rows[0].n, 0);
  assert.equal((await json(await s.fetch(`/api/imports/${imp.id}`))).revertible, false);
  const refused = await s.fetch(`/api/imports/${imp.id}/revert`, { method: 'POST' });
  assert.equal(refused.status, 409);
  assert.match((await json(refused)).detail, /can no longer be reverted.*LFP_UNDO_RETENTION_DAYS/);
});

test('API edits meeting a revert wait for it rather than deadlock; the aggregates stay exact', async () => {
  await imported(`name,sku,description\n${rows('race', 20_000, (i) => `Race ${i % 40}`)}`);
  const imp = await imported(`name,sku,description\n${rows('race', 20_000, (i) => `Raced ${i % 30}`)}${rows('race-new', 5000, () => 'New race')}`);
  const edit = (sku: string) => s.fetch(`/api/products/${sku}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Edited ${sku}` }),
  });
  const skus = Array.from({ length: 40 }, (_, i) => (i % 2 ? `race-${i * 499}` : `race-new-${i * 120}`));
  const [revert, ...edits] = await Promise.all([
    s.fetch(`/api/imports/${imp.id}/revert?force=true`, { method: 'POST' }),
    ...skus.map(async (sku, i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      return edit(sku);
    }),
  ]);
  assert.equal(revert.status, 200);
  // An edit that came first is kept by the forced revert; one that came after finds the product restored (200)
  // or removed again (404).
  for (const response of edits) assert.ok([200, 404].includes(response.status), `edit answered ${response.status}`);
  assert.deepEqual(await aggregateDrift(pool()), []);
});
