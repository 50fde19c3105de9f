import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { generateCsv } from '../../src/generate/generator.js';
import { S3Store } from '../../src/storage/s3.js';
import { waitForImport } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { json, startTestServer, type TestServer } from '../support/server.js';
import { startTestS3, type TestS3 } from '../support/storage.js';

const data = Buffer.from([...generateCsv({ rows: 500, seed: 9, duplicateRatio: 0 })].join(''));
let files: Server;
let filesUrl: string;
let s3: TestS3;
let s: TestServer;
before(async () => {
  // A file server on this machine: reachable only because its address is listed exactly.
  files = createServer((request, response) => {
    if (request.url === '/catalogue.csv') response.end(data);
    else if (request.url === '/elsewhere') response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else response.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
  s3 = await startTestS3();
  s = await startTestServer({ env: { ...s3.env('uploads/'), LFP_SOURCE_HOSTS: '127.0.0.1, *.example.com, s3://lfp-test' } });
});
after(async () => {
  await s.close();
  await s3.close();
  files.close();
});

const importUrl = (server: TestServer, url: string) =>
  server.fetch('/api/imports?dryRun=false', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });

test('a file at an https/http URL of a listed host is streamed into storage and imported', async () => {
  const response = await importUrl(s, `${filesUrl}/catalogue.csv`);
  assert.equal(response.status, 202, await response.clone().text());
  const imp = await json(response);
  assert.equal(imp.sourceName, 'catalogue.csv');
  const done = await waitForImport(s.app.db.pool, imp.id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.rowsRead, 500);
});

test('an object of a listed bucket is imported from s3://, and stays where it was', async () => {
  const store = s.app.uploadStore as S3Store;
  await store.client.send(new PutObjectCommand({ Bucket: 'lfp-test', Key: 'incoming/feed.csv', Body: data }));
  const response = await importUrl(s, 's3://lfp-test/incoming/feed.csv');
  assert.equal(response.status, 202, await response.clone().text());
  const done = await waitForImport(s.app.db.pool, (await json(response)).id);
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.equal(done.sourceName, 'feed.csv');
  const object = await store.client.send(new GetObjectCommand({ Bucket: 'lfp-test', Key: 'incoming/feed.csv' }));
  assert.ok(Buffer.from(await object.Body!.transformToByteArray()).equals(data), 'the source object is untouched');
  const missing = await json(await importUrl(s, 's3://lfp-test/incoming/none.csv'));
  assert.equal(missing.status, 404);
  assert.match(missing.detail, /no object s3:\/\/lfp-test\/incoming\/none\.csv/);
});

test('a host or bucket not listed, a redirect to a private address and a 404 are refused with clear problems', async () => {
  const notListed = await json(await importUrl(s, 'https://files.example.org/x.csv'));
  assert.equal(notListed.status, 422);
  assert.match(notListed.type, /host-not-allowed$/);
  const bucket = await json(await importUrl(s, 's3://other-bucket/x.csv'));
  assert.equal(bucket.status, 422);
  assert.match(bucket.detail, /other-bucket is not listed/);
  const redirected = await json(await importUrl(s, `${filesUrl}/elsewhere`));
  assert.ok(redirected.status >= 400 && redirected.status < 600, JSON.stringify(redirected));
  assert.match(redirected.type, /host-not-allowed|address-refused$/);
  const gone = await json(await importUrl(s, `${filesUrl}/missing.csv`));
  assert.equal(gone.status, 502);
  assert.match(gone.detail, /404/);
  const bad = await s.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file": 1}' });
  assert.equal(bad.status, 400);
});

test('URL imports are off unless LFP_SOURCE_HOSTS lists where they may read; lfp ingest takes a URL too', async () => {
  const off = await startTestServer({ worker: false });
  try {
    const refused = await json(await importUrl(off, `${filesUrl}/catalogue.csv`));
    assert.equal(refused.status, 403);
    assert.match(refused.detail, /LFP_SOURCE_HOSTS/);
  } finally {
    await off.close();
  }
  const cli = await runCli(['ingest', '--detach', `${filesUrl}/catalogue.csv`], { DATABASE_URL: s.db.url, LFP_DATA_DIR: s.dataDir, LFP_SOURCE_HOSTS: '127.0.0.1' });
  assert.equal(cli.code, 0, cli.stderr);
  // The test server's worker may have started it before the command printed it.
  assert.match(cli.stdout, /^import \d+ (queued|running): catalogue\.csv/);
  const refusedCli = await runCli(['ingest', '--detach', `${filesUrl}/catalogue.csv`], { DATABASE_URL: s.db.url, LFP_DATA_DIR: s.dataDir, LFP_SOURCE_HOSTS: '' });
  assert.equal(refusedCli.code, 1);
  assert.match(refusedCli.stderr, /imports from a URL are off/);
});
