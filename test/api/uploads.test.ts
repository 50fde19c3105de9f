import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateCsv } from '../../src/generate/generator.js';
import { sweepLeftovers } from '../../src/jobs/sweep.js';
import { resumableUploads } from '../../src/storage/resumable.js';
import { waitForImport } from '../support/app.js';
import { contents, createTestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { storedKeys } from '../support/storage.js';
import { tusClient } from '../support/tus.js';

const KEY = 'resumable-uploads-test-key';
const MAX_BYTES = 4 * 1024 * 1024;
let s: TestServer;
before(async () => {
  s = await startTestServer({ apiKey: KEY, maxUploadBytes: MAX_BYTES, maxConcurrentUploads: 2 });
});
after(() => s.close());

const csv = (rows: number, seed: number) => Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.05 })].join(''));
const { auth, create, head, offsetOf, patch, hangingPatch } = tusClient(() => s.url, KEY);

/**
 * How many bytes of an upload have reached the server's disk (beside the stored uploads, in `resumable/`), looked at
 * there: a HEAD would make the server end the PATCH in progress (tus hands the upload to the newest request, as
 * after a client's reconnect).
 */
async function receivedOnDisk(location: string): Promise<number> {
  return (await stat(join(s.dataDir, 'uploads', 'resumable', location.split('/').pop()!)).catch(() => ({ size: 0 }))).size;
}

async function whenReceived(location: string, bytes: number): Promise<void> {
  for (let i = 0; (await receivedOnDisk(location)) < bytes; i++) {
    assert.ok(i < 400, `${bytes} bytes arrive`);
    await sleep(25);
  }
}

test('an upload cut at 60% resumes from where it stopped and makes exactly one import, even with its final PATCH retried', async () => {
  const data = csv(6000, 1);
  const created = await create(data.length);
  assert.equal(created.status, 201, await created.text());
  const location = created.headers.get('location')!;
  assert.match(location, /^\/api\/uploads\/[0-9a-f-]{36}$/);

  const cutAt = Math.floor(data.length * 0.6);
  const first = hangingPatch(location, 0, data.subarray(0, cutAt));
  await whenReceived(location, cutAt);
  first.cut();
  assert.ok((await first.sent) instanceof Error, 'the connection was cut mid-request');
  await sleep(100);
  const resumeAt = await offsetOf(location);
  assert.equal(resumeAt, cutAt, 'the server kept every byte it received before the cut');

  const remainder = data.subarray(resumeAt);
  const final = await patch(location, resumeAt, remainder);
  assert.equal(final.status, 204, await final.text());
  assert.equal(Number(final.headers.get('upload-offset')), data.length);
  assert.equal(resumeAt + remainder.length, data.length, 'only the remainder was sent after the cut');
  const importLocation = final.headers.get('import-location');
  assert.match(importLocation ?? '', /^\/api\/imports\/\d+$/);

  // The response was lost, say: the client sends its final PATCH again, and asks where it stands.
  const retried = await patch(location, data.length, new Uint8Array(0));
  assert.equal(retried.status, 204);
  assert.equal(retried.headers.get('import-location'), importLocation);
  const headed = await head(location);
  assert.equal(headed.headers.get('upload-offset'), String(data.length));
  assert.equal(headed.headers.get('import-location'), importLocation);

  const id = Number(importLocation!.split('/').pop());
  const done = await waitForImport(s.app.db.pool, id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.sourceName, 'resumed.csv');
  const { rows } = await s.app.db.pool.query('SELECT count(*)::int AS n FROM imports WHERE source_name = $1', ['resumed.csv']);
  assert.equal(rows[0].n, 1, 'exactly one import');
  const direct = await createTestDatabase();
  try {
    await ingestBuffer(direct.pool, data);
    assert.deepEqual(await contents(s.app.db.pool), await contents(direct.pool));
  } finally {
    await direct.drop();
  }
});

test('import options travel in Upload-Metadata; bad ones are refused at creation', async () => {
  const data = csv(50, 2);
  const created = await create(data.length, { filename: 'dry.csv', dryRun: 'true' });
  assert.equal(created.status, 201);
  const final = await patch(created.headers.get('location')!, 0, data);
  assert.equal(final.status, 204, await final.text());
  const imp = await json(await s.fetch(final.headers.get('import-location')!, { headers: auth }));
  assert.equal(imp.options.dryRun, true);
  const bad = await create(10, { filename: 'x.csv', mode: 'sometimes' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Upload-Metadata mode/);
});

test('auth, the size limit (declared, and decompressed for gzip) and the concurrent-upload limit apply', async () => {
  const anonymous = await s.fetch('/api/uploads', { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
  assert.equal(anonymous.status, 401);

  const tooLarge = await create(MAX_BYTES + 1);
  assert.equal(tooLarge.status, 413);

  const bomb = gzipSync(Buffer.alloc(MAX_BYTES * 2, 'a'));
  const bombUpload = await create(bomb.length, { filename: 'bomb.csv.gz' });
  assert.equal(bombUpload.status, 201, await bombUpload.clone().text());
  const bombLocation = bombUpload.headers.get('location')!;
  const refused = await patch(bombLocation, 0, bomb);
  assert.equal(refused.status, 413);
  assert.equal((await head(bombLocation)).status, 404, 'a file that can never be imported is not kept');

  const data = csv(2000, 3);
  const holders = [];
  for (let i = 0; i < 2; i++) {
    const holding = await create(data.length);
    assert.equal(holding.status, 201, `holder ${i}: ${await holding.clone().text()}`);
    const location = holding.headers.get('location')!;
    const holder = hangingPatch(location, 0, data.subarray(0, 1000));
    await whenReceived(location, 1000);
    holders.push(holder);
  }
  const third = await create(data.length);
  assert.equal(third.status, 503, 'a third upload at once waits for a slot');
  assert.ok(third.headers.get('retry-after'));
  for (const holder of holders) holder.cut();
  await Promise.all(holders.map((h) => h.sent));
  await sleep(100);
  assert.equal((await create(data.length)).status, 201, 'the slots are free again');
});

test('an abandoned upload is removed by the sweep once expired, and is never taken for a stored upload', async () => {
  const created = await create(1000);
  const location = created.headers.get('location')!;
  assert.equal((await patch(location, 0, Buffer.alloc(100, 'a'))).status, 204);
  assert.ok(!(await storedKeys(s.app.uploadStore)).includes(location.split('/').pop()!), 'the upload store lists no upload in progress');
  await sweepLeftovers(s.app);
  assert.equal(await offsetOf(location), 100, 'not yet expired: the sweep leaves it');
  await sleep(20);
  // The same place, with an expiry of 10 ms, as a worker with LFP_UPLOAD_EXPIRY_HOURS that small would see it.
  await sweepLeftovers({ ...s.app, resumableUploads: resumableUploads(s.app.config.storage, 10) });
  assert.equal((await head(location)).status, 404);
});

test('an idempotencyKey in Upload-Metadata: the same file uploaded again with it finds the first import', async () => {
  const data = csv(300, 7);
  const fields = { filename: 'keyed.csv', idempotencyKey: 'client-key-1' };
  const first = await create(data.length, fields);
  const firstLocation = first.headers.get('location')!;
  const firstDone = await patch(firstLocation, 0, data);
  assert.equal(firstDone.status, 204, await firstDone.text());
  const importLocation = firstDone.headers.get('import-location')!;
  assert.match(importLocation, /^\/api\/imports\/\d+$/);

  // The client lost the upload's URL: it uploads the file again, with the same key.
  const second = await create(data.length, fields);
  const secondLocation = second.headers.get('location')!;
  assert.notEqual(secondLocation, firstLocation);
  const secondDone = await patch(secondLocation, 0, data);
  assert.equal(secondDone.status, 204, await secondDone.text());
  assert.equal(secondDone.headers.get('import-location'), importLocation, 'the first import, not a second one');
  const { rows } = await s.app.db.pool.query('SELECT count(*)::int AS n FROM imports WHERE source_name = $1', ['keyed.csv']);
  assert.equal(rows[0].n, 1);

  // Each upload's retried final PATCH, and its HEAD, still find that import.
  for (const location of [firstLocation, secondLocation]) {
    const retried = await patch(location, data.length, new Uint8Array(0));
    assert.equal(retried.status, 204);
    assert.equal(retried.headers.get('import-location'), importLocation);
    assert.equal((await head(location)).headers.get('import-location'), importLocation);
  }

  // The key with another file is refused, as POST /api/imports refuses it, and the upload is not kept.
  const other = csv(300, 8);
  const reused = await create(other.length, fields);
  const reusedLocation = reused.headers.get('location')!;
  const refused = await patch(reusedLocation, 0, other);
  assert.equal(refused.status, 422);
  assert.match(await refused.text(), /Idempotency-Key was first used for import/);
  assert.equal((await head(reusedLocation)).status, 404);

  const tooLong = await create(10, { filename: 'x.csv', idempotencyKey: 'k'.repeat(256) });
  assert.equal(tooLong.status, 400);
  assert.match(await tooLong.text(), /Upload-Metadata idempotencyKey/);
});
