import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateCsv } from '../../src/generate/generator.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, until, type Dashboard } from '../support/browser.js';
import { json } from '../support/server.js';

let d: Dashboard;

before(async () => {
  d = await openDashboard();
  const body = [...generateCsv({ rows: 3000, seed: 7, duplicateRatio: 0.05 })].join('');
  const imp = await json(await d.server.fetch('/api/imports?filename=seed.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body }));
  for (let status = imp.status; status !== 'succeeded'; await new Promise((r) => setTimeout(r, 100))) {
    status = (await json(await d.server.fetch(`/api/imports/${imp.id}`))).status;
    assert.ok(!['failed', 'cancelled'].includes(status), status);
  }
});
after(() => d?.close());

const api = async <T = any>(path: string): Promise<T> => json<T>(await d.server.fetch(path));
const countOf = async (name: string) => (await api(`/api/aggregates/${encodeURIComponent(name)}`)).productCount as number;

/** The "Products per name" panel's row for a name: [before, after]. */
async function nameCounts(page: Page, name: string): Promise<[string, string]> {
  const cells = await page.locator(`.name-counts tr[data-name="${name}"] td`).allTextContents();
  return [cells[0]!, cells[1]!];
}

test('search as you type finds a SKU, one page at a time', async () => {
  const { items } = await api('/api/products?limit=1000');
  const wanted = items[700].sku as string;
  const page = await d.newPage();
  await page.goto('/#/products');
  const skus = () => page.locator('table.products tbody th').allTextContents();
  await page.locator('table.products tbody tr').first().waitFor();
  assert.equal((await skus()).length, 25, 'one page of 25 rows');
  await page.getByLabel('Search by SKU or name').pressSequentially(wanted, { delay: 20 });
  await until(async () => (await skus()).every((sku) => sku.startsWith(wanted)), 'only SKUs starting with the search show');
  assert.ok((await skus()).includes(wanted));
  await screenshot(page, 'products-search');

  // The search is kept in the URL: back from a product, the same results show.
  await page.locator('table.products tbody th').getByRole('link', { name: wanted, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: wanted }).waitFor();
  await page.goBack();
  assert.equal(await page.getByLabel('Search by SKU or name').inputValue(), wanted);
  await until(async () => (await skus()).includes(wanted), 'the search results show again');

  await page.getByLabel('Search by SKU or name').fill('no-such-sku-anywhere');
  await page.getByText('No product matches.').waitFor();
});

test('next and previous pages follow the keyset cursor', async () => {
  const page = await d.newPage();
  await page.goto('/#/products');
  const firstSku = () => page.locator('table.products tbody th').first().textContent();
  await page.locator('table.products tbody tr').first().waitFor();
  const onFirst = await firstSku();
  const { next } = await api('/api/products?limit=25');
  const { items: [secondPageFirst] } = await api(`/api/products?limit=25&cursor=${next}`);
  await page.getByRole('button', { name: 'Next →' }).click();
  await until(async () => (await firstSku()) === secondPageFirst.sku, 'the second page shows');
  await page.getByText('Page 2').waitFor();
  await page.getByRole('button', { name: '← Previous' }).click();
  await until(async () => (await firstSku()) === onFirst, 'the first page shows again');
  assert.equal(await page.getByRole('button', { name: '← Previous' }).isDisabled(), true);
});

test('editing a name changes both names\' counts; deleting the product changes its name\'s count', async () => {
  const { items: [product] } = await api('/api/products?limit=1');
  const { items: [top] } = await api('/api/aggregates?limit=2');
  const newName = top.name === product.name ? (await api('/api/aggregates?limit=2')).items[1].name : top.name;
  const [oldBefore, newBefore] = [await countOf(product.name), await countOf(newName)];

  const page = await d.newPage();
  await page.goto(`/#/products/sku/${encodeURIComponent(product.sku)}`);
  await page.getByLabel('Name', { exact: true }).fill(newName);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved.').waitFor();
  const number = (n: number) => n.toLocaleString('en-US');
  assert.deepEqual(await nameCounts(page, product.name), [number(oldBefore), number(oldBefore - 1)]);
  assert.deepEqual(await nameCounts(page, newName), [number(newBefore), number(newBefore + 1)]);
  assert.equal(await countOf(newName), newBefore + 1);
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), newName);
  await screenshot(page, 'product-edited');

  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText(`Product ${product.sku} was deleted.`).waitFor();
  assert.deepEqual(await nameCounts(page, newName), [number(newBefore + 1), number(newBefore)]);
  assert.equal((await d.server.fetch(`/api/products/${encodeURIComponent(product.sku)}`)).status, 404);
  await screenshot(page, 'product-deleted');
});

test('creating a product shows the API\'s validation messages beside the fields', async () => {
  const { items: [existing] } = await api('/api/products?limit=1');
  const page = await d.newPage();
  await page.goto('/#/products/new');
  await page.getByLabel('SKU').fill(existing.sku);
  await page.getByLabel('Name', { exact: true }).fill('x'.repeat(421));
  await page.getByRole('button', { name: 'Create product' }).click();
  const nameError = page.locator('#product-name-error');
  await nameError.waitFor();
  assert.match((await nameError.textContent()) ?? '', /420/);
  assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');

  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByRole('alert').getByText(`a product with SKU "${existing.sku}" exists`).waitFor();
  await screenshot(page, 'product-create-conflict');

  await page.getByLabel('SKU').fill('web-created-sku');
  await page.getByRole('button', { name: 'Create product' }).click();
  await page.getByText('Product created.').waitFor();
  assert.equal((await api('/api/products/web-created-sku')).name, 'Ada Lovelace');
});

test('aggregates sort by count or name, search by prefix, and list a name\'s products', async () => {
  const page = await d.newPage();
  await page.goto('/#/aggregates');
  const counts = async () => (await page.locator('table.aggregates tbody td').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  await page.locator('table.aggregates tbody tr').first().waitFor();
  const byCount = await counts();
  assert.deepEqual(byCount, [...byCount].sort((a, b) => b - a), 'by count, descending');
  assert.equal(byCount.length, 25);

  await page.getByRole('button', { name: 'Name', exact: true }).click();
  const { items: [firstByName] } = await api('/api/aggregates?sort=name&limit=1');
  const names = () => page.locator('table.aggregates tbody th').allTextContents();
  await until(async () => (await names())[0] === firstByName.name, 'the names are sorted by name');
  const sorted = await names();
  assert.deepEqual(sorted, [...sorted].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), 'by name, byte-wise');

  const { items: [top] } = await api('/api/aggregates?limit=1');
  await page.getByLabel('Names starting with').fill(top.name);
  const link = page.locator('table.aggregates tbody th a', { hasText: top.name }).first();
  await link.waitFor();
  await screenshot(page, 'aggregates');
  await page.locator('table.aggregates tbody th a').filter({ hasText: new RegExp(`^${top.name}$`) }).click();
  await page.getByText(`Name is ${top.name}`).waitFor();
  await page.locator('table.products tbody tr').first().waitFor();
  assert.equal(await page.locator('table.products tbody tr').count(), top.productCount);
  const shownNames = await page.locator('table.products td.name').allTextContents();
  assert.ok(shownNames.every((n) => n === top.name));

  const phone = await d.newPage(PHONE);
  await phone.goto('/#/products');
  await phone.locator('table.products tbody tr').first().waitFor();
  assert.equal(await overflowsSideways(phone), false, 'the products page fits a phone; its table scrolls inside');
  await screenshot(phone, 'products-phone');
});
