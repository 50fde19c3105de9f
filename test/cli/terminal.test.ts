import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { jsonLine, printable } from '../../src/cli/format.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lfp-cli-tty-'));
});
after(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: db.url, LFP_DATA_DIR: dir });

/** What a terminal would act on: C0 controls but the line break, DEL, C1 controls (CSI is \u009b), bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertSafe(result: CliResult, what: string) {
  for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
    const raw = RAW_CONTROL.exec(text);
    assert.equal(raw, null, `${what}: ${stream} has U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} raw: ${JSON.stringify(text)}`);
  }
}

test('printable escapes controls and bidi overrides; jsonLine keeps the value but escapes what JSON.stringify leaves raw', () => {
  assert.equal(printable('\u001b[31mRed\u001b[0m\tx\n\u009b2J\u007f\u202eevil é😀'), '\\x1b[31mRed\\x1b[0m\\x09x\\x0a\\x9b2J\\x7f\\u202eevil é😀');
  const value = { name: '\u001b]0;t\u0007 \u0085\u009b\u202e\u2028' };
  const line = jsonLine(value);
  assert.match(line, /^[\x20-\x7e]+\n$/);
  assert.deepEqual(JSON.parse(line), value);
});

test('names, SKUs, file names, columns, reasons and messages from data reach the terminal escaped', async () => {
  const file = join(dir, 'evil\u001b[2J.csv');
  await writeFile(file, [
    'name,sku,description,"extra\u001b]0;pwned\u0007"',
    '"\u001b[31mRed\u001b[0m",esc-1,d,x',
    '"\u001b[31mRed\u001b[0m",esc-2,d,x',
    '"C1 \u009b2J csi",esc-3,d,x',
    '"Bidi \u202eevil",esc-4,d,x',
    '"\u001b[2Jwipe",,d,x', // rejected: no SKU
    'Fine,"esc\u001b[5m",d,x', // rejected: a control character in the SKU
    '',
  ].join('\n'));

  const ingest = await runCli(['ingest', file], env());
  assert.equal(ingest.code, 0, ingest.stderr);
  assertSafe(ingest, 'ingest');
  assert.match(ingest.stdout, /^evil\\x1b\[2J\.csv: import (\d+) succeeded/);
  assert.match(ingest.stdout, /ignored columns: extra\\(x1b|u001b)\]0;pwned\\(x07|u0007)/);
  assert.match(ingest.stdout, /line 7: sku contains a control character/);
  const id = /import (\d+) succeeded/.exec(ingest.stdout)![1]!;

  const imports = await runCli(['imports'], env());
  assertSafe(imports, 'imports');
  assert.match(imports.stdout, new RegExp(`\\n${id} +succeeded +evil\\\\x1b\\[2J\\.csv `));

  const shown = await runCli(['import', id], env());
  assertSafe(shown, 'import ID');
  assert.match(shown.stdout, /line 6: sku is empty: "\\x1b\[2Jwipe",,d,x/);
  assert.match(shown.stdout, /line 7: sku contains a control character: Fine,"esc\\x1b\[5m",d,x/);

  const stats = await runCli(['stats'], env());
  assertSafe(stats, 'stats');
  assert.match(stats.stdout, /\n {2}\\x1b\[31mRed\\x1b\[0m +2\n/);
  assert.match(stats.stdout, /\n {2}C1 \\x9b2J csi +1\n/);
  assert.match(stats.stdout, /\n {2}Bidi \\u202eevil +1\n/);
  const json = await runCli(['stats', '--json'], env());
  assertSafe(json, 'stats --json');
  assert.deepEqual(JSON.parse(json.stdout).topNames.map((t: { name: string }) => t.name).sort(), ['\u001b[31mRed\u001b[0m', 'Bidi \u202eevil', 'C1 \u009b2J csi']);

  // A dry run lists the names whose count would change.
  const change = join(dir, 'change.csv');
  await writeFile(change, 'name,sku,description\n"\u001b[32mGreen",esc-1,d\n');
  const dry = await runCli(['ingest', '--dry-run', '--json', change], env());
  assertSafe(dry, 'ingest --json');
  const dryShown = await runCli(['import', String(JSON.parse(dry.stdout).id)], env());
  assertSafe(dryShown, 'import ID of a dry run');
  assert.match(dryShown.stdout, /\\x1b\[32mGreen: 0 -> 1/);

  // Messages too: one naming a file given on the command line.
  const missing = await runCli(['ingest', join(dir, 'no\u001b[2Jsuch.csv')], env());
  assert.equal(missing.code, 2);
  assertSafe(missing, 'error message');
  assert.match(missing.stderr, /no\\x1b\[2Jsuch\.csv: no such file/);
});
