import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { generateCsv } from '../../src/generate/generator.js';
import { submitImport } from '../../src/imports/service.js';
import type { ImportRecord } from '../../src/imports/model.js';
import { openTestApp, waitForImport, type TestApp } from '../support/app.js';
import { aggregateDrift, contents, createTestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';
import { spawnWorker, type WorkerProcess } from '../support/processes.js';

// Real worker processes against one database and one upload directory, as on several machines.
const CHUNK_BYTES = 128 * 1024;
let t: TestApp;
const workers: WorkerProcess[] = [];
before(async () => {
  t = await openTestApp({ chunkBytes: CHUNK_BYTES });
});
after(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await t.close();
});

const env = () => ({ DATABASE_URL: t.db.url, LFP_DATA_DIR: t.dataDir, LFP_CHUNK_BYTES: String(CHUNK_BYTES), LFP_MERGE_WORK_MEM: '64MB' });
const startWorker = async (concurrency = 1) => {
  const worker = await spawnWorker(env(), concurrency);
  workers.push(worker);
  return worker;
};
const csv = (rows: number, contentSeed: number) => Buffer.from([...generateCsv({ rows, seed: 1, duplicateRatio: 0.07, contentSeed })].join(''));

async function submit(data: Buffer, name: string): Promise<ImportRecord> {
  const upload = await t.app.uploadStore.save(Readable.from([data]));
  return (await submitImport(t.app, { sourceName: name, upload, uploadMs: 0 })).import;
}

/** The contents after applying `files` one after another in this process: what the queue must reproduce. */
async function sequentially(files: Buffer[]) {
  const db = await createTestDatabase();
  try {
    for (const file of files) await ingestBuffer(db.pool, file);
    return await contents(db.pool);
  } finally {
    await db.drop();
  }
}

async function reset(): Promise<void> {
  await t.app.db.pool.query('TRUNCATE products');
}

test('overlapping files submitted concurrently to two workers end as if applied in submission order', async () => {
  await reset();
  const files = [csv(20_000, 1), csv(12_000, 2), csv(25_000, 3)];
  const [w1, w2] = [await startWorker(), await startWorker()];
  const submitted = await Promise.all(files.map((f, i) => submit(f, `file-${i}.csv`)));
  const done = await Promise.all(submitted.map((imp) => waitForImport(t.app.db.pool, imp.id)));
  assert.deepEqual(done.map((d) => d.status), ['succeeded', 'succeeded', 'succeeded']);
  const order = [...done].sort((a, b) => a.submittedSeq - b.submittedSeq).map((d) => files[submitted.findIndex((s) => s.id === d.id)]!);
  assert.deepEqual(await contents(t.app.db.pool), await sequentially(order));
  assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
  for (const w of [w1!, w2!]) {
    w.child.kill('SIGTERM');
    assert.equal(await w.exited, 0);
  }
});

/** A worker in the middle of a 60,000-row import: a few chunks loaded, most to go. */
async function importInProgress(contentSeed: number) {
  await reset();
  const file = csv(60_000, contentSeed);
  const worker = await startWorker();
  const imp = await submit(file, 'big.csv');
  await waitForImport(t.app.db.pool, imp.id, 60_000, (i) => i.chunksDone >= 3);
  return { file, imp, worker };
}

test('a worker killed with SIGKILL in the middle of an import: another completes it, exactly, within 60 s', async (context) => {
  const { file, imp, worker: victim } = await importInProgress(4);
  victim.child.kill('SIGKILL');
  const killedAt = Date.now();
  await startWorker(2);
  const done = await waitForImport(t.app.db.pool, imp.id, 90_000);
  const recoverySeconds = (Date.now() - killedAt) / 1000;
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.ok(recoverySeconds < 60, `completed ${recoverySeconds} s after the kill`);
  context.diagnostic(`import completed ${recoverySeconds.toFixed(1)} s after its worker was killed`);
  assert.equal(done.rowsRead, 60_000, 'every chunk counted once');
  assert.deepEqual(await contents(t.app.db.pool), await sequentially([file]));
  for (const w of workers.splice(0)) w.child.kill('SIGKILL');
});

test('SIGTERM: a worker finishes the chunks in progress and stops; nothing is lost', async () => {
  const { file, imp, worker: first } = await importInProgress(5);
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 0, first.output());
  const paused = await waitForImport(t.app.db.pool, imp.id, 1, () => true);
  assert.notEqual(paused.status, 'failed');
  await startWorker();
  const done = await waitForImport(t.app.db.pool, imp.id, 60_000);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.rowsRead, 60_000);
  assert.deepEqual(await contents(t.app.db.pool), await sequentially([file]));
});
