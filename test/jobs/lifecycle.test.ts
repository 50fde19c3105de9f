import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { inTransaction } from '../../src/db/pool.js';
import { StorageError } from '../../src/errors.js';
import { generateCsv } from '../../src/generate/generator.js';
import { ImportJobs } from '../../src/jobs/handlers.js';
import { QUEUES, sendInTransaction } from '../../src/db/queue.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { cancelImport, retryImport, submitImport } from '../../src/imports/service.js';
import { DEFAULT_OPTIONS } from '../../src/imports/options.js';
import { PHASES } from '../../src/imports/model.js';
import { presentImport } from '../../src/imports/present.js';
import { insertSubmittedImport } from '../../src/imports/store.js';
import { openTestApp, waitForImport, type TestApp } from '../support/app.js';
import { overwriteUpload, storedKeys } from '../support/storage.js';
import { aggregateDrift, contents, createTestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';

let t: TestApp;
before(async () => {
  t = await openTestApp({ chunkBytes: 64 * 1024 });
});
after(() => t.close());

const csv = (rows: number, seed: number, contentSeed = seed) =>
  Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.1, contentSeed })].join(''));

async function submit(data: Buffer, name = 'test.csv') {
  const upload = await t.app.uploadStore.save(Readable.from([data]));
  return (await submitImport(t.app, { sourceName: name, upload, uploadMs: 1 })).import;
}

async function withWorker<T>(work: (worker: Worker) => Promise<T>, concurrency = 2): Promise<T> {
  const worker = await startWorker(t.app, concurrency);
  try {
    return await work(worker);
  } finally {
    await worker.stop();
  }
}

async function stagingTables(): Promise<number> {
  const { rows } = await t.app.db.pool.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'lfp_staging'");
  return Number(rows[0].n);
}

test('an import row and its first job commit together or not at all', async () => {
  const before = await t.app.db.pool.query('SELECT count(*) AS n FROM imports');
  await assert.rejects(
    inTransaction(t.app.db.pool, async (client) => {
      const importId = await insertSubmittedImport(client, {
        sourceName: 'x.csv', storageKey: '00000000-0000-0000-0000-000000000000', sourceBytes: 1, sha256: 'x', chunkBytes: 1, uploadMs: 0,
        options: DEFAULT_OPTIONS, duplicateOf: null, idempotency: null, skipped: false, profile: null, sourceObject: null,
      });
      await sendInTransaction(t.app.boss, client, QUEUES.split, { importId });
      throw new Error('the submission dies here');
    }),
    /dies here/,
  );
  const after = await t.app.db.pool.query('SELECT count(*) AS n FROM imports');
  assert.equal(after.rows[0].n, before.rows[0].n);
  const jobs = await t.app.db.pool.query(`SELECT count(*) AS n FROM lfp_jobs.job WHERE name = $1 AND data->>'importId' IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = (data->>'importId')::bigint)`, [QUEUES.split]);
  assert.equal(jobs.rows[0].n, 0, 'no job without its import');
});

test('a queued import (plain and gzip) ends exactly as the in-process engine; nothing is left behind', async () => {
  const data = csv(4000, 21);
  const [plain, gz] = [await submit(data), await submit(gzipSync(data), 'test.csv.gz')];
  assert.equal(plain.status, 'queued');
  const done = await withWorker(async () => [await waitForImport(t.app.db.pool, plain.id), await waitForImport(t.app.db.pool, gz.id)]);
  assert.deepEqual(done.map((i) => i.status), ['succeeded', 'succeeded']);
  assert.ok((done[0]!.chunksTotal ?? 0) > 5, `${done[0]!.chunksTotal} chunks`);
  assert.equal(done[1]!.rowsUnchanged + done[1]!.rowsSuperseded, 4000, 'the gzip copy changes nothing');
  const timings = done[0]!.timings;
  for (const phase of [...PHASES, 'total'] as const) assert.ok(timings[phase]! >= 0, phase);

  const direct = await createTestDatabase();
  try {
    await ingestBuffer(direct.pool, data, { chunkBytes: 1 << 20 });
    assert.deepEqual(await contents(t.app.db.pool), await contents(direct.pool));
  } finally {
    await direct.drop();
  }
  assert.equal(await stagingTables(), 0);
  assert.deepEqual(await storedKeys(t.app.uploadStore), []);
});

test('cancel stops a running import, leaves the tables as they were; retry then applies it', async () => {
  const before = await contents(t.app.db.pool);
  const imp = await submit(csv(30_000, 22));
  await withWorker(async () => {
    await waitForImport(t.app.db.pool, imp.id, 60_000, (i) => i.chunksDone >= 2);
    const cancelled = await cancelImport(t.app, imp.id);
    assert.equal(cancelled.status, 'cancelled');
  }, 1);
  assert.deepEqual(await contents(t.app.db.pool), before);
  assert.equal(await stagingTables(), 0);
  await assert.rejects(cancelImport(t.app, imp.id), /import \d+ was already cancelled/);

  const retried = await retryImport(t.app, imp.id);
  assert.equal(retried.status, 'queued');
  assert.ok(retried.submittedSeq > imp.submittedSeq, 'a retry is a new submission');
  const done = await withWorker(() => waitForImport(t.app.db.pool, imp.id));
  assert.equal(done.status, 'succeeded');
  assert.equal(done.rowsRead, 30_000);
  assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
  await assert.rejects(retryImport(t.app, imp.id), /only a failed or cancelled import can be retried/);
});

test('a loaded import waits (phase "waiting") for one submitted before it; a dry run waits for nothing', async () => {
  // An earlier submission no worker will pick up: its job is never sent.
  const blocker = await inTransaction(t.app.db.pool, (client) => insertSubmittedImport(client, {
    sourceName: 'blocker.csv', storageKey: '00000000-0000-0000-0000-00000000b10c', sourceBytes: 1, sha256: 'b', chunkBytes: 1, uploadMs: 0,
    options: DEFAULT_OPTIONS, duplicateOf: null, idempotency: null, skipped: false, profile: null, sourceObject: null,
  }));
  const imp = await submit(csv(2000, 31));
  const upload = await t.app.uploadStore.save(Readable.from([csv(2000, 32)]));
  const { import: dry } = await submitImport(t.app, { sourceName: 'dry.csv', upload, uploadMs: 1, options: { ...DEFAULT_OPTIONS, dryRun: true } });
  await withWorker(async () => {
    const waiting = await waitForImport(t.app.db.pool, imp.id, 60_000, (i) => i.waiting);
    assert.equal(presentImport(waiting, new Date()).phase, 'waiting');
    assert.equal((await waitForImport(t.app.db.pool, dry.id)).status, 'succeeded', 'the dry run finished meanwhile');
    await cancelImport(t.app, blocker!);
    const done = await waitForImport(t.app.db.pool, imp.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(presentImport(done, new Date()).phase, null);
  });
});

test('a bad file fails with a clear error; a lost or corrupt upload fails its import', async () => {
  const bad = await submit(Buffer.from('name,description\nx,y\n'));
  const lost = await submit(csv(100, 23));
  await t.app.uploadStore.remove(lost.storageKey!);
  const corrupt = await submit(csv(100, 24));
  await overwriteUpload(t.app.uploadStore, corrupt.storageKey!, csv(100, 25).subarray(0, corrupt.sourceBytes!));
  const [b, l, c] = await withWorker(async () =>
    Promise.all([bad, lost, corrupt].map((i) => waitForImport(t.app.db.pool, i.id))),
  );
  assert.equal(b!.status, 'failed');
  assert.match(b!.error!, /no "sku" column/);
  assert.equal(l!.status, 'failed');
  assert.match(l!.error!, /cannot be read: its uploaded file is no longer stored/);
  assert.equal(c!.status, 'failed');
  assert.match(c!.error!, /is corrupt/);
  await assert.rejects(retryImport(t.app, lost.id), /no longer stored/);
});

test('a chunk changed after the split is detected before it loads', async () => {
  const imp = await submit(csv(3000, 26));
  const jobs = new ImportJobs(t.app);
  await jobs.split(imp.id);
  await overwriteUpload(t.app.uploadStore, imp.storageKey!, csv(3000, 27));
  // Another worker's load: it reads the chunk from storage (the splitting worker may still hold it).
  await assert.rejects(new ImportJobs(t.app).load(imp.id, 0), (e: unknown) => e instanceof StorageError && /chunk 0 changed after it was split/.test(e.message));
  await cancelImport(t.app, imp.id);
});

test('the worker that split a chunk loads it without reading storage again; another worker reads storage', async () => {
  const imp = await submit(csv(3000, 28));
  const splitter = new ImportJobs(t.app);
  await splitter.split(imp.id);
  const { chunksTotal } = (await waitForImport(t.app.db.pool, imp.id, 5000, () => true));
  assert.ok(chunksTotal! > 2);
  await t.app.uploadStore.remove(imp.storageKey!);
  await splitter.load(imp.id, chunksTotal! - 1); // held since the split: storage is not asked
  await assert.rejects(new ImportJobs(t.app).load(imp.id, 0), (e: unknown) => e instanceof StorageError && /chunk 0 of import \d+ cannot be read from storage/.test(e.message));
  const loaded = await t.app.db.pool.query('SELECT chunk_index FROM import_chunks WHERE import_id = $1 AND loaded_at IS NOT NULL', [imp.id]);
  assert.deepEqual(loaded.rows.map((r) => r.chunk_index), [chunksTotal! - 1]);
  await cancelImport(t.app, imp.id);
});

test('many imports leave no staging tables, uploads or pending jobs behind', async () => {
  const imports: Awaited<ReturnType<typeof submit>>[] = [];
  for (let i = 0; i < 25; i++) imports.push(await submit(csv(50, 100 + i)));
  await withWorker(() => Promise.all(imports.map((i) => waitForImport(t.app.db.pool, i.id))));
  assert.equal(await stagingTables(), 0);
  // Only the uploads of failed and cancelled imports stay, for a retry.
  const retryable = await t.app.db.pool.query(`SELECT storage_key FROM imports WHERE status IN ('failed', 'cancelled')`);
  const keys = new Set(retryable.rows.map((r) => r.storage_key as string));
  const left = await storedKeys(t.app.uploadStore);
  assert.ok(left.length > 0 && left.every((name) => keys.has(name)), `left: ${left.join(', ')}`);
  // Jobs of earlier tests' cancelled imports may still wait (a worker completes them as no-ops); these imports' must not.
  const pending = await t.app.db.pool.query(
    `SELECT name, state, data FROM lfp_jobs.job WHERE state IN ('created', 'retry', 'active') AND (data->>'importId')::bigint = ANY($1)`,
    [imports.map((i) => i.id)],
  );
  assert.deepEqual(pending.rows, []);
});
