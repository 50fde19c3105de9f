import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { generateCsv } from '../../src/generate/generator.js';
import { startWorker } from '../../src/jobs/worker.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { storedKeys } from '../support/storage.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ maxUploadBytes: 8 * 1024 * 1024, maxConcurrentUploads: 16 });
});
after(() => s.close());

const csv = (rows: number, seed: number) => Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.05 })].join(''));

async function upload(body: Buffer, type = 'text/csv', query = '') {
  return s.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': type }, body });
}

async function finished(id: number) {
  for (;;) {
    const imp = await json(await s.fetch(`/api/imports/${id}`));
    if (['succeeded', 'failed', 'cancelled'].includes(imp.status)) return imp;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function problemOf(response: Response, status: number) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = await json(response);
  assert.equal(problem.status, status);
  assert.ok(problem.type && problem.title && problem.detail && problem.requestId);
  return problem;
}

test('a raw CSV upload answers 202 with Location; the import then succeeds with its counts and timings', async () => {
  const data = csv(3000, 1);
  const response = await upload(data, 'text/csv', '?filename=products.csv');
  assert.equal(response.status, 202);
  const queued = await json(response);
  assert.equal(response.headers.get('location'), `/api/imports/${queued.id}`);
  assert.equal(queued.sourceName, 'products.csv');
  assert.equal(queued.sha256, createHash('sha256').update(data).digest('hex'));
  const done = await finished(queued.id);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.counts.rowsRead, 3000);
  assert.equal(done.progress.percent, 100);
  for (const phase of ['upload', 'split', 'load', 'merge', 'total']) assert.equal(typeof done.timingsMs[phase], 'number', phase);
});

test('gzip as the raw body and a multipart upload; file names are reduced to their last segment', async () => {
  const gz = await upload(gzipSync(csv(500, 2)), 'application/gzip', '?filename=..%2F..%2Fetc%2Fpasswd.gz');
  assert.equal(gz.status, 202);
  const g = await json(gz);
  assert.equal(g.sourceName, 'passwd.gz');
  const form = new FormData();
  form.append('file', new Blob([csv(500, 3)]), 'from-a-form.csv');
  const multi = await s.fetch('/api/imports', { method: 'POST', body: form });
  assert.equal(multi.status, 202);
  const m = await json(multi);
  assert.equal(m.sourceName, 'from-a-form.csv');
  assert.deepEqual([(await finished(g.id)).status, (await finished(m.id)).status], ['succeeded', 'succeeded']);
});

test('empty body 400, JSON without a URL 400, wrong media type 415, too large 413 (also once decompressed), and nothing is kept', async () => {
  const before = await json(await s.fetch('/api/imports?limit=200'));
  await problemOf(await upload(Buffer.alloc(0)), 400);
  await problemOf(await upload(Buffer.from('{"a":1}'), 'application/json'), 400); // JSON names a URL to import: this names none
  await problemOf(await upload(Buffer.from('x'), 'text/plain'), 415);
  const big = Buffer.alloc(9 * 1024 * 1024, 'a');
  await problemOf(await upload(big), 413);
  const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 'a')); // 20 KB that inflate to 20 MB
  assert.ok(bomb.length < 100_000);
  await problemOf(await upload(bomb, 'application/gzip'), 413);
  const form = new FormData();
  form.append('other', new Blob([csv(10, 4)]), 'x.csv');
  await problemOf(await s.fetch('/api/imports', { method: 'POST', body: form }), 400);
  const afterList = await json(await s.fetch('/api/imports?limit=200'));
  assert.equal(afterList.items.length, before.items.length, 'no import was created');
  const stored = await storedKeys(s.app.uploadStore);
  const keys = (await s.app.db.pool.query('SELECT storage_key FROM imports')).rows.map((r) => r.storage_key);
  assert.deepEqual(stored.filter((n) => !keys.includes(n)), [], 'no stray upload is kept');
});

test('imports list newest first with a cursor; one import by id; 404 and 400 as problems', async () => {
  const first = await json(await s.fetch('/api/imports?limit=2'));
  assert.equal(first.items.length, 2);
  assert.ok(first.items[0].id > first.items[1].id);
  const second = await json(await s.fetch(`/api/imports?limit=2&cursor=${first.next}`));
  assert.ok(second.items[0].id < first.items[1].id);
  await problemOf(await s.fetch('/api/imports/999999'), 404);
  await problemOf(await s.fetch('/api/imports/abc'), 400);
  await problemOf(await s.fetch('/api/imports?cursor=WyJ4Il0'), 400); // ["x"]: a forged cursor
  await problemOf(await s.fetch('/api/imports?limit=-5'), 400);
});

test('events stream progress until the import ends', async () => {
  const imp = await json(await upload(csv(20_000, 5)));
  const response = await s.fetch(`/api/imports/${imp.id}/events`);
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const text = await response.text(); // the server ends the stream with the import
  const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => [m[1], JSON.parse(m[2]!)]);
  assert.ok(events.length >= 2);
  assert.equal(events.at(-1)![0], 'end');
  assert.equal(events.at(-1)![1].status, 'succeeded');
  assert.equal(events.at(-1)![1].counts.rowsRead, 20_000);
});

test('rejected rows page as JSON and download as CSV', async () => {
  const file = 'name,sku,description\nA,,x\nB,b-1,y\n"C",c-1,z,extra\nD,,w\n';
  const imp = await finished((await json(await upload(Buffer.from(file)))).id);
  assert.equal(imp.counts.rowsRejected, 3);
  const page1 = await json(await s.fetch(`/api/imports/${imp.id}/errors?limit=2`));
  assert.deepEqual(page1.items.map((e: { line: number }) => e.line), [2, 4]);
  const page2 = await json(await s.fetch(`/api/imports/${imp.id}/errors?limit=2&cursor=${page1.next}`));
  assert.deepEqual(page2.items.map((e: { line: number }) => e.line), [5]);
  assert.equal(page2.next, null);
  for (const init of [{ path: '?format=csv' }, { path: '', headers: { accept: 'text/csv' } }]) {
    const response = await s.fetch(`/api/imports/${imp.id}/errors${init.path}`, { headers: init.headers });
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(await response.text(), 'line,reason,raw\n2,sku is empty,"A,,x"\n4,"has 4 fields, expected 3","""C"",c-1,z,extra"\n5,sku is empty,"D,,w"\n');
  }
});

test('cancel and retry: 409 for a finished import, 404 for none, 202 for a retry', async () => {
  const imp = await finished((await json(await upload(csv(100, 6)))).id);
  await problemOf(await s.fetch(`/api/imports/${imp.id}/cancel`, { method: 'POST' }), 409);
  await problemOf(await s.fetch(`/api/imports/${imp.id}/retry`, { method: 'POST' }), 409);
  await problemOf(await s.fetch('/api/imports/999999/cancel', { method: 'POST' }), 404);
  const failed = await finished((await json(await upload(Buffer.from('name,description\nx,y\n')))).id);
  assert.equal(failed.status, 'failed');
  const retried = await s.fetch(`/api/imports/${failed.id}/retry`, { method: 'POST' });
  assert.equal(retried.status, 202);
  // Queued again: by the time the answer is read the worker may have started it, even failed it again.
  const answered = await json(retried);
  assert.equal(answered.id, failed.id);
  assert.notEqual(answered.finishedAt, failed.finishedAt);
  const again = await finished(failed.id);
  assert.equal(again.status, 'failed');
  assert.ok(again.finishedAt > failed.finishedAt, 'a second attempt ran');
});

test('cancel of a running import answers 200 and leaves the tables as they were', async () => {
  const before = await json(await s.fetch('/api/stats'));
  await s.worker!.stop(); // nothing loads until the cancel is in
  const imp = await json(await upload(csv(2000, 7)));
  const response = await s.fetch(`/api/imports/${imp.id}/cancel`, { method: 'POST' });
  assert.equal(response.status, 200);
  assert.equal((await json(response)).status, 'cancelled');
  s.worker = await startWorker(s.app, 2);
  assert.equal((await json(await s.fetch('/api/stats'))).products, before.products);
});

test('20 uploads at once: each is stored and imported intact, or refused with 503 and Retry-After', async () => {
  const files = Array.from({ length: 20 }, (_, i) => csv(300, 100 + i));
  const responses = await Promise.all(files.map((f) => upload(f)));
  const accepted = [];
  for (const [i, response] of responses.entries()) {
    if (response.status === 503) {
      assert.ok(Number(response.headers.get('retry-after')) > 0);
      await problemOf(response, 503);
      continue;
    }
    assert.equal(response.status, 202);
    const imp = await json(response);
    assert.equal(imp.sha256, createHash('sha256').update(files[i]!).digest('hex'), 'stored intact');
    accepted.push(imp);
  }
  assert.ok(accepted.length >= 16, `${accepted.length} accepted`);
  for (const imp of accepted) assert.equal((await finished(imp.id)).status, 'succeeded');
});
