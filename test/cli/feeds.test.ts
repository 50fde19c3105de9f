import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { aggregateDrift, contents, createTestDatabase, type TestDatabase } from '../support/db.js';

/** lfp ingest --map / --profile / --sync / --on-conflict, and lfp profiles. */

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lfp-cli-feeds-'));
});
after(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: db.url, LFP_DATA_DIR: dir });
const SUPPLIER = 'Item Number;Title;Body\nA-1;Lamp;Warm light\nA-2;Chair;Oak\n';
const LANDED = [{ sku: 'A-1', name: 'Lamp', description: 'Warm light' }, { sku: 'A-2', name: 'Chair', description: 'Oak' }];

test('--map lands a supplier file exactly; an unknown column is one line naming the header', async () => {
  const path = join(dir, 'supplier.csv');
  await writeFile(path, SUPPLIER);
  const result = await runCli(['ingest', '--delimiter', ';', '--map', 'sku=Item Number', '--map', 'name=Title', '--map', 'description=Body', path], env());
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /columns sku <- "Item Number", name <- "Title", description <- "Body"/);
  assert.deepEqual((await contents(db.pool)).products, LANDED);

  const unknown = await runCli(['ingest', '--delimiter', ';', '--map', 'sku=Item No', path], env());
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^lfp: the mapping reads sku from the column "Item No", which the header does not have \(the header: "Item Number", "Title", "Body"\)\n$/);
  const bad = await runCli(['ingest', '--map', 'price=Price', path], env());
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^lfp: --map "price=Price": expected sku=COLUMN, name=COLUMN or description=COLUMN\n$/);
});

test('lfp profiles saves, shows and deletes a profile that lfp ingest --profile applies, with options given overriding it', async () => {
  const saved = await runCli(['profiles', 'save', 'acme', '--delimiter', ';', '--map', 'sku=Item Number', '--map', 'name=Title', '--map', 'description=Body'], env());
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal(saved.stdout, 'profile acme saved: delimiter=";" map.sku="Item Number" map.name="Title" map.description="Body"\n');
  const listed = await runCli(['profiles'], env());
  assert.equal(listed.stdout, 'acme  delimiter=";" map.sku="Item Number" map.name="Title" map.description="Body"\n');
  const shown = JSON.parse((await runCli(['profiles', 'show', 'acme', '--json'], env())).stdout);
  assert.deepEqual([shown.options, shown.mapping], [{ delimiter: ';' }, { sku: 'Item Number', name: 'Title', description: 'Body' }]);

  await db.pool.query('TRUNCATE products');
  const path = join(dir, 'profiled.csv');
  await writeFile(path, SUPPLIER);
  const ingested = await runCli(['ingest', '--profile', 'acme', '--json', path], env());
  assert.equal(ingested.code, 0, ingested.stderr);
  const imp = JSON.parse(ingested.stdout);
  assert.equal(imp.profile, 'acme');
  assert.deepEqual((await contents(db.pool)).products, LANDED);

  const overridden = JSON.parse((await runCli(['ingest', '--profile', 'acme', '--dry-run', '--on-conflict', 'skip', '--json', path], env())).stdout);
  assert.deepEqual([overridden.options.dryRun, overridden.options.onConflict, overridden.options.delimiter], [true, 'skip', ';']);
  assert.equal(overridden.counts.rowsSkipped, 2);

  const missing = await runCli(['ingest', '--profile', 'nobody', path], env());
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^lfp: there is no import profile named "nobody"/);
  assert.equal((await runCli(['profiles', 'delete', 'acme'], env())).stdout, 'profile acme deleted\n');
  assert.equal((await runCli(['profiles', 'delete', 'acme'], env())).code, 2);
});

test('--sync deletes what the file does not list, and refuses past --max-delete-percent', async () => {
  await db.pool.query('TRUNCATE products');
  const path = join(dir, 'catalogue.csv');
  await writeFile(path, `name,sku,description\n${Array.from({ length: 10 }, (_, i) => `N${i % 2},c-${i},d\n`).join('')}`);
  assert.equal((await runCli(['ingest', path], env())).code, 0);
  const feed = join(dir, 'feed.csv');
  await writeFile(feed, `name,sku,description\n${Array.from({ length: 8 }, (_, i) => `N${i % 2},c-${i},d\n`).join('')}`);
  const refused = await runCli(['ingest', '--sync', feed], env());
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /failed: sync would delete 2 of the 10 products \(20%\), more than maxDeletePercent=10: nothing was changed/);
  const synced = await runCli(['ingest', '--sync', '--max-delete-percent', '20', feed], env());
  assert.equal(synced.code, 0, synced.stderr);
  assert.match(synced.stdout, /0 inserted, 0 updated, 8 unchanged, 2 deleted \(sync\)/);
  assert.equal((await contents(db.pool)).products.length, 8);
  assert.deepEqual(await aggregateDrift(db.pool), []);
  const help = await runCli(['ingest', '--help']);
  for (const option of ['--map', '--profile', '--sync', '--on-conflict', '--max-delete-percent']) assert.match(help.stdout, new RegExp(option));
});
