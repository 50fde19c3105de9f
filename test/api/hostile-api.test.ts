import { parse } from 'csv-parse/sync';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_CURSOR_LENGTH } from '../../src/api/cursor.js';
import { waitForImport } from '../support/app.js';
import { aggregateDrift } from '../support/db.js';
import { rawExchange } from '../support/raw-http.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const send = (method: string, path: string, body?: unknown) =>
  s.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function problem(response: Response, status: number, what = '') {
  const text = await response.text();
  assert.equal(response.status, status, `${what}: ${text}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
  const body = JSON.parse(text);
  assert.equal(body.status, status, what);
  assert.match(body.type, /^\/problems\/[a-z0-9_-]+$/, what);
  assert.ok(body.title && body.detail && body.requestId, what);
  return body as { type: string; detail: string; requestId: string };
}

/** Every page of a listing, following `next` until there is none. */
async function everyPage<T>(path: string): Promise<{ items: T[]; longestCursor: number }> {
  const items: T[] = [];
  let longestCursor = 0;
  for (let cursor = ''; ;) {
    const response = await s.fetch(`${path}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(response.status, 200, `a cursor of ${cursor.length} characters: ${await response.clone().text()}`);
    const page = (await response.json()) as { items: T[]; next: string | null };
    items.push(...page.items);
    if (page.next === null) return { items, longestCursor };
    cursor = page.next;
    longestCursor = Math.max(longestCursor, cursor.length);
  }
}

test('x-request-id is taken from the client only when short and printable', async () => {
  const idOf = async (given: string) => (await s.fetch('/api/stats', { headers: { 'x-request-id': given } })).headers.get('x-request-id')!;
  for (const kept of ['trace-me-1', 'a.b:c_d-E', 'x'.repeat(128)]) assert.equal(await idOf(kept), kept);
  for (const replaced of ['x'.repeat(15 * 1024), 'x'.repeat(129), 'two words', '<script>', 'naïve', '']) {
    const id = await idOf(replaced);
    assert.match(id, UUID, replaced.slice(0, 20));
  }
  // The id of an error is the generated one too.
  const response = await s.fetch('/api/products/nothing-here', { headers: { 'x-request-id': 'x'.repeat(15 * 1024) } });
  const body = await problem(response, 404);
  assert.match(body.requestId, UUID);
  assert.equal(response.headers.get('x-request-id'), body.requestId);
});

test('every error is problem+json with a relative type: bad URLs, unknown routes and methods, sizes, broken HTTP', async () => {
  assert.equal((await problem(await s.fetch('/api/products/nope'), 404)).type, '/problems/not-found');
  const badEncoding = await problem(await s.fetch('/api/products/%E0%A4%A'), 400, 'bad percent-encoding');
  assert.match(badEncoding.requestId, UUID);
  await problem(await s.fetch('/api/aggregates/%ZZ'), 400, 'not percent-encoding at all');
  await problem(await s.fetch(`/api/products/${'x'.repeat(6000)}`), 414, 'a parameter over the router limit');
  await problem(await s.fetch('/api/nothing-here'), 404, 'unknown route');
  await problem(await s.fetch('/nothing-here'), 404, 'unknown route outside /api');
  await problem(await send('DELETE', '/api/stats'), 404, 'a method the route does not have');
  await problem(await send('PATCH', '/api/imports'), 404, 'a method the route does not have');
  await problem(await send('PUT', '/api/products/big', { description: 'd'.repeat(2 * 1024 * 1024) }), 413, 'body too large');
  await problem(await s.fetch('/api/products', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' }), 415, 'media type');
  await problem(await s.fetch('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":' }), 400, 'bad JSON');
  await problem(await s.fetch('/api/stats', { headers: { 'x-filler': 'x'.repeat(64 * 1024) } }), 431, 'headers too large');
  // What Node's HTTP parser refuses before there is a request.
  const broken = await rawExchange(s.url, 'NOT HTTP AT ALL\r\n\r\n');
  assert.match(broken, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(broken, /\r\nContent-Type: application\/problem\+json\r\n/);
  const body = JSON.parse(broken.slice(broken.indexOf('\r\n\r\n') + 4));
  assert.deepEqual([body.type, body.status], ['/problems/bad-request', 400]);
});

test('NUL in a name, description, SKU, search or cursor is a 400 problem, not a database error; other controls in text are kept', async () => {
  const nul = (response: Response, what: string) => problem(response, 400, what);
  assert.match((await nul(await send('POST', '/api/products', { sku: 'nul-1', name: 'a\u0000b' }), 'POST name')).detail, /\/name contains the control character NUL/);
  assert.match((await nul(await send('POST', '/api/products', { sku: 'nul-1', description: 'a\u0000' }), 'POST description')).detail, /\/description .*NUL/);
  await nul(await send('PUT', '/api/products/nul-2', { name: '\u0000' }), 'PUT name');
  await nul(await send('PUT', '/api/products/nul-2', { description: 'x\u0000' }), 'PUT description');
  assert.equal((await send('PUT', '/api/products/nul-3', { name: 'ok' })).status, 201);
  await nul(await send('PATCH', '/api/products/nul-3', { name: 'x\u0000' }), 'PATCH name');
  await nul(await send('PATCH', '/api/products/nul-3', { description: '\u0000' }), 'PATCH description');
  await nul(await send('POST', '/api/products', { sku: 'nul\u0000' }), 'POST sku');
  await nul(await s.fetch('/api/products/nul%00'), 'GET sku');
  await nul(await send('DELETE', '/api/products/nul%00'), 'DELETE sku');
  await nul(await s.fetch('/api/products?q=%00'), 'q');
  await nul(await s.fetch('/api/products?name=a%00'), 'name');
  await nul(await s.fetch('/api/aggregates?q=%00'), 'aggregates q');
  await nul(await s.fetch('/api/aggregates/a%00'), 'aggregate name');
  const nulCursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  await nul(await s.fetch(`/api/products?cursor=${nulCursor(['a\u0000'])}`), 'products cursor');
  await nul(await s.fetch(`/api/aggregates?sort=name&cursor=${nulCursor(['a\u0000'])}`), 'aggregates cursor');
  await nul(await s.fetch(`/api/aggregates?cursor=${nulCursor([1, 'a\u0000'])}`), 'aggregates cursor by count');
  // An import keeps tabs, line breaks and other controls in names and descriptions; so does the API.
  const kept = await send('PUT', '/api/products/nul-4', { name: 'Bell\u0007 and\ttab', description: 'line one\nline two\r\n\tindented' });
  assert.equal(kept.status, 201);
  assert.deepEqual(await json(kept).then((p) => [p.name, p.description]), ['Bell\u0007 and\ttab', 'line one\nline two\r\n\tindented']);
  assert.deepEqual(await aggregateDrift(s.app.db.pool), []);
});

test('If-None-Match: *, weak comparison and lists answer 304; other tags 200; * on a missing product 404', async () => {
  assert.equal((await send('PUT', '/api/products/inm-1', { name: 'Tagged' })).status, 201);
  const etag = (await s.fetch('/api/products/inm-1')).headers.get('etag')!;
  assert.match(etag, /^"[^"]+"$/);
  const ask = (header: string, sku = 'inm-1') => s.fetch(`/api/products/${sku}`, { headers: { 'if-none-match': header } });
  for (const header of [etag, '*', ' * ', `W/${etag}`, `"other", ${etag}`, `W/"other",W/${etag}`, `"a","b" , W/${etag} ,"c"`]) {
    const response = await ask(header);
    assert.equal(response.status, 304, header);
    assert.equal(response.headers.get('etag'), etag, header);
  }
  for (const header of ['"other"', `W/"other", "x${etag.slice(1)}`, etag.slice(1, -1), `${etag.slice(0, -1)}x"`, '']) {
    assert.equal((await ask(header)).status, 200, header);
  }
  await problem(await ask('*', 'inm-missing'), 404);
});

test('the rejected-rows CSV neutralises cells a spreadsheet would run as formulas; the JSON keeps them as they are', async () => {
  const formulas = ['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(1)', '\t=1+2', '\r=1+2'];
  const records = formulas.map((f) => `${f},,no sku`);
  const csv = `name,sku,description\n${records.join('\n')}\nPlain,,safe\nOk,formula-ok,=kept in the table\n`;
  const response = await s.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  assert.equal(response.status, 202);
  const { id } = await json(response);
  const imp = await waitForImport(s.app.db.pool, id);
  assert.equal(imp.rowsRejected, formulas.length + 1);

  const download = await s.fetch(`/api/imports/${id}/errors?format=csv`);
  assert.equal(download.status, 200);
  const rows = parse(await download.text(), { columns: true }) as { line: string; reason: string; raw: string }[];
  assert.deepEqual(rows.map((r) => r.raw), [...records.map((r) => `'${r}`), 'Plain,,safe']);
  assert.ok(rows.every((r) => r.reason === 'sku is empty'));

  const listed = await json(await s.fetch(`/api/imports/${id}/errors`));
  assert.deepEqual(listed.items.map((e: { raw: string }) => e.raw), [...records, 'Plain,,safe']);
  assert.equal((await json(await s.fetch('/api/products/formula-ok'))).description, '=kept in the table');
});

test('the SKU rule for writers: 1-120 characters, no control characters, no space at either end; 4-byte characters count as one', async () => {
  const refused: [string, RegExp][] = [
    ['', /\/sku is empty/],
    [' pad', /\/sku starts or ends with a space/],
    ['pad ', /\/sku starts or ends with a space/],
    ['tab\there', /\/sku contains a control character/],
    ['esc\u001b[31m', /\/sku contains a control character/],
    ['del\u007f', /\/sku contains a control character/],
    ['c1\u0085', /\/sku contains a control character/],
    ['x'.repeat(121), /\/sku is longer than 120 characters/],
    ['😀'.repeat(121), /\/sku is longer than 120 characters/],
  ];
  for (const [sku, reason] of refused) {
    assert.match((await problem(await send('POST', '/api/products', { sku }), 400, JSON.stringify(sku))).detail, reason);
    if (sku !== '') await problem(await send('PUT', `/api/products/${encodeURIComponent(sku)}`, {}), 400, `PUT ${JSON.stringify(sku)}`);
  }
  for (const sku of ['😀'.repeat(120), 'x'.repeat(120), 'in side', 'nbsp\u00a0inside', '©'.repeat(3)]) {
    assert.equal((await send('POST', '/api/products', { sku })).status, 201, sku);
    assert.equal((await s.fetch(`/api/products/${encodeURIComponent(sku)}`)).status, 200, sku);
  }
  const doc = await json(await s.fetch('/openapi.json'));
  const skuSchema = doc.paths['/api/products'].post.requestBody.content['application/json'].schema.properties.sku;
  assert.equal(skuSchema.maxLength, 120);
  assert.match(skuSchema.description, /no control characters/);
});

test('every next cursor is taken back: the longest names and SKUs, 4-byte characters, and legacy rows with control characters', async () => {
  const pool = s.app.db.pool;
  await pool.query('DELETE FROM products');
  // Through the API: the longest SKUs and names the rules allow, in 4-byte characters.
  const emoji = ['😀', '🚀', '𝄞', '🦄'];
  for (const [i, e] of emoji.entries()) {
    const created = await send('PUT', `/api/products/${encodeURIComponent(e.repeat(119) + i)}`, { name: e.repeat(420) });
    assert.equal(created.status, 201, await created.clone().text());
  }
  // Stored before the rule (by SQL here): SKUs and names made of control characters, the longest JSON there is
  // (6 bytes each, \u0001; not \b, \t, \n, \f or \r, which JSON writes in 2).
  const sixBytes = [...'\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u000b\u000e\u000f\u0010\u001b\u001f'];
  const controls = (length: number, seed: number) => Array.from({ length }, (_, i) => sixBytes[(i + seed) % sixBytes.length]).join('');
  for (let i = 0; i < 4; i++) {
    await pool.query('INSERT INTO products (sku, name) VALUES ($1, $2)', [controls(120, i), `${controls(419, i)}${'\u0085\u009f\u007f'[i % 3]}`]);
  }
  const skus = (await pool.query<{ sku: string }>('SELECT sku FROM products ORDER BY sku')).rows.map((r) => r.sku);
  const names = (await pool.query<{ name: string }>('SELECT name FROM product_aggregates ORDER BY name')).rows.map((r) => r.name);
  assert.equal(names.length, 8);

  const products = await everyPage<{ sku: string }>('/api/products?limit=1');
  assert.deepEqual(products.items.map((p) => p.sku), skus);
  const byName = await everyPage<{ name: string }>('/api/aggregates?sort=name&limit=1');
  assert.deepEqual(byName.items.map((a) => a.name), names);
  const byCount = await everyPage<{ name: string }>('/api/aggregates?sort=count&limit=1');
  assert.deepEqual(byCount.items.map((a) => a.name), names);
  assert.ok(byCount.longestCursor > 3000 && byCount.longestCursor <= MAX_CURSOR_LENGTH, `${byCount.longestCursor} characters`);

  // A legacy product can still be read, changed and deleted (not created again: PUT obeys the rule).
  const legacy = encodeURIComponent(controls(120, 0));
  assert.equal((await s.fetch(`/api/products/${legacy}`)).status, 200);
  assert.equal((await send('PATCH', `/api/products/${legacy}`, { name: 'renamed' })).status, 200);
  await problem(await send('PUT', `/api/products/${legacy}`, { name: 'again' }), 400);
  assert.equal((await send('DELETE', `/api/products/${legacy}`)).status, 204);
  await problem(await s.fetch(`/api/products?cursor=${'A'.repeat(MAX_CURSOR_LENGTH + 1)}`), 400);
  assert.deepEqual(await aggregateDrift(pool), []);
});
