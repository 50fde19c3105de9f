import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { generateCsv } from '../../src/generate/generator.js';
import { json, startTestServer } from '../support/server.js';

const KEY = 'a-test-key-of-some-length';

test('with an API key, /api needs the bearer token (401 problem otherwise); health, metrics and docs do not', async () => {
  const s = await startTestServer({ apiKey: KEY });
  try {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: KEY }];
    for (const headers of attempts) {
      const response = await s.fetch('/api/stats', { headers });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.match(response.headers.get('content-type')!, /problem\+json/);
    }
    assert.equal((await s.fetch('/api/stats', { headers: { authorization: `Bearer ${KEY}` } })).status, 200);
    for (const path of ['/healthz', '/metrics', '/openapi.json', '/docs']) assert.equal((await s.fetch(path)).status, 200, path);
    const doc = await json(await s.fetch('/openapi.json'));
    assert.deepEqual(doc.security, [{ bearer: [] }]);
  } finally {
    await s.close();
  }
});

test('without a key the API is open; every response carries a request id, a given one is kept', async () => {
  const s = await startTestServer();
  try {
    const response = await s.fetch('/api/stats', { headers: { 'x-request-id': 'trace-me-1' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'trace-me-1');
    assert.ok((await s.fetch('/healthz')).headers.get('x-request-id'));
    const huge = await s.fetch('/api/stats', { headers: { 'x-filler': 'x'.repeat(64 * 1024) } });
    assert.equal(huge.status, 431);
  } finally {
    await s.close();
  }
});

test('a 50 MB upload streams to storage: the server process does not hold it in memory', async (context) => {
  const s = await startTestServer({ maxUploadBytes: 200 * 1024 * 1024 });
  const dir = await mkdtemp(join(tmpdir(), 'lfp-upload-'));
  try {
    const path = join(dir, 'big.csv');
    await pipeline(Readable.from(generateCsv({ rows: 300_000, seed: 3, duplicateRatio: 0 })), createWriteStream(path));
    const size = statSync(path).size;
    assert.ok(size > 50 * 1024 * 1024, `${size} bytes`);
    // Pause the worker so that only the upload runs while memory is watched.
    await s.worker!.stop();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/imports?filename=big.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(req);
    });
    clearInterval(sampler);
    assert.equal(status, 202);
    const grew = (peak - before) / 1024 / 1024;
    context.diagnostic(`RSS grew by ${grew.toFixed(1)} MB during a ${(size / 1024 / 1024).toFixed(0)} MB upload`);
    assert.ok(grew < 40, `the test process (server and client) grew by ${grew.toFixed(1)} MB during a ${(size / 1024 / 1024).toFixed(0)} MB upload`);
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});
