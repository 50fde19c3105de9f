import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { waitForImport } from '../support/app.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';
import { startTestServer, type TestServer } from '../support/server.js';

const KEY = 'a-test-key-of-some-length';
const EVIL = 'http://evil.example';

function problem(response: RawResponse, status: number, what: string) {
  assert.equal(response.status, status, `${what}: ${response.body}`);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, what);
  return JSON.parse(response.body) as { type: string; detail: string };
}

const port = (s: TestServer) => new URL(s.url).port;

test('every request must name a host the server serves: loopback names, LFP_ALLOWED_HOSTS, else 421', async () => {
  const s = await startTestServer({ allowedHosts: ['lfp.example.com', '::2'] });
  try {
    const p = port(s);
    for (const host of [`localhost:${p}`, `127.0.0.1:${p}`, `[::1]:${p}`, `app.localhost:${p}`, 'LOCALHOST', `localhost.:${p}`, 'lfp.example.com', `lfp.example.com:${p}`, '[::2]:443']) {
      assert.equal((await rawRequest(`${s.url}/api/stats`, { headers: { host } })).status, 200, host);
    }
    // A DNS-rebinding page reads nothing: not the API, the dashboard, health, metrics or the OpenAPI document.
    for (const path of ['/api/stats', '/api/products', '/', '/healthz', '/metrics', '/openapi.json', '/api/nothing']) {
      const refused = problem(await rawRequest(`${s.url}${path}`, { headers: { host: `evil.example:${p}` } }), 421, path);
      assert.equal(refused.type, '/problems/misdirected-request');
      assert.match(refused.detail, /LFP_ALLOWED_HOSTS/);
    }
    for (const host of [`lfp.example.com.evil.example:${p}`, `evil.localhost.example:${p}`, `localhost@evil.example:${p}`, `192.0.2.1:${p}`, '[::3]']) {
      problem(await rawRequest(`${s.url}/api/stats`, { headers: { host } }), 421, host);
    }
    // The guard runs before anything else: a write to a foreign host is not even looked at.
    problem(await rawRequest(`${s.url}/api/products`, {
      method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' }, body: '{"sku":"rebound"}',
    }), 421, 'write');
    assert.equal((await s.fetch('/api/products/rebound')).status, 404);
  } finally {
    await s.close();
  }
});

test('listening on 0.0.0.0, an address literal is served when it is the address the request came in on', async () => {
  const s = await startTestServer();
  // The same server also listening on every address (as lfp start --host 0.0.0.0 does).
  const wide = createServer(s.server.server.listeners('request')[0] as RequestListener);
  try {
    await new Promise<void>((resolve) => wide.listen(0, '0.0.0.0', resolve));
    const p = (wide.address() as AddressInfo).port;
    // All of 127.0.0.0/8 is this machine's: a request to 127.0.0.2 comes in on 127.0.0.2.
    const via = (host: string) => rawRequest(`http://127.0.0.2:${p}/api/stats`, { headers: { host } });
    assert.equal((await via(`127.0.0.2:${p}`)).status, 200);
    assert.equal((await via(`localhost:${p}`)).status, 200);
    problem(await via(`127.0.0.3:${p}`), 421, 'another address than the one the request came in on');
    problem(await via(`evil.example:${p}`), 421, 'a name not allowed');
  } finally {
    await new Promise((resolve) => wide.close(resolve));
    await s.close();
  }
});

test('writes from a page of another origin are refused (403): Origin, Sec-Fetch-Site; the dashboard origin and non-browser clients work', async () => {
  const s = await startTestServer();
  try {
    const own = s.url; // http://127.0.0.1:PORT, as the dashboard's pages send it
    const create = (sku: string, headers: Record<string, string>) =>
      rawRequest(`${s.url}/api/products`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ sku }) });

    assert.equal((await create('ok-1', {})).status, 201, 'no Origin: curl, scripts, the CLI');
    assert.equal((await create('ok-2', { origin: own, 'sec-fetch-site': 'same-origin' })).status, 201, 'the dashboard');
    assert.equal((await create('ok-3', { 'sec-fetch-site': 'none' })).status, 201, 'typed by the user');
    assert.equal((await create('ok-4', { origin: `https://127.0.0.1:${port(s)}` })).status, 201, 'through a TLS proxy on the same host and port');
    const foreign: Record<string, string>[] = [
      { origin: EVIL },
      { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' }, // another port of localhost, say
      { origin: `http://127.0.0.1:${Number(port(s)) + 1}` },
      { origin: `http://localhost:${port(s)}` }, // another origin, even though the same server would answer it
      { origin: 'null' },
      { origin: own, 'sec-fetch-site': 'cross-site' },
    ];
    for (const [i, headers] of foreign.entries()) {
      const refused = problem(await create(`no-${i}`, headers), 403, JSON.stringify(headers));
      assert.equal(refused.type, '/problems/forbidden');
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      problem(await rawRequest(`${s.url}/api/products/ok-1`, {
        method, headers: { origin: EVIL, 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : '{"name":"x"}',
      }), 403, method);
    }
    const { rows } = await s.app.db.pool.query(`SELECT sku FROM products ORDER BY sku`);
    assert.deepEqual(rows.map((r) => r.sku), ['ok-1', 'ok-2', 'ok-3', 'ok-4']);
    // Reads stay open to any page: without CORS headers, a browser does not let another origin see the answer.
    assert.equal((await rawRequest(`${s.url}/api/stats`, { headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } })).status, 200);
  } finally {
    await s.close();
  }
});

test('a form post of a file and a text/plain revert from another origin are refused, and change nothing', async () => {
  const s = await startTestServer();
  try {
    const csv = 'name,sku,description\nAnn,csrf-1,a\n';
    const response = await s.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    assert.equal(response.status, 202);
    const { id } = (await response.json()) as { id: number };
    assert.equal((await waitForImport(s.app.db.pool, id)).status, 'succeeded');

    // What an HTML form of another site sends: multipart/form-data, no preflight, with the page's Origin.
    const boundary = '----form';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evil.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `name,sku,description\nEvil,csrf-2,x\n\r\n--${boundary}--\r\n`;
    problem(await rawRequest(`${s.url}/api/imports`, {
      method: 'POST',
      headers: { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart,
    }), 403, 'multipart form post');
    // fetch(..., { method: 'POST', mode: 'no-cors', body: 'x' }) from another site: text/plain, no preflight either.
    problem(await rawRequest(`${s.url}/api/imports/${id}/revert?force=true`, {
      method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain;charset=UTF-8' }, body: 'x',
    }), 403, 'text/plain revert');

    const imports = (await (await s.fetch('/api/imports')).json()) as { items: { id: number; status: string }[] };
    assert.deepEqual(imports.items.map((i) => [i.id, i.status]), [[id, 'succeeded']]);
    assert.equal((await s.fetch('/api/products/csrf-1')).status, 200);
  } finally {
    await s.close();
  }
});

test('with an API key, the dashboard origin still writes with the key; another origin is refused even with it', async () => {
  const s = await startTestServer({ apiKey: KEY });
  try {
    const headers = (origin: string) => ({ origin, 'content-type': 'application/json', authorization: `Bearer ${KEY}` });
    const send = (origin: string, sku: string) => rawRequest(`${s.url}/api/products`, { method: 'POST', headers: headers(origin), body: JSON.stringify({ sku }) });
    assert.equal((await send(s.url, 'keyed-1')).status, 201);
    problem(await send(EVIL, 'keyed-2'), 403, 'foreign origin with the key');
    problem(await rawRequest(`${s.url}/api/products`, { method: 'POST', headers: { origin: s.url, 'content-type': 'application/json' }, body: '{"sku":"k"}' }), 401, 'own origin without the key');
  } finally {
    await s.close();
  }
});
