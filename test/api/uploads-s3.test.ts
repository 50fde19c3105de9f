import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import {
  AbortMultipartUploadCommand, CreateMultipartUploadCommand, ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand,
} from '@aws-sdk/client-s3';
import { generateCsv } from '../../src/generate/generator.js';
import { sweepLeftovers } from '../../src/jobs/sweep.js';
import type { ImportRecord } from '../../src/imports/model.js';
import { getImport } from '../../src/imports/store.js';
import { resumableUploads } from '../../src/storage/resumable.js';
import { S3Store } from '../../src/storage/s3.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestS3, storedKeys, type TestS3 } from '../support/storage.js';
import { tusClient } from '../support/tus.js';

// Resumable uploads with S3 storage: their parts gather in the bucket, under <prefix>resumable/, so two API
// processes with data directories of their own (here two servers on one database) serve the same upload.
const PREFIX = 'tus-test/';
const RESUMABLE = `${PREFIX}resumable/`;
const MiB = 1024 * 1024;
let s3: TestS3;
let a: TestServer;
let b: TestServer;
before(async () => {
  s3 = await startTestS3();
  const options = { env: s3.env(PREFIX), worker: false, maxUploadBytes: 64 * MiB };
  a = await startTestServer(options);
  b = await startTestServer({ ...options, config: { databaseUrl: a.app.config.databaseUrl } });
});
after(async () => {
  await b?.close();
  await a?.close();
  await s3?.close();
});

const onA = tusClient(() => a.url);
const onB = tusClient(() => b.url);
const csv = (rows: number, seed: number) => Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.05 })].join(''));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const client = () => (a.app.uploadStore as S3Store).client;

/** What is left of resumable uploads in the bucket: objects, and multipart uploads not completed or aborted. */
async function leftInBucket(prefix = RESUMABLE): Promise<{ objects: string[]; multipart: string[] }> {
  const objects = await client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  const multipart = await client().send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: prefix }));
  return { objects: (objects.Contents ?? []).map((o) => o.Key!), multipart: (multipart.Uploads ?? []).map((u) => u.Key!) };
}

async function importAt(location: string | null): Promise<ImportRecord> {
  assert.match(location ?? '', /^\/api\/imports\/\d+$/);
  return (await getImport(a.app.db.pool, Number(location!.split('/').pop())))!;
}

test('with S3 storage, an upload cut after a whole part resumes with only the remainder, makes one import and leaves nothing in the bucket', async () => {
  const data = csv(58_000, 11); // about 10 MiB: one part of 8 MiB, then the rest
  assert.ok(data.length > 9 * MiB);
  const created = await onA.create(data.length, { filename: 'bucket.csv' });
  assert.equal(created.status, 201, await created.text());
  const location = created.headers.get('location')!;
  assert.match(location, /^\/api\/uploads\/[0-9a-f-]{36}$/);
  const key = `${RESUMABLE}${location.split('/').pop()}`;

  const cutAt = 9 * MiB;
  const first = onA.hangingPatch(location, 0, data.subarray(0, cutAt));
  // The first part reaches the bucket as a part of the upload's multipart upload, seen as S3 lists them.
  for (let i = 0; ; i++) {
    assert.ok(i < 400, 'the first part is uploaded');
    const [pending] = (await client().send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: key }))).Uploads ?? [];
    const parts = pending && (await client().send(new ListPartsCommand({ Bucket: s3.bucket, Key: key, UploadId: pending.UploadId }))).Parts;
    if (parts?.length === 1) break;
    await sleep(25);
  }
  await sleep(200); // the rest of what was sent arrives
  first.cut();
  assert.ok((await first.sent) instanceof Error, 'the connection was cut mid-request');
  await sleep(200);

  // Asked on the other process: what the first received is in the bucket, the part and the incomplete rest.
  const resumeAt = await onB.offsetOf(location);
  assert.ok(resumeAt >= 8 * MiB && resumeAt <= cutAt, `kept ${resumeAt} bytes of the ${cutAt} sent before the cut`);
  const remainder = data.subarray(resumeAt);
  const final = await onB.patch(location, resumeAt, remainder);
  assert.equal(final.status, 204, await final.text());
  assert.equal(resumeAt + remainder.length, data.length, 'only the remainder was sent after the cut');
  const importLocation = final.headers.get('import-location');
  const imp = await importAt(importLocation);
  assert.equal(imp.sha256, sha256(data), 'the import has the file, byte for byte');
  assert.equal(imp.sourceBytes, data.length);

  const retried = await onA.patch(location, data.length, new Uint8Array(0));
  assert.equal(retried.status, 204);
  assert.equal(retried.headers.get('import-location'), importLocation, 'a retried final PATCH finds the import');
  const { rows } = await a.app.db.pool.query('SELECT count(*)::int AS n FROM imports WHERE source_name = $1', ['bucket.csv']);
  assert.equal(rows[0].n, 1, 'exactly one import');
  assert.deepEqual(await leftInBucket(), { objects: [], multipart: [] }, 'no partial object, no multipart upload left');
  assert.deepEqual(await storedKeys(a.app.uploadStore), [imp.storageKey], 'the stored upload is the import\'s, and nothing else is taken for one');
});

test('two API processes continue each other\'s upload: created and half sent on one, finished on the other', async () => {
  const data = csv(3000, 12);
  const created = await onA.create(data.length, { filename: 'both.csv' });
  const location = created.headers.get('location')!;
  const half = Math.floor(data.length / 2);
  assert.equal((await onA.patch(location, 0, data.subarray(0, half))).status, 204);
  assert.equal(await onB.offsetOf(location), half);
  const final = await onB.patch(location, half, data.subarray(half));
  assert.equal(final.status, 204, await final.text());
  const importLocation = final.headers.get('import-location');
  assert.equal((await importAt(importLocation)).sha256, sha256(data));
  assert.equal((await onA.head(location)).headers.get('import-location'), importLocation, 'the first process knows it complete');
  assert.deepEqual(await leftInBucket(), { objects: [], multipart: [] });
});

test('a PATCH left hanging on one process is ended when the client resumes on the other, which goes on from what was stored', async () => {
  const data = csv(3000, 13);
  const created = await onA.create(data.length, { filename: 'hanging.csv' });
  const location = created.headers.get('location')!;
  const half = Math.floor(data.length / 2);
  const hanging = onA.hangingPatch(location, 0, data.subarray(0, half)); // a client gone quiet: no more bytes, no close
  await sleep(300);
  // B's HEAD waits for the upload's lock, which A's request holds: B asks A to let go, and A ends that request.
  const resumeAt = await onB.offsetOf(location);
  const ended = await Promise.race([hanging.sent.then(() => 'ended'), sleep(1000).then(() => 'still hanging')]);
  hanging.cut();
  assert.equal(ended, 'ended', 'the request on A was ended before B answered');
  assert.ok(resumeAt <= half, `resumes at ${resumeAt}`);
  const final = await onB.patch(location, resumeAt, data.subarray(resumeAt));
  assert.equal(final.status, 204, await final.text());
  assert.equal((await importAt(final.headers.get('import-location'))).sha256, sha256(data));
});

test('with S3 storage, the sweep removes an abandoned upload once expired, and nothing of the bucket beside', async () => {
  const created = await onA.create(1000, { filename: 'abandoned.csv' });
  const location = created.headers.get('location')!;
  assert.equal((await onA.patch(location, 0, Buffer.alloc(100, 'a'))).status, 204);
  // A multipart upload of someone else's in the same bucket, and the stored uploads of the imports above.
  const foreign = await client().send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: 'elsewhere/big.bin' }));
  const stored = await storedKeys(a.app.uploadStore);

  await sweepLeftovers(b.app);
  assert.equal(await onA.offsetOf(location), 100, 'not yet expired: the sweep leaves it');
  await sleep(1100); // S3 times objects to the second
  await sweepLeftovers({ ...b.app, resumableUploads: resumableUploads(b.app.config.storage, 10) });
  assert.equal((await onA.head(location)).status, 404);
  assert.deepEqual(await leftInBucket(), { objects: [], multipart: [] });
  assert.deepEqual(await storedKeys(a.app.uploadStore), stored, 'the stored uploads are not touched');
  assert.deepEqual((await leftInBucket('elsewhere/')).multipart, ['elsewhere/big.bin'], 'nor what is not lfp\'s');
  await client().send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: 'elsewhere/big.bin', UploadId: foreign.UploadId }));
});
