import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aggregateDrift } from '../support/db.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.fetch(path, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function status(response: Response, expected: number) {
  assert.equal(response.status, expected, await response.clone().text());
  return response.status === 204 || response.status === 304 ? undefined : json(response);
}

async function count(name: string): Promise<number> {
  const response = await s.fetch(`/api/aggregates/${encodeURIComponent(name)}`);
  return response.status === 404 ? 0 : (await json(response)).productCount;
}

test('create (409 if it exists), read with ETag and 304, put (create or replace), patch, delete; aggregates follow', async () => {
  const created = await status(await send('POST', '/api/products', { sku: 'crud-1', name: ' Ann Lee ', description: 'first' }), 201);
  assert.deepEqual([created.sku, created.name, created.description, created.lastImportId], ['crud-1', 'Ann Lee', 'first', null]);
  await status(await send('POST', '/api/products', { sku: 'crud-1', name: 'Other' }), 409);
  assert.equal(await count('Ann Lee'), 1);

  const read = await s.fetch('/api/products/crud-1');
  const etag = read.headers.get('etag')!;
  assert.ok(etag);
  await status(await s.fetch('/api/products/crud-1', { headers: { 'if-none-match': etag } }), 304);

  await status(await send('PUT', '/api/products/crud-2', { name: 'Ann Lee', description: 'second' }), 201);
  assert.equal(await count('Ann Lee'), 2);
  const replaced = await status(await send('PUT', '/api/products/crud-2', { name: 'Bo Diddley' }), 200);
  assert.deepEqual([replaced.name, replaced.description], ['Bo Diddley', '']);
  assert.equal(await count('Ann Lee'), 1);
  assert.equal(await count('Bo Diddley'), 1);

  const patched = await status(await send('PATCH', '/api/products/crud-1', { name: 'Bo Diddley' }), 200);
  assert.deepEqual([patched.name, patched.description], ['Bo Diddley', 'first']);
  assert.equal(await count('Ann Lee'), 0, 'a name whose count reaches 0 disappears');
  assert.equal(await count('Bo Diddley'), 2);
  await status(await s.fetch('/api/products/crud-1', { headers: { 'if-none-match': etag } }), 200);

  await status(await send('DELETE', '/api/products/crud-1'), 204);
  await status(await send('DELETE', '/api/products/crud-1'), 404);
  await status(await send('PATCH', '/api/products/crud-1', { name: 'x' }), 404);
  await status(await s.fetch('/api/products/crud-1'), 404);
  assert.equal(await count('Bo Diddley'), 1);
  assert.deepEqual(await aggregateDrift(s.app.db.pool), []);
});

test('keyset pages cover every product once, in SKU order; q searches SKU and name prefixes; name filters exactly', async () => {
  for (let i = 0; i < 23; i++) {
    await status(await send('PUT', `/api/products/page-${String(i).padStart(2, '0')}`, { name: i % 2 ? 'Zoe Odd' : 'zoe even' }), 201);
  }
  const seen: string[] = [];
  for (let cursor = ''; ; ) {
    const page = await json(await s.fetch(`/api/products?q=page-&limit=5${cursor ? `&cursor=${cursor}` : ''}`));
    seen.push(...page.items.map((p: { sku: string }) => p.sku));
    if (!page.next) break;
    cursor = page.next;
  }
  assert.equal(seen.length, 23);
  assert.deepEqual(seen, [...seen].sort());
  const byName = await json(await s.fetch('/api/products?q=ZOE%20o&limit=100'));
  assert.equal(byName.items.length, 11, 'name prefix, case-insensitive');
  const exact = await json(await s.fetch(`/api/products?name=${encodeURIComponent('zoe even')}&limit=100`));
  assert.equal(exact.items.length, 12);
  const wildcard = await json(await s.fetch('/api/products?q=%25'));
  assert.equal(wildcard.items.length, 0, 'LIKE wildcards in q are literal');
});

test('aggregates by count (ties by name) and by name, paged, filtered', async () => {
  const all = async (query: string) => {
    const names: [string, number][] = [];
    for (let cursor = ''; ; ) {
      const page = await json(await s.fetch(`/api/aggregates?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`));
      names.push(...page.items.map((a: { name: string; productCount: number }) => [a.name, a.productCount] as [string, number]));
      if (!page.next) return names;
      cursor = page.next;
    }
  };
  const byCount = await all('sort=count&q=zoe');
  assert.deepEqual(byCount, [['zoe even', 12], ['Zoe Odd', 11]]);
  assert.deepEqual((await all('sort=name&q=ZOE')).map(([n]) => n), ['Zoe Odd', 'zoe even']);
  assert.equal((await s.fetch('/api/aggregates/nobody')).status, 404);
});

test('validation: SKU and field limits, bad JSON, oversized bodies, unknown routes, all as problems', async () => {
  const problem = async (response: Response, code: number) => {
    assert.equal(response.status, code);
    assert.match(response.headers.get('content-type')!, /problem\+json/);
  };
  await problem(await s.fetch(`/api/products/${'x'.repeat(121)}`), 400);
  await problem(await s.fetch(`/api/products/${'é'.repeat(120)}`), 404); // the longest SKU is a valid path
  await problem(await send('PUT', '/api/products/%01bad', {}), 400); // a SKU to create obeys the rule; lookups take stored ones
  await problem(await send('POST', '/api/products', { sku: 'v-1', name: 'n'.repeat(421) }), 400);
  await problem(await send('POST', '/api/products', { name: 'no sku' }), 400);
  await problem(await send('POST', '/api/products', '{"sku": "v-2", '), 400);
  await problem(await send('PUT', '/api/products/v-3', { description: 'd'.repeat(2 * 1024 * 1024) }), 413);
  await problem(await s.fetch('/api/nothing-here'), 404);
  await problem(await s.fetch('/api/products?limit=1001'), 400);
  await problem(await s.fetch('/api/aggregates?sort=size'), 400);
  await problem(await s.fetch('/api/aggregates?cursor=WzEsMl0'), 400); // [1,2]: not a [count, name] pair
});
