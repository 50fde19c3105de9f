import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ImportView } from '../../src/imports/present.js';
import { runCli } from '../support/cli.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

/**
 * The CLI's --json is the API's Import: `lfp import ID --json` prints exactly what GET /api/imports/ID returns, and
 * `lfp ingest --json` prints an Import. The CLI and a real server share one database and data directory.
 */

let s: TestServer;
let dir: string;
before(async () => {
  s = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'lfp-json-'));
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: s.db.url, LFP_DATA_DIR: s.dataDir });

const rows = (prefix: string, n: number, name: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `${name(i)},${prefix}-${i},description ${i}\n`).join('');

async function csvFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Every key path of a JSON value (objects only; arrays by their element paths). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...keyPaths(inner, `${prefix}${key}.`)]).sort();
}

/** `lfp ingest --json` of files: one Import per line. */
async function ingestJson(args: string[], expectedCode = 0): Promise<ImportView[]> {
  const result = await runCli(['ingest', '--json', ...args], env());
  assert.equal(result.code, expectedCode, result.stderr);
  assert.equal(result.stderr, '');
  assert.ok(result.stdout.endsWith('\n'));
  return result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as ImportView);
}

async function fromApi(id: number): Promise<ImportView> {
  const response = await s.fetch(`/api/imports/${id}`);
  assert.equal(response.status, 200);
  return json<ImportView>(response);
}

/** `lfp import ID --json`: one line, parsed (and as printed). */
async function fromCli(id: number, printed?: (line: string) => void): Promise<ImportView> {
  const result = await runCli(['import', String(id), '--json'], env());
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.deepEqual([lines.length, lines[1]], [2, ''], 'one line of JSON');
  printed?.(lines[0]!);
  return JSON.parse(lines[0]!) as ImportView;
}

test('lfp ingest --json prints an Import with the API\'s keys; lfp import ID --json equals GET /api/imports/ID', async () => {
  // A name with a right-to-left override: the CLI escapes it, the JSON still says the same.
  const path = await csvFile('contract \u202e.csv', `name,sku,description\n${rows('js', 300, (i) => `Name ${i % 7}`)}Bad,,no sku\n`);
  const [printed] = await ingestJson([path]);
  assert.equal(printed!.status, 'succeeded');
  assert.equal(printed!.sourceName, 'contract \u202e.csv');
  assert.equal(printed!.counts.rowsRejected, 1);

  const api = await fromApi(printed!.id);
  assert.deepEqual(keyPaths(printed), keyPaths(api), 'the same keys, nested ones too');
  assert.deepEqual(keyPaths(printed), keyPaths(ImportView.parse(printed)), 'every key of the schema');
  assert.deepEqual(printed, api, 'a finished import reads the same from the ingest and from the API');
  assert.deepEqual(await fromCli(printed!.id, (line) => {
    assert.ok(line.includes('contract \\u202e.csv') && !line.includes('\u202e'), 'the override is escaped, not printed');
  }), api);
  assert.ok(api.progress.rowsPerSecond !== null && api.progress.percent === 100 && api.progress.etaSeconds === null);
});

test('lfp import ID --json equals the API for a dry run, a failed, a skipped and a reverted import', async () => {
  const base = await csvFile('base.csv', `name,sku,description\n${rows('kind', 50, () => 'Kind')}`);
  const [applied] = await ingestJson([base]);
  const semicolons = `name;sku;description\n${rows('kind', 20, () => 'Dry').replaceAll(',', ';')}`;
  const [dry] = await ingestJson(['--dry-run', '--delimiter', 'auto', await csvFile('dry.csv', semicolons)]);
  assert.equal(dry!.status, 'succeeded', dry!.error ?? '');
  assert.deepEqual(dry!.detected, { encoding: 'utf-8', delimiter: ';' });
  assert.equal(dry!.nameChanges, 2, 'Kind loses 20 products, Dry gains them');
  const [failed] = await ingestJson(['--mode', 'strict', await csvFile('strict.csv', 'name,sku,description\nA,a-1,x\nBad,,y\n')], 1);
  assert.equal(failed!.status, 'failed');
  const [skipped] = await ingestJson(['--skip-if-seen', base]);
  assert.deepEqual([skipped!.status, skipped!.duplicateOf], ['skipped', applied!.id]);
  const reverted = await runCli(['revert', String(applied!.id), '--json'], env());
  assert.equal(reverted.code, 0, reverted.stderr);
  const revert = JSON.parse(reverted.stdout) as { import: ImportView; kept: string[] };
  assert.equal(revert.import.status, 'reverted');
  assert.deepEqual(revert.import, await fromApi(applied!.id), 'lfp revert --json prints the import as the API then shows it');

  for (const imp of [dry!, failed!, skipped!, revert.import]) {
    const api = await fromApi(imp.id);
    assert.deepEqual(await fromCli(imp.id), api, `${imp.status}${imp.options.dryRun ? ' (dry run)' : ''}`);
    assert.deepEqual(keyPaths(imp), keyPaths(api));
  }
});

test('lfp imports --json prints, a line each, the imports as GET /api/imports lists them', async () => {
  const result = await runCli(['imports', '--json', '--limit', '200'], env());
  assert.equal(result.code, 0, result.stderr);
  const printed = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as ImportView);
  const listed = await json<{ items: ImportView[] }>(await s.fetch('/api/imports?limit=200'));
  assert.ok(listed.items.length >= 5);
  assert.ok(listed.items.every((i) => !['queued', 'running'].includes(i.status)), 'all finished: nothing differs with time');
  assert.deepEqual(printed, listed.items);
});
