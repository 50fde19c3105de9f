import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ResumableUploads } from '../../src/api/routes/uploads.js';
import { generateCsv } from '../../src/generate/generator.js';
import { waitForImport } from '../support/app.js';
import { contents, createTestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

const KEY = 'resumable-uploads-test-key';
const MAX_BYTES = 4 * 1024 * 1024;
let s: TestServer;
before(async () => {
  s = await startTestServer({ apiKey: KEY, maxUploadBytes: MAX_BYTES, maxConcurrentUploads: 2 });
});
after(() => s.close());

const csv = (rows: number, seed: number) => Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.05 })].join(''));
const auth = { authorization: `Bearer ${KEY}`, 'tus-resumable': '1.0.0' };
const metadata = (fields: Record<string, string>) =>
  Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

async function create(length: number, fields: Record<string, string> = { filename: 'resumed.csv' }): Promise<Response> {
  return s.fetch('/api/uploads', { method: 'POST', headers: { ...auth, 'upload-length': String(length), 'upload-metadata': metadata(fields) } });
}

async function offsetOf(location: string): Promise<number> {
  const head = await fetch(new URL(location, s.url), { method: 'HEAD', headers: auth });
  assert.equal(head.status, 200);
  return Number(head.headers.get('upload-offset'));
}

function patch(location: string, offset: number, body: Buffer | Uint8Array | ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<Response> {
  return fetch(new URL(location, s.url), {
    method: 'PATCH',
    headers: { ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    body,
    signal,
    duplex: 'half',
  } as RequestInit);
}

/**
 * How many bytes of an upload have reached the server's disk, looked at there: a HEAD would make the server end the
 * PATCH in progress (tus hands the upload to the newest request, as after a client's reconnect).
 */
async function receivedOnDisk(location: string): Promise<number> {
  return (await stat(join(s.dataDir, 'resumable', location.split('/').pop()!)).catch(() => ({ size: 0 }))).size;
}

async function whenReceived(location: string, bytes: number): Promise<void> {
  for (let i = 0; (await receivedOnDisk(location)) < bytes; i++) {
    assert.ok(i < 400, `${bytes} bytes arrive`);
    await sleep(25);
  }
}

/** A PATCH that sends `data` and then hangs until `cut` is called, which cuts its connection. */
function hangingPatch(location: string, offset: number, data: Buffer) {
  const abort = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(data));
    },
  });
  const sent = patch(location, offset, body, abort.signal).catch((error: Error) => error);
  return { sent, cut: () => abort.abort() };
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
  const head = await fetch(new URL(location, s.url), { method: 'HEAD', headers: auth });
  assert.equal(head.headers.get('upload-offset'), String(data.length));
  assert.equal(head.headers.get('import-location'), importLocation);

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
  assert.equal((await fetch(new URL(bombLocation, s.url), { method: 'HEAD', headers: auth })).status, 404, 'a file that can never be imported is not kept');

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

test('an abandoned upload is removed once expired', async () => {
  const created = await create(1000);
  const location = created.headers.get('location')!;
  assert.equal((await patch(location, 0, Buffer.alloc(100, 'a'))).status, 204);
  await sleep(20);
  assert.equal(await new ResumableUploads(s.dataDir, 10 * 60_000).expire(), 0, 'not yet expired');
  assert.ok((await new ResumableUploads(s.dataDir, 10).expire()) >= 1);
  assert.equal((await fetch(new URL(location, s.url), { method: 'HEAD', headers: auth })).status, 404);
});
