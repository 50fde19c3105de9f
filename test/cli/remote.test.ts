import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateCsv } from '../../src/generate/generator.js';
import { runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startTestS3 } from '../support/storage.js';

const KEY = 'remote-cli-test-key-0123';
let s: TestServer;
let dir: string;
before(async () => {
  s = await startTestServer({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'lfp-remote-'));
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

/** `lfp` run from another directory, with no database and no data directory: only the server's address and key. */
const remoteTo = (url: string, args: string[], key = KEY) =>
  runCli([...args, '--server', url], { LFP_API_KEY: key, DATABASE_URL: '', LFP_DATA_DIR: '', HOME: dir }, undefined, { cwd: dir });
const remote = (args: string[], key = KEY) => remoteTo(s.url, args, key);

test('lfp ingest --server uploads, follows each import, prints the summaries and exits 1 when one failed', async () => {
  await writeFile(join(dir, 'good.csv'), [...generateCsv({ rows: 3000, seed: 5, duplicateRatio: 0.05 })].join(''));
  await writeFile(join(dir, 'bad.csv'), 'name,description\nx,y\n');
  const good = await remote(['ingest', 'good.csv']);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /^good\.csv: import \d+ succeeded/);
  assert.match(good.stdout, /rows    3,000 read/);

  const both = await remote(['ingest', 'good.csv', 'bad.csv', '--json']);
  assert.equal(both.code, 1, both.stderr);
  const [again, bad] = both.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(again.status, 'succeeded');
  assert.equal(bad.status, 'failed');
  assert.match(bad.error, /no "sku" column/);
  assert.deepEqual(await readdir(dir).then((names) => names.filter((n) => n.startsWith('.lfp'))), [], 'nothing was made here');
});

test('lfp ingest --server uploads as well to a server with S3 storage, its resumable upload in the bucket', async () => {
  const s3 = await startTestS3();
  const bucketServer = await startTestServer({ apiKey: KEY, env: s3.env('remote/') });
  try {
    await writeFile(join(dir, 'bucket.csv'), [...generateCsv({ rows: 2000, seed: 6, duplicateRatio: 0.05 })].join(''));
    const sent = await remoteTo(bucketServer.url, ['ingest', 'bucket.csv']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /^bucket\.csv: import \d+ succeeded/);
  } finally {
    await bucketServer.close();
    await s3.close();
  }
});

test('lfp imports, import, cancel, retry and revert take --server', async () => {
  const listed = await remote(['imports', '--json', '--limit', '3']);
  assert.equal(listed.code, 0, listed.stderr);
  const imports = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const failed = imports.find((i) => i.status === 'failed')!;
  const succeeded = imports.find((i) => i.status === 'succeeded')!;

  const shown = await remote(['import', String(failed.id)]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /bad\.csv: import \d+ failed/);

  const cancel = await remote(['cancel', String(succeeded.id)]);
  assert.equal(cancel.code, 1);
  assert.match(cancel.stderr, /has already succeeded/);

  const retry = await remote(['retry', String(failed.id), '--json']);
  assert.equal(retry.code, 0, retry.stderr);
  assert.equal(JSON.parse(retry.stdout).status, 'queued');

  const revert = await remote(['revert', String(succeeded.id)]);
  assert.equal(revert.code, 0, revert.stderr);
  assert.match(revert.stdout, new RegExp(`import ${succeeded.id} reverted`));

  const table = await remote(['imports']);
  assert.match(table.stdout, /^id\s+status\s+file/);
});

test('a wrong key, a server that does not answer and a bad --server say so clearly', async () => {
  const refused = await remote(['imports'], 'a-wrong-key-of-enough-length');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^lfp: send the API key/);
  const down = await runCli(['imports', '--server', 'http://127.0.0.1:9'], { DATABASE_URL: '' }, undefined, { cwd: dir });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /cannot reach lfp at http:\/\/127\.0\.0\.1:9/);
  const bad = await runCli(['imports', '--server', 'ftp://x'], {}, undefined, { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--server: an http:\/\/ or https:\/\/ address/);
});
