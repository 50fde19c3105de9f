import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { aggregateDrift, contents, exactTables } from '../support/db.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

/** Supplier feeds through the real server: column mappings, saved profiles, sync and onConflict=skip. */

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const pool = () => s.app.db.pool;

async function truncate() {
  await pool().query('TRUNCATE products');
}

function upload(body: string, query = '') {
  return s.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
}

async function finished(id: number) {
  for (;;) {
    const imp = await json(await s.fetch(`/api/imports/${id}`));
    if (!['queued', 'running'].includes(imp.status)) return imp;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function imported(body: string, query = '') {
  const response = await upload(body, query);
  assert.equal(response.status, 202, await response.clone().text());
  return finished((await json(response)).id);
}

function putProfile(name: string, body: unknown) {
  return s.fetch(`/api/profiles/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const SUPPLIER = 'Item Number,Title,Body\nA-1,Lamp,"Warm, soft light"\nA-2,Chair,Oak\nA-3,Lamp,Brass\n';
const LANDED = [
  { sku: 'A-1', name: 'Lamp', description: 'Warm, soft light' },
  { sku: 'A-2', name: 'Chair', description: 'Oak' },
  { sku: 'A-3', name: 'Lamp', description: 'Brass' },
];
const MAPPING = { sku: 'Item Number', name: 'Title', description: 'Body' };

test('an "Item Number,Title,Body" file lands exactly with a mapping, which the import reports', async () => {
  await truncate();
  const imp = await imported(SUPPLIER, '?map.sku=Item%20Number&map.name=Title&map.description=Body');
  assert.equal(imp.status, 'succeeded', imp.error);
  assert.deepEqual(imp.options.mapping, MAPPING);
  assert.deepEqual(imp.mappedColumns, MAPPING);
  assert.deepEqual(imp.columns, ['Item Number', 'Title', 'Body']);
  assert.deepEqual(imp.ignoredColumns, []);
  assert.equal(imp.counts.rowsInserted, 3);
  assert.deepEqual((await contents(pool())).products, LANDED);
  assert.deepEqual((await contents(pool())).aggregates, [{ name: 'Chair', product_count: 1 }, { name: 'Lamp', product_count: 2 }]);
});

test('a mapping naming a column the header lacks is a 422 listing the header, and nothing is queued', async () => {
  const before = (await json(await s.fetch('/api/imports?limit=200'))).items.length;
  const response = await upload(SUPPLIER, '?map.sku=Item%20No');
  assert.equal(response.status, 422);
  const problem = await json(response);
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  assert.deepEqual(problem.columns, ['Item Number', 'Title', 'Body']);
  assert.match(problem.detail, /"Item No", which the header does not have \(the header: "Item Number", "Title", "Body"\)/);
  assert.equal((await json(await s.fetch('/api/imports?limit=200'))).items.length, before);
  const bad = await upload(SUPPLIER, '?onConflict=replace');
  assert.equal(bad.status, 400);
});

test('profiles: saved, listed, read, replaced and deleted; an import with profile=NAME lands exactly and records the profile and its options', async () => {
  await truncate();
  const created = await putProfile('acme', { options: { delimiter: ';', onConflict: 'update' }, mapping: MAPPING });
  assert.equal(created.status, 201, await created.clone().text());
  assert.equal((await json(created)).name, 'acme');
  assert.equal((await putProfile('acme', { options: { delimiter: ';' }, mapping: MAPPING })).status, 200, 'replaced');
  const read = await json(await s.fetch('/api/profiles/acme'));
  assert.deepEqual([read.options, read.mapping], [{ delimiter: ';' }, MAPPING]);
  assert.deepEqual((await json(await s.fetch('/api/profiles'))).items.map((p: { name: string }) => p.name), ['acme']);

  const imp = await imported(SUPPLIER.replaceAll(',', ';').replace('Warm; soft light', 'Warm, soft light'), '?profile=acme');
  assert.equal(imp.status, 'succeeded', imp.error);
  assert.equal(imp.profile, 'acme');
  assert.deepEqual([imp.options.delimiter, imp.options.mapping], [';', MAPPING]);
  assert.deepEqual((await contents(pool())).products, LANDED);

  // The request's own options win over the profile's; its mapping overrides column by column.
  const dry = await imported('Item Number,Title,Body,Label\nA-9,x,y,Named\n', '?profile=acme&delimiter=comma&dryRun=true&map.name=Label');
  assert.equal(dry.status, 'succeeded', dry.error);
  assert.deepEqual([dry.options.delimiter, dry.options.dryRun, dry.options.mapping], [',', true, { ...MAPPING, name: 'Label' }]);
  assert.deepEqual(dry.ignoredColumns, ['Title']);

  assert.equal((await upload(SUPPLIER, '?profile=nobody')).status, 422);
  assert.equal((await putProfile('acme', { options: { colour: 'red' } })).status, 400, 'unknown options are refused');
  assert.equal((await putProfile('bad name!', {})).status, 400);
  assert.equal((await s.fetch('/api/profiles/acme', { method: 'DELETE' })).status, 204);
  assert.equal((await s.fetch('/api/profiles/acme')).status, 404);
  assert.equal((await s.fetch('/api/profiles/acme', { method: 'DELETE' })).status, 404);
});

test('sync deletes exactly the unlisted SKUs, refuses past the guard with the tables unchanged, and a revert restores them byte for byte', async () => {
  await truncate();
  const catalogue = Array.from({ length: 20 }, (_, i) => `Name ${i % 4},sync-${String(i).padStart(2, '0')},d ${i}\n`);
  await imported(`name,sku,description\n${catalogue.join('')}`);
  const before = await exactTables(pool());

  const refused = await imported(`name,sku,description\n${catalogue.slice(0, 10).join('')}`, '?sync=true');
  assert.equal(refused.status, 'failed');
  assert.match(refused.error, /sync would delete 10 of the 20 products \(50%\), more than maxDeletePercent=10/);
  assert.deepEqual(await exactTables(pool()), before);

  const synced = await imported(`name,sku,description\n${catalogue.slice(0, 18).join('')}`, '?sync=true');
  assert.equal(synced.status, 'succeeded', synced.error);
  assert.equal(synced.counts.rowsDeleted, 2);
  assert.deepEqual((await contents(pool())).products.map((p: any) => p.sku), Array.from({ length: 18 }, (_, i) => `sync-${String(i).padStart(2, '0')}`));
  assert.deepEqual(await aggregateDrift(pool()), []);
  const reverted = await s.fetch(`/api/imports/${synced.id}/revert`, { method: 'POST' });
  assert.equal(reverted.status, 200);
  assert.equal((await json(reverted)).import.revert.restored, 2);
  assert.deepEqual(await exactTables(pool()), before);
});

test('onConflict=skip leaves every existing row byte-identical and counts it', async () => {
  await truncate();
  await imported('name,sku,description\nOld,k-1,one\nOld,k-2,two\n');
  const before = await exactTables(pool());
  const imp = await imported('name,sku,description\nNew,k-1,changed\nNew,k-3,three\n', '?onConflict=skip');
  assert.equal(imp.status, 'succeeded', imp.error);
  assert.deepEqual([imp.counts.rowsInserted, imp.counts.rowsUpdated, imp.counts.rowsSkipped], [1, 0, 1]);
  const after = await exactTables(pool());
  assert.deepEqual(after.products.slice(0, 2), before.products);
  assert.deepEqual(await aggregateDrift(pool()), []);
});

test('a preview shows the header with suggestions and the first 20 rows as they would be imported, storing nothing', async () => {
  const before = (await json(await s.fetch('/api/imports?limit=200'))).items.length;
  const lines = Array.from({ length: 30 }, (_, i) => `B-${i},Title ${i},Body ${i}\n`);
  const body = `Item_Number,Product Name,Details\n${lines.join('')}Broken,row`;
  const post = (query: string, sample = body) =>
    s.fetch(`/api/imports/preview${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: sample });
  const unmapped = await json(await post(''));
  assert.deepEqual(unmapped.columns, ['Item_Number', 'Product Name', 'Details']);
  assert.deepEqual(
    [unmapped.suggestions.sku[0].column, unmapped.suggestions.name[0].column, unmapped.suggestions.description[0].column],
    ['Item_Number', 'Product Name', 'Details'],
  );
  assert.match(unmapped.problem, /no "sku" column/);
  assert.deepEqual(unmapped.rows, []);
  const mapped = await json(await post('?map.sku=Item_Number&map.name=Product%20Name&map.description=Details'));
  assert.equal(mapped.problem, null);
  assert.deepEqual(mapped.mapped, { sku: 'Item_Number', name: 'Product Name', description: 'Details' });
  assert.equal(mapped.rows.length, 20);
  assert.deepEqual(mapped.rows[0], { line: 2, sku: 'B-0', name: 'Title 0', description: 'Body 0' });
  // The whole file: its last record is read (and rejected); a sample's cut-off last record is not.
  const whole = await json(await post('?map.sku=Item_Number&complete=true', `Item_Number,x\nA,1\nBroken\n`));
  assert.deepEqual(whole.rows, [{ line: 2, sku: 'A', name: '', description: '' }, { line: 3, rejected: 'has 1 field, expected 2' }]);
  const cut = await json(await post('?map.sku=Item_Number', `Item_Number,x\nA,1\nBrok`));
  assert.equal(cut.rows.length, 1);
  const unknown = await json(await post('?map.sku=Nope'));
  assert.match(unknown.problem, /"Nope", which the header does not have/);
  assert.equal((await json(await s.fetch('/api/imports?limit=200'))).items.length, before, 'nothing submitted');
});

test('the options are in the OpenAPI document', async () => {
  const doc = await json(await s.fetch('/openapi.json'));
  const names = doc.paths['/api/imports'].post.parameters.map((p: { name: string }) => p.name);
  for (const name of ['map.sku', 'map.name', 'map.description', 'profile', 'sync', 'onConflict', 'maxDeletePercent']) assert.ok(names.includes(name), name);
  assert.ok(doc.paths['/api/profiles/{name}'].put);
  assert.ok(doc.paths['/api/profiles'].get);
});
