import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { generateCsv } from '../../src/generate/generator.js';
import { isFinished, type ImportRecord } from '../../src/imports/model.js';
import { ImportJobs } from '../../src/jobs/handlers.js';
import { sweepLeftovers } from '../../src/jobs/sweep.js';
import { startWorker } from '../../src/jobs/worker.js';
import type { S3Store } from '../../src/storage/s3.js';
import { waitForImport } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { aggregateDrift, contents } from '../support/db.js';
import { eventually } from '../support/receiver.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { startTestS3, storedKeys, type TestS3 } from '../support/storage.js';

// With S3 upload storage, an s3:// object of a listed bucket is on the store's endpoint: it is read where it is.
const CHUNK_BYTES = 64 * 1024;
const PREFIX = 'uploads/';
const BUCKET = 'lfp-test';
const csv = (rows: number, contentSeed: number) => Buffer.from([...generateCsv({ rows, seed: 3, duplicateRatio: 0.05, contentSeed })].join(''));
const plain = csv(4000, 1);
const gzipped = gzipSync(csv(3000, 2));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let s3: TestS3;
let reference: TestServer;
let s: TestServer;
before(async () => {
  s3 = await startTestS3(BUCKET);
  reference = await startTestServer({ chunkBytes: CHUNK_BYTES }); // the same files uploaded, to a directory
  s = await startTestServer({ chunkBytes: CHUNK_BYTES, env: { ...s3.env(PREFIX), LFP_SOURCE_HOSTS: `s3://${BUCKET}` } });
});
after(async () => {
  await s.close();
  await reference.close();
  await s3.close();
});

const storeOf = (server: TestServer) => server.app.uploadStore as S3Store;
const putObject = (server: TestServer, name: string, body: Buffer) =>
  storeOf(server).client.send(new PutObjectCommand({ Bucket: BUCKET, Key: name, Body: body }));
const submitUrl = (server: TestServer, url: string, query = '', headers: Record<string, string> = {}) =>
  server.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ url }) });

async function objectBytes(server: TestServer, name: string): Promise<Buffer> {
  const object = await storeOf(server).client.send(new GetObjectCommand({ Bucket: BUCKET, Key: name }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** Every object name under the upload store's prefix: its uploads, partial uploads and chunks. */
async function namesUnderPrefix(server: TestServer): Promise<string[]> {
  const page = await storeOf(server).client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }));
  return (page.Contents ?? []).map((object) => object.Key!);
}

/** Submits an s3:// import and waits for it, listing the upload store's prefix all along. */
async function importWatched(server: TestServer, url: string): Promise<{ done: ImportRecord; seen: Set<string> }> {
  const response = await submitUrl(server, url);
  assert.equal(response.status, 202, await response.clone().text());
  const { id } = await json(response);
  const seen = new Set<string>();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) {
    for (const name of await namesUnderPrefix(server)) seen.add(name);
    const done = await waitForImport(server.app.db.pool, id, 0, () => true);
    if (isFinished(done.status)) return { done, seen };
  }
  throw new Error(`import ${id} did not finish in a minute`);
}

async function upload(server: TestServer, name: string, data: Buffer): Promise<ImportRecord> {
  const response = await server.fetch(`/api/imports?filename=${name}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: data });
  assert.equal(response.status, 202, await response.clone().text());
  return waitForImport(server.app.db.pool, (await json(response)).id);
}

/** Waits for the chunks of the imports that succeeded to go: the finalize removes them just after it commits. */
async function chunksRemoved(server: TestServer): Promise<void> {
  for (const deadline = Date.now() + 10_000; (await storedKeys(server.app.uploadStore)).length > 0; await sleep(50)) {
    if (Date.now() > deadline) assert.fail(`still stored: ${(await namesUnderPrefix(server)).join()}`);
  }
}

const chunkPaths = async (server: TestServer, importId: number) =>
  (await server.app.db.pool.query('SELECT path FROM import_chunks WHERE import_id = $1 ORDER BY chunk_index', [importId])).rows.map((r) => r.path as string | null);

test('an s3:// object is imported where it is: no copy in upload storage, the products of the same files uploaded', async () => {
  for (const [name, data] of [['first.csv', plain], ['second.csv.gz', gzipped]] as const) {
    assert.equal((await upload(reference, name, data)).status, 'succeeded');
  }
  await putObject(s, 'incoming/first.csv', plain);
  await putObject(s, 'incoming/second.csv.gz', gzipped);

  const first = await importWatched(s, `s3://${BUCKET}/incoming/first.csv`);
  assert.equal(first.done.status, 'succeeded', first.done.error ?? '');
  assert.ok(first.done.chunksTotal! > 3, 'several chunks, each read from the object by its range');
  assert.deepEqual([...first.seen], [], 'nothing was stored for a plain file read in place');
  assert.deepEqual(new Set(await chunkPaths(s, first.done.id)), new Set([null]), 'every chunk is a range of the object');
  const view = await json(await s.fetch(`/api/imports/${first.done.id}`));
  assert.deepEqual([view.sourceUrl, view.sourceBytes, view.sha256], [`s3://${BUCKET}/incoming/first.csv`, plain.length, sha256(plain)]);

  const second = await importWatched(s, `s3://${BUCKET}/incoming/second.csv.gz`);
  assert.equal(second.done.status, 'succeeded', second.done.error ?? '');
  const key = second.done.storageKey!;
  // Its decompressed chunks are lfp's: written to upload storage under the import's key, removed once it succeeded.
  const paths = await chunkPaths(s, second.done.id);
  assert.ok(paths.length > 3 && paths.every((path) => path?.startsWith(`${PREFIX}${key}.chunks/`)), paths.join());
  assert.ok([...first.seen, ...second.seen].every((name) => name.startsWith(`${PREFIX}${key}.chunks/`)), [...second.seen].join());
  await chunksRemoved(s);
  assert.equal(second.done.sha256, sha256(gzipped));

  assert.deepEqual(await contents(s.app.db.pool), await contents(reference.app.db.pool));
  assert.deepEqual(await aggregateDrift(s.app.db.pool), []);
  assert.ok((await objectBytes(s, 'incoming/first.csv')).equals(plain));
  assert.ok((await objectBytes(s, 'incoming/second.csv.gz')).equals(gzipped));
});

test('the same version of an object is known at submission; the same content elsewhere once the split has read it', async () => {
  const { items } = await json(await s.fetch('/api/imports?limit=10'));
  const first = items.find((imp: { sourceName: string }) => imp.sourceName === 'first.csv');
  const skipped = await submitUrl(s, `s3://${BUCKET}/incoming/first.csv`, '?skipIfSeen=true');
  assert.equal(skipped.status, 200);
  assert.deepEqual(await json(skipped).then((imp) => [imp.status, imp.duplicateOf, imp.sha256]), ['skipped', first.id, sha256(plain)]);

  await storeOf(s).client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'incoming/copy.csv', CopySource: `${BUCKET}/incoming/first.csv` }));
  const keyed = () => submitUrl(s, `s3://${BUCKET}/incoming/copy.csv`, '?skipIfSeen=true', { 'idempotency-key': 'copy-1' });
  const copy = await json(await keyed());
  assert.deepEqual([copy.duplicateOf, copy.sha256], [null, null], 'its content is not known before it is read');
  const done = await waitForImport(s.app.db.pool, copy.id);
  assert.deepEqual([done.status, done.duplicateOf, done.sha256, done.rowsUnchanged > 0], ['succeeded', first.id, sha256(plain), true]);
  // The same request again, now that its content is known: the first import, nothing new.
  const again = await keyed();
  assert.deepEqual([again.status, again.headers.get('idempotent-replayed'), (await json(again)).id], [200, 'true', copy.id]);
});

test('a failed import read in place is retried from the object; neither the sweep nor any retention removes the object', async () => {
  // Semicolons read as commas: no sku column. The retry reads the object again, with the dialect suggested.
  const rows = Array.from({ length: 199 }, (_, i) => `SEMI-${i};Name ${i};Description ${i}\n`);
  const semicolons = Buffer.from(`sku;name;description\n${rows.join('')}`);
  await putObject(s, 'incoming/semicolons.csv', semicolons);
  const submitted = await json(await submitUrl(s, `s3://${BUCKET}/incoming/semicolons.csv`));
  const failed = await waitForImport(s.app.db.pool, submitted.id);
  assert.equal(failed.status, 'failed');
  await s.app.db.pool.query("UPDATE imports SET finished_at = now() - interval '30 days' WHERE id = $1", [failed.id]);
  await sweepLeftovers(s.app);
  assert.ok((await objectBytes(s, 'incoming/semicolons.csv')).equals(semicolons), 'kept past the retention of failed imports');

  const retried = await s.fetch(`/api/imports/${failed.id}/retry?dialect=suggested`, { method: 'POST' });
  assert.equal(retried.status, 202, await retried.clone().text());
  const done = await waitForImport(s.app.db.pool, failed.id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.rowsRead, 199);
  await chunksRemoved(s);
  await sweepLeftovers(s.app); // a succeeded import's upload goes at once: not the object
  for (const name of ['incoming/first.csv', 'incoming/second.csv.gz', 'incoming/semicolons.csv']) {
    assert.ok((await objectBytes(s, name)).length > 0, name);
  }
  assert.deepEqual(await namesUnderPrefix(s), []);
});

test('refused at submission: a missing object, one larger than the upload limit, one of the upload store\'s own', async () => {
  const missing = await json(await submitUrl(s, `s3://${BUCKET}/incoming/none.csv`));
  assert.deepEqual([missing.status, missing.detail], [404, `there is no object s3://${BUCKET}/incoming/none.csv (or no bucket ${BUCKET})`]);
  const small = await startTestServer({ worker: false, env: { ...s3.env('small/'), LFP_SOURCE_HOSTS: `s3://${BUCKET}` }, config: { maxUploadBytes: plain.length - 1 } });
  try {
    const tooLarge = await json(await submitUrl(small, `s3://${BUCKET}/incoming/first.csv`));
    assert.deepEqual([tooLarge.status, tooLarge.detail], [413, `the file is larger than the limit of ${plain.length - 1} bytes (decompressed, for gzip)`]);
    assert.equal((await small.app.db.pool.query('SELECT count(*)::int AS n FROM imports')).rows[0].n, 0, 'nothing queued');
  } finally {
    await small.close();
  }
  const own = `${PREFIX}${randomUUID()}`;
  await putObject(s, own, plain);
  const refused = await json(await submitUrl(s, `s3://${BUCKET}/${own}`));
  assert.equal(refused.status, 422);
  assert.match(refused.detail, /one of lfp's own stored uploads/);
  await storeOf(s).remove(own.slice(PREFIX.length));
});

test('an object replaced after submission fails its import with a clear error, the tables unchanged', async () => {
  const w = await startTestServer({ chunkBytes: CHUNK_BYTES, worker: false, env: { ...s3.env('replaced/'), LFP_SOURCE_HOSTS: `s3://${BUCKET}` } });
  const runWorker = async <T>(work: () => Promise<T>): Promise<T> => {
    const worker = await startWorker(w.app, 2);
    try {
      return await work();
    } finally {
      await worker.stop();
    }
  };
  try {
    assert.equal((await runWorker(() => upload(w, 'first.csv', plain))).status, 'succeeded');
    const before = await contents(w.app.db.pool);
    const other = csv(4000, 7);

    // Replaced between the split and the loads: each load asks for the version the split read.
    await putObject(w, 'incoming/changing.csv', csv(4000, 5));
    const loading = await json(await submitUrl(w, `s3://${BUCKET}/incoming/changing.csv`));
    await new ImportJobs(w.app).split(loading.id); // its load jobs wait in the queue: no worker runs yet
    assert.ok((await waitForImport(w.app.db.pool, loading.id, 5000, () => true)).chunksTotal! > 3);
    await putObject(w, 'incoming/changing.csv', other);
    const failed = await runWorker(() => waitForImport(w.app.db.pool, loading.id));
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /^chunk \d+ of import \d+ cannot be read from storage: s3:\/\/lfp-test\/incoming\/changing\.csv was replaced since the import was submitted \(it is no longer ETag "[^"]+"\): import it again to read the new version$/);
    assert.deepEqual(await contents(w.app.db.pool), before);
    assert.deepEqual(await aggregateDrift(w.app.db.pool), []);
    const retry = await json(await w.fetch(`/api/imports/${loading.id}/retry`, { method: 'POST' }));
    assert.equal(retry.status, 409);
    assert.match(retry.detail, /^import \d+ cannot be retried: s3:\/\/lfp-test\/incoming\/changing\.csv was replaced since the import was submitted/);

    // Replaced before the split: refused before anything is read.
    const queued = await json(await submitUrl(w, `s3://${BUCKET}/incoming/changing.csv`));
    await putObject(w, 'incoming/changing.csv', csv(4000, 9));
    const refused = await runWorker(() => waitForImport(w.app.db.pool, queued.id));
    assert.equal(refused.status, 'failed');
    assert.match(refused.error!, /^import \d+ \(changing\.csv\) cannot be read: s3:\/\/lfp-test\/incoming\/changing\.csv was replaced/);
    assert.deepEqual(await contents(w.app.db.pool), before);

    // Cancelled: the object stays, past the retention of cancelled imports too.
    const cancelling = await json(await submitUrl(w, `s3://${BUCKET}/incoming/changing.csv`));
    assert.equal((await w.fetch(`/api/imports/${cancelling.id}/cancel`, { method: 'POST' })).status, 200);
    await w.app.db.pool.query("UPDATE imports SET finished_at = now() - interval '30 days' WHERE id = $1", [cancelling.id]);
    await sweepLeftovers(w.app);
    assert.ok((await objectBytes(w, 'incoming/changing.csv')).equals(csv(4000, 9)));
  } finally {
    await w.close();
  }
});

test('lfp ingest takes an s3:// URL and submits it in place', async () => {
  const cli = await runCli(['ingest', '--detach', '--json', `s3://${BUCKET}/incoming/second.csv.gz`], {
    ...s3.env(PREFIX), DATABASE_URL: s.db.url, LFP_DATA_DIR: s.dataDir, LFP_SOURCE_HOSTS: `s3://${BUCKET}`,
  });
  assert.equal(cli.code, 0, cli.stderr);
  const imp = JSON.parse(cli.stdout);
  assert.equal(imp.sourceUrl, `s3://${BUCKET}/incoming/second.csv.gz`);
  assert.equal((await waitForImport(s.app.db.pool, imp.id)).status, 'succeeded');
  assert.ok((await objectBytes(s, 'incoming/second.csv.gz')).equals(gzipped));
});

test('with filesystem storage, an s3:// object is copied into it while hashing (API and CLI); a missing one is a 404', async () => {
  const { LFP_STORAGE_URL: _, ...aws } = s3.env(PREFIX);
  const f = await startTestServer({ chunkBytes: CHUNK_BYTES, env: { ...aws, LFP_SOURCE_HOSTS: `s3://${BUCKET}` } });
  try {
    await putObject(s, 'incoming/copied.csv', plain);
    const response = await submitUrl(f, `s3://${BUCKET}/incoming/copied.csv`);
    assert.equal(response.status, 202, await response.clone().text());
    const submitted = await json(response);
    // Copied: its content is known at submission, and nothing of the bucket is read by the import.
    assert.deepEqual([submitted.sourceUrl, submitted.sourceBytes, submitted.sha256], [null, plain.length, sha256(plain)]);
    assert.equal((await waitForImport(f.app.db.pool, submitted.id)).status, 'succeeded');

    const missing = await submitUrl(f, `s3://${BUCKET}/incoming/missing.csv`);
    assert.equal(missing.status, 404);
    assert.match((await json(missing)).detail, /^there is no object s3:\/\/lfp-test\/incoming\/missing\.csv/);

    const cli = await runCli(['ingest', '--detach', '--json', `s3://${BUCKET}/incoming/second.csv.gz`], {
      ...aws, DATABASE_URL: f.db.url, LFP_DATA_DIR: f.dataDir, LFP_SOURCE_HOSTS: `s3://${BUCKET}`,
    });
    assert.equal(cli.code, 0, cli.stderr);
    const imp = JSON.parse(cli.stdout);
    assert.deepEqual([imp.sourceUrl, imp.sha256], [null, sha256(gzipped)]);
    assert.equal((await waitForImport(f.app.db.pool, imp.id)).status, 'succeeded');
    // The files of the first test, uploaded to the reference in the same order.
    assert.deepEqual(await contents(f.app.db.pool), await contents(reference.app.db.pool));
  } finally {
    await f.close();
  }
});

test('with filesystem storage, the client that copied an s3:// object is closed with the copy', async () => {
  // A bucket of its own, which nothing else connects to: every connection it holds is the copy's.
  const own = await startTestS3('lfp-copy');
  const { LFP_STORAGE_URL: _, ...aws } = own.env(PREFIX);
  const f = await startTestServer({ chunkBytes: CHUNK_BYTES, env: { ...aws, LFP_SOURCE_HOSTS: 's3://lfp-copy' } });
  const client = new S3Client({ region: 'us-east-1', endpoint: own.endpoint, forcePathStyle: true });
  try {
    await client.send(new PutObjectCommand({ Bucket: 'lfp-copy', Key: 'incoming/copied.csv', Body: plain }));
    client.destroy();
    await eventually(async () => (await own.connections()) === 0, 20_000, 'the test\'s own client gone');
    const response = await submitUrl(f, 's3://lfp-copy/incoming/copied.csv');
    assert.equal(response.status, 202, await response.clone().text());
    // Idle, the copy's connection would stay open until the server's keep-alive timeout (5 s for s3rver).
    await eventually(async () => (await own.connections()) === 0, 1000, 'the copy\'s connection to the bucket closed');
    assert.equal((await waitForImport(f.app.db.pool, (await json(response)).id)).status, 'succeeded');
  } finally {
    await f.close();
    await own.close();
  }
});
