import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { contents } from '../support/db.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, type Dashboard } from '../support/browser.js';
import { json } from '../support/server.js';

/** The upload page's supplier-feed controls: the mapping step, the profile picker, sync and conflict options. */

let d: Dashboard;
before(async () => {
  d = await openDashboard();
});
after(() => d?.close());

const pool = () => d.server.app.db.pool;
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const fact = async (scope: Locator, term: string) =>
  (await scope.locator('.fact', { has: scope.page().locator(`dt:text-is("${term}")`) }).locator('dd').textContent())?.trim();

const supplierRows = (n: number, delimiter = ',') =>
  Array.from({ length: n }, (_, i) => [`IT-${String(i).padStart(3, '0')}`, `Title ${i}`, `Body ${i}`].join(delimiter)).join('\n');

test('a file with no sku column stops at the mapping step: suggested columns, the first 20 rows as they would be imported, then it lands exactly', async () => {
  await pool().query('TRUNCATE products');
  const page = await d.newPage();
  await page.goto('/#/upload');
  const file = `Item Number,Title,Body (HTML),Price\n${supplierRows(25).split('\n').map((r) => `${r},9.99`).join('\n')}\n`;
  await page.getByLabel('Choose files…').setInputFiles({ name: 'supplier.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });

  const step = page.getByRole('region', { name: 'Column mapping of supplier.csv' });
  await step.waitFor();
  assert.equal(await page.getByRole('article').count(), 0, 'nothing is submitted before the mapping is confirmed');
  assert.equal(await step.getByLabel('SKU').inputValue(), 'Item Number');
  assert.equal(await step.getByLabel('Name').inputValue(), 'Title');
  assert.equal(await step.getByLabel('Description').inputValue(), 'Body (HTML)');
  const rows = step.getByRole('table', { name: 'The first rows as they would be imported' }).locator('tbody tr');
  await rows.nth(19).waitFor();
  assert.equal(await rows.count(), 20);
  assert.deepEqual(await rows.first().locator('td').allTextContents(), ['2', 'IT-000', 'Title 0', 'Body 0']);
  await screenshot(page, 'upload-mapping-step');

  // Another choice is previewed as it would be read: Price as the name.
  await step.getByLabel('Name').selectOption('Price');
  await step.getByRole('cell', { name: '9.99' }).first().waitFor();
  await step.getByLabel('Name').selectOption('Title');
  await step.getByRole('cell', { name: 'Title 0', exact: true }).waitFor();
  await step.getByRole('button', { name: 'Import with this mapping' }).click();

  const card = page.getByRole('article', { name: 'Upload of supplier.csv' });
  await card.locator('[data-status="succeeded"]').waitFor();
  assert.match(await text(card.locator('.card-options')), /sku from "Item Number" · name from "Title" · description from "Body \(HTML\)"/);
  assert.equal(await fact(card, 'Inserted'), '25');
  const products = (await contents(pool())).products as { sku: string; name: string; description: string }[];
  assert.deepEqual(products[24], { sku: 'IT-024', name: 'Title 24', description: 'Body 24' });
  assert.equal(await page.getByRole('region', { name: /Column mapping/ }).count(), 0);

  const phone = await d.newPage(PHONE);
  await phone.goto('/#/upload');
  await phone.getByLabel('Choose files…').setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await phone.getByRole('region', { name: 'Column mapping of phone.csv' }).waitFor();
  assert.equal(await overflowsSideways(phone), false);
  await phone.getByRole('button', { name: 'Leave this file out' }).click();
  assert.equal(await phone.getByRole('article').count(), 0, 'a file left out is not sent');
});

test('the profile picker applies a saved profile: no mapping step, the import records the profile', async () => {
  await pool().query('TRUNCATE products');
  const saved = await d.server.fetch('/api/profiles/acme', {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ options: { delimiter: ';' }, mapping: { sku: 'Item Number', name: 'Title', description: 'Body' } }),
  });
  assert.equal(saved.status, 201);
  const page = await d.newPage();
  await page.goto('/#/upload');
  const options = page.getByRole('group', { name: 'Import options' });
  await options.getByLabel('Profile').selectOption('acme');
  await options.getByText(/Starts from the profile's saved options and column mapping \(delimiter ";", sku from "Item Number"/).waitFor();
  await page.getByLabel('Choose files…').setInputFiles({
    name: 'acme.csv', mimeType: 'text/csv', buffer: Buffer.from(`Item Number;Title;Body\n${supplierRows(3, ';')}\n`),
  });
  const card = page.getByRole('article', { name: 'Upload of acme.csv' });
  await card.locator('[data-status="succeeded"]').waitFor();
  assert.equal(await text(card.locator('.card-options')), 'Options: profile: acme');
  const imp = (await json(await d.server.fetch('/api/imports?limit=1'))).items[0];
  assert.equal(imp.profile, 'acme');
  assert.equal((await contents(pool())).products.length, 3);
});

test('sync and conflict options explain themselves, and the import shows what they did', async () => {
  await pool().query('TRUNCATE products');
  await d.server.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,sku,description\nA,x-1,a\nB,x-2,b\n' });
  const page = await d.newPage();
  await page.goto('/#/upload');
  const options = page.getByRole('group', { name: 'Import options' });
  await options.getByLabel('Products that already exist').selectOption('skip');
  await options.getByText('Only new SKUs are added; a product that already exists keeps its name and description').waitFor();
  await options.getByLabel('The file is the whole catalogue (sync)').check();
  await options.getByText('Products the file does not list are deleted').waitFor();
  await options.getByLabel('Delete at most (% of products)').fill('50');
  // x-1 exists (left as it is), x-3 is new, x-2 is not listed: deleted (1 of 2, under 50%).
  await page.getByLabel('Choose files…').setInputFiles({ name: 'sync.csv', mimeType: 'text/csv', buffer: Buffer.from('name,sku,description\nChanged,x-1,z\nC,x-3,c\n') });
  const card = page.getByRole('article', { name: 'Upload of sync.csv' });
  await card.locator('[data-status="succeeded"]').waitFor();
  assert.equal(await text(card.locator('.card-options')),
    'Options: existing products left as they are · sync: delete what the file does not list (at most 50%)');
  assert.deepEqual([await fact(card, 'Inserted'), await fact(card, 'Skipped (existing)'), await fact(card, 'Deleted (sync)')], ['1', '1', '1']);
  assert.deepEqual((await contents(pool())).products, [{ sku: 'x-1', name: 'A', description: 'a' }, { sku: 'x-3', name: 'C', description: 'c' }]);
  await screenshot(page, 'upload-sync-skip');
});
