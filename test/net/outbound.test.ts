import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  AddressRefusedError, HostNotAllowedError, OutboundFailedError, OutboundStatusError, OutboundTimeoutError, UnsupportedUrlError,
} from '../../src/errors.js';
import { checkUrl, describeUrl, expectOk, guardedFetch, refusedRange, type OutboundPolicy, type Resolve } from '../../src/net/outbound.js';

const ANY_PUBLIC: OutboundPolicy = { allowedHosts: ['*'], allowPrivate: false };
const ANY: OutboundPolicy = { allowedHosts: ['*'], allowPrivate: true };

/** A resolver of made-up names, so that no test depends on real DNS. */
const fakeDns = (table: Record<string, string[]>): Resolve => async (host) => {
  const addresses = table[host];
  if (!addresses) throw Object.assign(new Error(`no ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

test('refusedRange names the ranges that are not public, IPv4-mapped IPv6 forms included', () => {
  const cases: [string, string | undefined][] = [
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'], ['fd12::1', 'private'],
    ['fc00::1', 'private'], ['::ffff:10.0.0.1', 'private'],
    ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['::ffff:169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'], ['ff02::1', 'multicast'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'], ['100.127.255.254', 'shared (carrier-grade NAT)'],
    ['255.255.255.255', 'reserved'], ['::7f00:1', 'reserved'],
    ['8.8.8.8', undefined], ['172.32.0.1', undefined], ['100.128.0.1', undefined], ['2606:4700::1111', undefined], ['::ffff:8.8.8.8', undefined],
  ];
  for (const [address, range] of cases) assert.equal(refusedRange(address), range, address);
});

describe('checkUrl', () => {
  test('only http and https', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x/']) {
      await assert.rejects(checkUrl(url, ANY), UnsupportedUrlError, url);
    }
    await assert.rejects(checkUrl('not a url', ANY), /not a valid URL/);
  });

  test('the host must be allowed: exact names, *.domain, or *; none when the list is empty', async () => {
    const resolve = fakeDns({ 'a.example.com': ['93.184.216.34'], 'example.com': ['93.184.216.34'], 'other.org': ['93.184.216.35'] });
    const policy = { allowedHosts: ['*.example.com', 'other.org'], allowPrivate: false };
    assert.equal((await checkUrl('https://a.example.com/feed.csv', policy, resolve)).host, 'a.example.com');
    assert.equal((await checkUrl('https://OTHER.org./x', policy, resolve)).host, 'other.org');
    await assert.rejects(checkUrl('https://example.com/', policy, resolve), (e: Error) => e instanceof HostNotAllowedError && /host example\.com is not one lfp may reach/.test(e.message));
    await assert.rejects(checkUrl('https://a.example.com/', { allowedHosts: [], allowPrivate: true }, resolve), HostNotAllowedError);
  });

  test('every address the name resolves to is checked; one private address refuses the host', async () => {
    const resolve = fakeDns({ 'mixed.test': ['93.184.216.34', '10.0.0.7'], 'meta.test': ['169.254.169.254'], 'v6.test': ['::1'] });
    await assert.rejects(checkUrl('http://mixed.test/', ANY_PUBLIC, resolve), (e: Error) =>
      e instanceof AddressRefusedError && e.message === 'refused: mixed.test resolves to 10.0.0.7, a private address, which lfp does not reach for a URL it was given');
    await assert.rejects(checkUrl('http://meta.test/', ANY_PUBLIC, resolve), /link-local/);
    await assert.rejects(checkUrl('http://v6.test/', ANY_PUBLIC, resolve), /loopback/);
    await assert.rejects(checkUrl('http://nowhere.test/', ANY_PUBLIC, resolve), (e: Error) => e instanceof OutboundFailedError && /cannot be resolved \(ENOTFOUND\)/.test(e.message));
    assert.deepEqual((await checkUrl('http://mixed.test/', ANY, resolve)).addresses.map((a) => a.address), ['93.184.216.34', '10.0.0.7']);
  });

  test('address literals in every spelling are checked as addresses', async () => {
    for (const url of ['http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://0.0.0.0/', 'http://[fe80::1]/']) {
      await assert.rejects(checkUrl(url, ANY_PUBLIC), AddressRefusedError, url);
    }
    assert.equal((await checkUrl('http://8.8.8.8/', ANY_PUBLIC)).addresses[0]!.address, '8.8.8.8');
  });

  test('a host listed by its exact name may be private; * or a pattern does not make it so', async () => {
    const resolve = fakeDns({ 'feeds.internal': ['10.0.0.9'] });
    assert.equal((await checkUrl('http://feeds.internal/x', { allowedHosts: ['feeds.internal'], allowPrivate: false }, resolve)).addresses[0]!.address, '10.0.0.9');
    assert.ok(await checkUrl('http://[fd00::1]/x', { allowedHosts: ['[fd00::1]'], allowPrivate: false }));
    await assert.rejects(checkUrl('http://feeds.internal/x', { allowedHosts: ['*', '*.internal'], allowPrivate: false }, resolve), AddressRefusedError);
  });
});

test('describeUrl leaves out credentials and the query', () => {
  assert.equal(describeUrl('https://user:secret@example.com:8443/path/file.csv?X-Amz-Signature=abc#x'), 'https://example.com:8443/path/file.csv');
  assert.equal(describeUrl('::'), 'an invalid URL');
});

describe('guardedFetch against servers on 127.0.0.1', () => {
  let server: Server;
  let base: string;
  let port: number;
  const seen: { path: string; method: string; host: string; authorization?: string; body: string }[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.end('hello'),
    '/to-ok': (_req, res) => res.writeHead(302, { location: '/ok' }).end(),
    '/to-loopback-literal': (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end(),
    '/see-other': (_req, res) => res.writeHead(303, { location: '/ok' }).end(),
    '/keep-method': (_req, res) => res.writeHead(307, { location: '/ok' }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/big': (_req, res) => res.end('x'.repeat(5000)),
    '/big-chunked': (_req, res) => {
      res.write('x'.repeat(3000));
      res.end('x'.repeat(3000));
    },
    '/slow': () => {}, // never answers
    '/slow-body': (_req, res) => res.writeHead(200, { 'content-length': '10' }).write('12345'), // stops half-way
    '/forbidden': (_req, res) => res.writeHead(403).end('no'),
    '/missing': (_req, res) => res.writeHead(404).end('no'),
    '/broken': (_req, res) => res.writeHead(500).end('no'),
  };
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ path: req.url!, method: req.method!, host: req.headers.host!, authorization: req.headers.authorization, body });
        (routes[req.url!.split('?')[0]!] ?? ((_q: IncomingMessage, r: ServerResponse) => r.writeHead(404).end()))(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const options = { policy: ANY, timeoutMs: 2000, maxBytes: 1000 };

  test('a request where private addresses are allowed', async () => {
    const response = await guardedFetch(`${base}/ok`, options);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'hello');
    assert.equal(response.address, '127.0.0.1');
  });

  test('refused before anything is sent when private addresses are not allowed', async () => {
    const before = seen.length;
    await assert.rejects(guardedFetch(`${base}/ok`, { ...options, policy: ANY_PUBLIC }), AddressRefusedError);
    assert.equal(seen.length, before, 'nothing reached the server');
  });

  test('connects to the address it checked: no second DNS lookup', async () => {
    // pinned.test exists only in the checked resolution; a second lookup by the system resolver would fail.
    const response = await guardedFetch(`http://pinned.test:${port}/ok`, { ...options, resolve: fakeDns({ 'pinned.test': ['127.0.0.1'] }) });
    assert.equal(await response.text(), 'hello');
    assert.equal(seen.at(-1)!.host, `pinned.test:${port}`);
  });

  test('redirects are followed and every hop checked again', async () => {
    const followed = await guardedFetch(`${base}/to-ok`, options);
    assert.equal(await followed.text(), 'hello');
    assert.equal(followed.url.pathname, '/ok');
    // localhost is listed by name (so it may be loopback); the redirect's 127.0.0.1 is not.
    const resolve = fakeDns({ localhost: ['127.0.0.1'] });
    const named = `http://localhost:${port}`;
    await assert.rejects(guardedFetch(`${named}/to-loopback-literal`, { ...options, policy: { allowedHosts: ['localhost'], allowPrivate: false }, resolve }), HostNotAllowedError);
    await assert.rejects(guardedFetch(`${named}/to-loopback-literal`, { ...options, policy: { allowedHosts: ['*', 'localhost'], allowPrivate: false }, resolve }), AddressRefusedError);
    await assert.rejects(guardedFetch(`${base}/loop`, { ...options, maxRedirects: 3 }), (e: Error) => e instanceof OutboundFailedError && /redirected more than 3 times/.test(e.message));
    const notFollowed = await guardedFetch(`${base}/to-ok`, { ...options, maxRedirects: 0 });
    assert.equal(notFollowed.status, 302);
  });

  test('a POST redirected by 303 becomes a GET without its body; by 307 it stays a POST', async () => {
    await (await guardedFetch(`${base}/see-other`, { ...options, method: 'POST', body: 'data', headers: { 'content-type': 'text/plain' } })).text();
    assert.deepEqual(seen.slice(-2).map((s) => [s.path, s.method, s.body]), [['/see-other', 'POST', 'data'], ['/ok', 'GET', '']]);
    await (await guardedFetch(`${base}/keep-method`, { ...options, method: 'POST', body: 'data' })).text();
    assert.deepEqual(seen.slice(-2).map((s) => [s.path, s.method, s.body]), [['/keep-method', 'POST', 'data'], ['/ok', 'POST', 'data']]);
  });

  test('credentials are not carried to another origin', async () => {
    await (await guardedFetch(`http://localhost:${port}/to-loopback-literal`, {
      ...options, headers: { authorization: 'Bearer secret' }, resolve: fakeDns({ localhost: ['127.0.0.1'] }),
    })).text();
    assert.deepEqual(seen.slice(-2).map((s) => s.authorization), ['Bearer secret', undefined]);
  });

  test('a timeout for the answer and for a body that stalls', async () => {
    const started = Date.now();
    await assert.rejects(guardedFetch(`${base}/slow`, { ...options, timeoutMs: 300 }), (e: Error) =>
      e instanceof OutboundTimeoutError && e.message === `${base}/slow did not answer within 0.3 s`);
    assert.ok(Date.now() - started < 2000);
    const stalled = await guardedFetch(`${base}/slow-body`, { ...options, timeoutMs: 300 });
    await assert.rejects(stalled.text(), OutboundTimeoutError);
  });

  test('a response larger than the limit fails, declared or not', async () => {
    await assert.rejects((await guardedFetch(`${base}/big`, options)).text(), (e: Error) => e instanceof OutboundFailedError && /sent more than 1000 bytes/.test(e.message));
    await assert.rejects((await guardedFetch(`${base}/big-chunked`, options)).text(), /sent more than 1000 bytes/);
    assert.equal((await (await guardedFetch(`${base}/big`, { ...options, maxBytes: 5000 })).text()).length, 5000);
  });

  test('expectOk: clear messages for 403, 404 and others', async () => {
    await assert.rejects(async () => expectOk(await guardedFetch(`${base}/forbidden?token=x`, options)), (e: Error) =>
      e instanceof OutboundStatusError && e.remoteStatus === 403 && e.message.startsWith(`${base}/forbidden refused access (HTTP 403)`));
    await assert.rejects(async () => expectOk(await guardedFetch(`${base}/missing`, options)), { message: `${base}/missing was not found (HTTP 404)` });
    await assert.rejects(async () => expectOk(await guardedFetch(`${base}/broken`, options)), { message: `${base}/broken answered HTTP 500` });
    assert.equal((expectOk(await guardedFetch(`${base}/ok`, options))).status, 200);
  });

  test('an address nothing listens on', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(guardedFetch(`http://127.0.0.1:${closedPort}/`, options), (e: Error) =>
      e instanceof OutboundFailedError && /cannot be reached: ECONNREFUSED/.test(e.message));
  });
});
