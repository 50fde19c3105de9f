import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateCsv } from '../../src/generate/generator.js';
import type { ImportRecord } from '../../src/imports/model.js';
import { waitForImport } from '../support/app.js';
import { aggregateDrift, contents } from '../support/db.js';
import { spawnWorker, type WorkerProcess } from '../support/processes.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { startTestS3, storedKeys, type TestS3 } from '../support/storage.js';

// The API and two worker processes, each with a data directory of its own: with S3 storage they share no disk, only
// the database and the bucket, as on three machines.
const CHUNK_BYTES = 64 * 1024;
let s3: TestS3;
const dirs: string[] = [];
const workers: WorkerProcess[] = [];
before(async () => {
  s3 = await startTestS3();
});
after(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await s3.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const csv = (rows: number, contentSeed: number) => Buffer.from([...generateCsv({ rows, seed: 3, duplicateRatio: 0.07, contentSeed })].join(''));
const FILES = [
  { name: 'first.csv', data: csv(4000, 1) },
  { name: 'second.csv.gz', data: gzipSync(csv(3000, 2)) }, // its chunks are written back to storage as objects of their own
  { name: 'third.csv', data: csv(5000, 3) },
];

async function uploadAll(s: TestServer): Promise<ImportRecord[]> {
  const done: ImportRecord[] = [];
  for (const file of FILES) {
    const response = await s.fetch(`/api/imports?filename=${file.name}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file.data });
    assert.equal(response.status, 202, await response.clone().text());
    done.push(await json(response));
  }
  return Promise.all(done.map((imp) => waitForImport(s.app.db.pool, imp.id, 120_000)));
}

test('with S3 storage, workers sharing no disk load exactly what the filesystem backend loads', async () => {
  const onFiles = await startTestServer({ chunkBytes: CHUNK_BYTES });
  let expected: Awaited<ReturnType<typeof contents>>;
  try {
    const done = await uploadAll(onFiles);
    assert.deepEqual(done.map((d) => d.status), ['succeeded', 'succeeded', 'succeeded']);
    expected = await contents(onFiles.app.db.pool);
  } finally {
    await onFiles.close();
  }

  const storage = s3.env('distributed/');
  const api = await startTestServer({ chunkBytes: CHUNK_BYTES, env: storage, worker: false });
  try {
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), `lfp-worker-${i}-`));
      dirs.push(dataDir);
      workers.push(await spawnWorker({ ...storage, DATABASE_URL: api.db.url, LFP_DATA_DIR: dataDir, LFP_CHUNK_BYTES: String(CHUNK_BYTES), LFP_MERGE_WORK_MEM: '64MB' }));
    }
    const done = await uploadAll(api);
    assert.deepEqual(done.map((d) => d.status), ['succeeded', 'succeeded', 'succeeded'], done.map((d) => d.error).join('; '));
    assert.ok(done[0]!.chunksTotal! > 3 && done[1]!.chunksTotal! > 3, 'several chunks each, for both workers to take');
    assert.deepEqual(await contents(api.app.db.pool), expected);
    assert.deepEqual(await aggregateDrift(api.app.db.pool), []);
    assert.deepEqual(await storedKeys(api.app.uploadStore), [], 'succeeded imports leave nothing in the bucket');
    // Nothing went through a disk: no upload was ever stored in any process's data directory.
    for (const dir of [api.dataDir, ...dirs]) assert.deepEqual((await readdir(dir)).filter((n) => n === 'uploads'), [], dir);
  } finally {
    for (const w of workers.splice(0)) {
      w.child.kill('SIGTERM');
      await w.exited;
    }
    await api.close();
  }
});

test('a missing bucket or refused credentials: /readyz says so and a submission gets a 503', async () => {
  const api = await startTestServer({ env: { ...s3.env(''), LFP_STORAGE_URL: 's3://no-such-bucket/x' }, worker: false });
  try {
    const ready = await api.fetch('/readyz');
    assert.equal(ready.status, 503);
    assert.equal((await json(ready)).storage, false);
    const refused = await api.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'sku,name\n1,a\n' });
    assert.equal(refused.status, 503);
    const problem = await json(refused);
    assert.match(problem.type, /storage-unavailable$/);
    assert.match(problem.detail, /no-such-bucket.*does not exist/);
  } finally {
    await api.close();
  }
});
