import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateCsv } from '../../src/generate/generator.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

/** What a dashboard follows: the stream of all imports, whole-import progress and honest figures, errors by reason. */

let s: TestServer;
before(async () => {
  s = await startTestServer({ chunkBytes: 64 * 1024 });
});
after(() => s.close());

const csv = (rows: number, seed: number) => Buffer.from([...generateCsv({ rows, seed, duplicateRatio: 0.05 })].join(''));
const upload = async (body: Buffer, query = '') =>
  json(await s.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body }));

async function finished(id: number) {
  for (;;) {
    const imp = await json(await s.fetch(`/api/imports/${id}`));
    if (['succeeded', 'failed', 'cancelled'].includes(imp.status)) return imp;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The events of a stream as they come, until `until` holds of the ones so far (or the time is up). */
async function eventsUntil(
  path: string,
  opened: () => void,
  until: (events: { event: string; data: any; at: number }[]) => boolean,
  timeoutMs = 30_000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const response = await s.fetch(path, { signal: controller.signal });
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  opened();
  const events: { event: string; data: any; at: number }[] = [];
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const piece of response.body!) {
      text += decoder.decode(piece as Uint8Array, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const match = /^event: (\w+)\ndata: (.*)$/s.exec(text.slice(0, end));
        if (match) events.push({ event: match[1]!, data: JSON.parse(match[2]!), at: Date.now() });
        text = text.slice(end + 2);
      }
      if (until(events)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

test('GET /api/imports/events: an import submitted elsewhere shows within 2 s, and every change after it until it ends', async () => {
  const submitted = { id: -1, at: 0 };
  const file = csv(20_000, 1);
  const events = await eventsUntil('/api/imports/events', () => {
    void upload(file, '?filename=elsewhere.csv').then((imp) => Object.assign(submitted, { id: imp.id, at: Date.now() }));
  }, (events) => events.some((e) => e.data.id === submitted.id && e.data.status === 'succeeded'));
  const mine = events.filter((e) => e.data.id === submitted.id);
  assert.ok(mine.length >= 2, 'submitted, then changes');
  assert.equal(mine[0]!.event, 'import');
  assert.equal(mine[0]!.data.sourceName, 'elsewhere.csv');
  assert.ok(mine[0]!.at - submitted.at < 2000, `first seen ${mine[0]!.at - submitted.at} ms after the upload was answered`);
  const percents = mine.map((e) => e.data.progress.percent).filter((p) => p !== null);
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'percent never goes back');
  assert.equal(mine.at(-1)!.data.progress.percent, 100);
  for (const e of mine.slice(0, -1)) assert.ok(e.data.progress.percent < 100, 'below 100 until it succeeded');
});

test('a finished import: rows per second is rows over the total time, finishedAt is the end, the timeline spans it', async () => {
  const imp = await finished((await upload(csv(30_000, 2))).id);
  assert.equal(imp.status, 'succeeded');
  assert.equal(imp.progress.rowsPerSecond, Math.round(imp.counts.rowsRead / (imp.timingsMs.total / 1000)));
  const submittedToEnd = Date.parse(imp.finishedAt) - Date.parse(imp.createdAt);
  assert.ok(Math.abs(submittedToEnd - imp.timingsMs.total) < 50, `finishedAt - createdAt ${submittedToEnd} ms, total ${imp.timingsMs.total} ms`);
  const steps = imp.timeline.map((span: { step: string }) => span.step);
  assert.deepEqual(steps.filter((step: string) => step !== 'waiting'), ['upload', 'queued', 'split', 'load', 'merge']);
  const merge = imp.timeline.find((span: { step: string }) => span.step === 'merge');
  const load = imp.timeline.find((span: { step: string }) => span.step === 'load');
  assert.ok(merge.startMs >= load.endMs, 'the merge begins once every chunk is loaded');
  assert.ok(Math.abs(merge.endMs - (imp.timingsMs.upload + submittedToEnd)) < 1, 'the merge ends when the import does');
  assert.ok(merge.endMs - merge.startMs <= imp.timingsMs.merge + 50, 'the merge span is the merge');
});

test('a file that is not text fails with what it is, and no encoding to try', async () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
  const imp = await finished((await upload(png, '?filename=catalog.xlsx')).id);
  assert.equal(imp.status, 'failed');
  assert.match(imp.error, /this is a PNG image, not CSV text/);
  assert.doesNotMatch(imp.error, /encoding/);
  assert.equal(imp.suggestion, null);
});

test('rejected rows grouped by reason, the most frequent first; the list filtered by one reason', async () => {
  const good = Array.from({ length: 20 }, (_, i) => `P${i},ok-${i},x`);
  const noSku = Array.from({ length: 30 }, (_, i) => `E${i},,x`);
  const extra = Array.from({ length: 8 }, (_, i) => `F${i},f-${i},x,extra`);
  const file = ['name,sku,description', ...good, ...extra, ...noSku].join('\n') + '\n';
  const imp = await finished((await upload(Buffer.from(file))).id);
  assert.equal(imp.counts.rowsRejected, 38);
  const summary = await json(await s.fetch(`/api/imports/${imp.id}/errors/summary`));
  assert.deepEqual(summary, {
    total: 38,
    reasons: [{ reason: 'sku is empty', rows: 30, firstLine: 30 }, { reason: 'has 4 fields, expected 3', rows: 8, firstLine: 22 }],
  });
  const filtered = await json(await s.fetch(`/api/imports/${imp.id}/errors?limit=1000&reason=${encodeURIComponent('has 4 fields, expected 3')}`));
  assert.deepEqual(filtered.items.map((e: { line: number }) => e.line), [22, 23, 24, 25, 26, 27, 28, 29]);
  const csvText = await (await s.fetch(`/api/imports/${imp.id}/errors?format=csv&reason=${encodeURIComponent('sku is empty')}`)).text();
  assert.equal(csvText.trim().split('\n').length, 31, 'the header and the 30 rows of that reason');
  assert.equal((await s.fetch('/api/imports/999999/errors/summary')).status, 404);
});

test('/stats counts dry runs apart from applied imports', async () => {
  const before = await json(await s.fetch('/api/stats'));
  await finished((await upload(csv(100, 3), '?dryRun=true')).id);
  const after = await json(await s.fetch('/api/stats'));
  assert.equal(after.dryRunsByStatus.succeeded, before.dryRunsByStatus.succeeded + 1);
  assert.equal(after.importsByStatus.succeeded, before.importsByStatus.succeeded);
});

test('validation problems are told in plain words, not the validator\'s', async () => {
  const detail = async (path: string, init?: RequestInit) => {
    const response = await s.fetch(path, init);
    assert.equal(response.status, 400);
    return (await json(response)).detail as string;
  };
  assert.equal(await detail('/api/imports?limit=5000'), '/limit must be at most 200');
  assert.equal(await detail('/api/imports?limit=0'), '/limit must be at least 1');
  assert.equal(await detail('/api/aggregates?sort=size'), '/sort must be one of "count", "fewest", "name"');
  assert.equal(await detail('/api/imports/1/retry?dialect=guess', { method: 'POST' }), '/dialect must be one of "as-before", "suggested", "detect"');
  const long = await detail('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'v-1', name: 'x'.repeat(500) }) });
  assert.match(long, /^\/name is longer than \d+ characters$/);
  const missing = await detail('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'no sku' }) });
  assert.equal(missing, '/sku is required');
  for (const text of [long, missing]) assert.doesNotMatch(text, /Too big|Too small|Invalid|expected/);
});
