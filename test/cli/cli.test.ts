import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { runCli } from '../support/cli.js';
import { aggregateDrift, createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lfp-cli-'));
});
after(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: db.url, LFP_DATA_DIR: dir });

test('lfp --help lists the commands; every command has --help', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['start', 'worker', 'ingest', 'imports', 'import', 'cancel', 'retry', 'revert', 'profiles', 'stats', 'generate', 'migrate']) {
    assert.match(help.stdout, new RegExp(`\\n  ${command} `));
    const own = await runCli([command, '--help']);
    assert.equal(own.code, 0, command);
    assert.match(own.stdout, new RegExp(`^lfp ${command}`), command);
  }
});

test('usage errors are one line on stderr and exit 2', async () => {
  for (const args of [
    ['frobnicate'], ['ingest'], ['ingest', '--bogus', 'x.csv'], ['generate', '--rows', 'many'], ['ingest', '--mode', 'lax', 'x.csv'],
    ['ingest', '--delimiter', '::', 'x.csv'], ['ingest', '--max-errors', '-1', 'x.csv'], ['revert'],
  ]) {
    const result = await runCli(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /^lfp: .+\n$/, args.join(' '));
  }
  const missing = await runCli(['ingest', join(dir, 'nope.csv')], env());
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^lfp: cannot read .*nope\.csv: no such file\n$/);
});

test('generate is deterministic, to stdout or a file, plain or gzip', async () => {
  const a = await runCli(['generate', '--rows', '200', '--seed', '7']);
  const b = await runCli(['generate', '--rows', '200', '--seed', '7']);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
  assert.ok(a.stdout.startsWith('name,sku,description\n'));
  const out = join(dir, 'g.csv.gz');
  assert.equal((await runCli(['generate', '--rows', '200', '--seed', '7', '--gzip', '--out', out])).code, 0);
  assert.equal(gunzipSync(await readFile(out)).toString(), a.stdout);
});

test('ingest prints a summary, --json the import; stats shows the result; the aggregate is exact', async () => {
  const file = join(dir, 'p.csv.gz');
  await runCli(['generate', '--rows', '3000', '--seed', '11', '--gzip', '--out', file]);
  const human = await runCli(['ingest', file], env());
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /p\.csv\.gz: import \d+ succeeded\n  rows +3,000 read, [\d,]+ inserted/);
  assert.match(human.stdout, /time +upload .*split .*merge .*total/);

  const json = await runCli(['ingest', '--json', file], env());
  assert.equal(json.code, 0);
  const imp = JSON.parse(json.stdout);
  assert.equal(imp.status, 'succeeded');
  assert.equal(imp.counts.rowsInserted, 0);
  assert.equal(imp.counts.rowsUnchanged + imp.counts.rowsSuperseded, 3000);

  const stats = JSON.parse((await runCli(['stats', '--json', '--top', '3'], env())).stdout);
  assert.equal(stats.products, imp.counts.rowsUnchanged);
  assert.equal(stats.topNames.length, 3);
  assert.deepEqual(await aggregateDrift(db.pool), []);
  const text = await runCli(['stats'], env());
  assert.match(text.stdout, /^products +[\d,]+\ndistinct names +[\d,]+\n\ntop 10 names:\n/);
});

test('ingest - reads standard input; several files are imported in order', async () => {
  const first = join(dir, 'first.csv');
  await writeFile(first, 'name,sku,description\nFirst,ord-1,a\n');
  const result = await runCli(['ingest', '--json', first, '-'], env(), 'name,sku,description\nSecond,ord-1,b\n');
  assert.equal(result.code, 0);
  const imports = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(imports.map((i) => i.sourceName), ['first.csv', 'stdin']);
  const { rows } = await db.pool.query("SELECT name FROM products WHERE sku = 'ord-1'");
  assert.equal(rows[0].name, 'Second');
});

test('a failed import exits 1 and says why; rejected rows are listed under the summary', async () => {
  const bad = join(dir, 'bad.csv');
  await writeFile(bad, 'name,description\nx,y\n');
  const failed = await runCli(['ingest', bad], env());
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /bad\.csv: import \d+ failed: the header has no "sku" column/);

  const partial = join(dir, 'partial.csv');
  await writeFile(partial, 'name,sku,description\nA,,x\nB,p-1,y\n');
  const ok = await runCli(['ingest', partial], env());
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /1 rejected\n[^]*  line 2: sku is empty\n/);
});

test('ingest --detach queues; imports, import, cancel and retry manage it; a later ingest works it off', async () => {
  const file = join(dir, 'queued.csv');
  await writeFile(file, 'name,sku,description\nQueued,q-1,x\n');
  const detached = await runCli(['ingest', '--detach', '--json', file], env());
  assert.equal(detached.code, 0, detached.stderr);
  const { id, status } = JSON.parse(detached.stdout);
  assert.equal(status, 'queued');

  const listed = await runCli(['imports'], env());
  assert.match(listed.stdout, new RegExp(`^id +status +file[^]*\\n${id} +queued +queued\\.csv `, 'm'));
  assert.match((await runCli(['cancel', String(id)], env())).stdout, new RegExp(`^import ${id} cancelled\n$`));
  const again = await runCli(['cancel', String(id)], env());
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `lfp: import ${id} was already cancelled\n`);
  assert.match((await runCli(['retry', String(id)], env())).stdout, new RegExp(`^import ${id} queued again\n$`));

  const other = join(dir, 'other.csv');
  await writeFile(other, 'name,sku,description\nOther,q-2,y\n');
  assert.equal((await runCli(['ingest', other], env())).code, 0); // works every queued job, the retried one too
  const shown = JSON.parse((await runCli(['import', String(id), '--json'], env())).stdout);
  assert.equal(shown.status, 'succeeded');
  assert.match((await runCli(['import', String(id)], env())).stdout, new RegExp(`^queued\\.csv: import ${id} succeeded\n  rows +1 read`));
  const missing = await runCli(['import', '999999'], env());
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'lfp: there is no import 999999\n');
});

test('migrate reports the schema up to date', async () => {
  const result = await runCli(['migrate'], env());
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^schema up to date: \d+ migrations applied\n$/);
});

test('ingest --dry-run, --mode strict, --encoding and --delimiter; revert undoes an import', async () => {
  const base = join(dir, 'base.csv');
  await writeFile(base, 'name;sku;description\nBase;rv-1;a\nBase;rv-2;b\n');
  const baseRun = await runCli(['ingest', '--delimiter', ';', '--json', base], env());
  assert.equal(baseRun.code, 0, baseRun.stderr);
  const before = await db.pool.query(`SELECT * FROM products WHERE sku LIKE 'rv-%' ORDER BY sku`);

  const change = join(dir, 'change.csv');
  await writeFile(change, Buffer.from('name;sku;description\nR\xe9vis\xe9;rv-1;a\nNew;rv-3;c\n', 'latin1'));
  const dry = await runCli(['ingest', '--dry-run', '--encoding', 'auto', '--delimiter', 'auto', change], env());
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /change\.csv: dry run \d+ succeeded\n  rows +2 read, would insert 1, update 1, leave 0 unchanged/);
  assert.match(dry.stdout, /names +3 would change product count/);
  assert.match(dry.stdout, /read as windows-1252, delimiter ";"/);
  assert.deepEqual((await db.pool.query(`SELECT * FROM products WHERE sku LIKE 'rv-%' ORDER BY sku`)).rows, before.rows);

  const strict = await runCli(['ingest', '--mode', 'strict', '--delimiter', 'semicolon', change], env());
  assert.equal(strict.code, 1, 'read as UTF-8, the accented row is rejected and strict mode fails the import');
  assert.match(strict.stdout, /failed: strict mode: 1 row was rejected \(line 2: is not valid UTF-8\); nothing was applied/);

  const applied = JSON.parse((await runCli(['ingest', '--json', '--encoding', 'windows-1252', '--delimiter', ';', change], env())).stdout);
  assert.equal(applied.status, 'succeeded');
  const { rows } = await db.pool.query(`SELECT name FROM products WHERE sku = 'rv-1'`);
  assert.equal(rows[0].name, 'Révisé');

  const reverted = await runCli(['revert', String(applied.id)], env());
  assert.equal(reverted.code, 0, reverted.stderr);
  assert.equal(reverted.stdout, `import ${applied.id} reverted: 1 products restored, 1 removed, 0 kept\n`);
  assert.deepEqual((await db.pool.query(`SELECT * FROM products WHERE sku LIKE 'rv-%' ORDER BY sku`)).rows, before.rows);
  const again = await runCli(['revert', String(applied.id)], env());
  assert.equal(again.code, 1);
  assert.equal(again.stderr, `lfp: import ${applied.id} was already reverted\n`);
});
