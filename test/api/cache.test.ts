import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { json, startTestServer, type TestServer } from '../support/server.js';

// The real Redis on this machine; each test database gets keys of its own (they name the database).
const REDIS_URL = process.env.LFP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let s: TestServer;
before(async () => {
  s = await startTestServer({ redisUrl: REDIS_URL });
});
after(() => s.close());

async function metric(name: string): Promise<number> {
  const text = await (await s.fetch('/metrics')).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? 0);
}

const send = (method: string, path: string, body?: unknown) =>
  s.fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });

test('a repeated read is a cache hit; a read after any write sees the write', async () => {
  const list = async () => json(await s.fetch('/api/aggregates?sort=name&limit=100'));
  const names = async () => (await list()).items.map((a: { name: string; productCount: number }) => `${a.name}:${a.productCount}`);
  assert.deepEqual(await names(), []);
  const hits = await metric('lfp_cache_hits_total');
  await list();
  assert.equal(await metric('lfp_cache_hits_total'), hits + 1);

  await send('POST', '/api/products', { sku: 'c-1', name: 'Ann' });
  assert.deepEqual(await names(), ['Ann:1']);
  await send('PUT', '/api/products/c-2', { name: 'Ann' });
  assert.deepEqual(await names(), ['Ann:2']);
  await send('PATCH', '/api/products/c-2', { name: 'Bo' });
  assert.deepEqual(await names(), ['Ann:1', 'Bo:1']);
  await send('DELETE', '/api/products/c-1');
  assert.deepEqual(await names(), ['Bo:1']);
  const products = async () => (await json(await s.fetch('/api/products'))).items.map((p: { sku: string }) => p.sku);
  assert.deepEqual(await products(), ['c-2']);

  const stats = async () => json(await s.fetch('/api/stats'));
  assert.equal((await stats()).products, 1);
  const upload = await s.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,sku\nCy,c-3\nCy,c-4\n' });
  const { id } = await json(upload);
  for (let imp = await json(await s.fetch(`/api/imports/${id}`)); imp.status !== 'succeeded'; imp = await json(await s.fetch(`/api/imports/${id}`))) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(await names(), ['Bo:1', 'Cy:2']);
  assert.deepEqual(await products(), ['c-2', 'c-3', 'c-4']);
  const after = await stats();
  assert.equal(after.products, 3);
  assert.equal(after.importsByStatus.succeeded, 1);
  assert.equal(after.lastImport.id, id);
});

test('with Redis unreachable, reads are served by the database and the errors are counted', async () => {
  const broken = await startTestServer({ redisUrl: 'redis://127.0.0.1:1' });
  try {
    for (const path of ['/api/products', '/api/aggregates', '/api/stats']) assert.equal((await broken.fetch(path)).status, 200, path);
    const text = await (await broken.fetch('/metrics')).text();
    assert.ok(Number(text.match(/^lfp_cache_errors_total (\d+)/m)?.[1]) >= 3);
    const ready = await broken.fetch('/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(await json(ready), { database: true, queue: true, cache: false, storage: true });
  } finally {
    await broken.close();
  }
});
