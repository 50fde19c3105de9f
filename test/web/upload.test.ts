import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { generateCsv } from '../../src/generate/generator.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, type Dashboard } from '../support/browser.js';

const ROWS = 100_000;
const number = (n: number) => n.toLocaleString('en-US');

let d: Dashboard;
let dir: string;
let file: string;
/** What the file holds, read with an independent CSV parser: the expectations of every assertion below. */
let expected: { rows: number; distinctSkus: number; topNameCount: number };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lfp-web-'));
  file = join(dir, 'catalogue-100k.csv');
  await pipeline(Readable.from(generateCsv({ rows: ROWS, seed: 42, duplicateRatio: 0.1 })), createWriteStream(file));
  const records = parse(await readFile(file), { columns: true }) as { name: string; sku: string }[];
  const latest = new Map(records.map((r) => [r.sku, r.name])); // the last row of a SKU wins
  const perName = new Map<string, number>();
  for (const name of latest.values()) perName.set(name, (perName.get(name) ?? 0) + 1);
  expected = { rows: records.length, distinctSkus: latest.size, topNameCount: Math.max(...perName.values()) };
  // Redis serves the read cache here, as in production; 1 MiB chunks make ~20 load jobs to watch.
  d = await openDashboard({ redisUrl: 'redis://127.0.0.1:6379', chunkBytes: 1024 * 1024 });
});
after(async () => {
  await d?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a 100,000-row file uploaded through the page shows live progress, then succeeds with the right counts', async () => {
  assert.equal(expected.rows, ROWS);
  assert.ok(expected.distinctSkus < ROWS, 'the file repeats SKUs');
  const page = await d.newPage();
  await page.goto('/#/upload');
  await page.getByText('No file chosen yet').waitFor();
  await page.getByLabel('Choose files…').setInputFiles(file);

  const card = page.getByRole('article', { name: 'Upload of catalogue-100k.csv' });
  // Live processing progress from the event stream: a running import with its phase and rows.
  await card.locator('[data-status="running"]').waitFor();
  await card.getByRole('progressbar').waitFor();
  await card.getByText('Phase').waitFor();
  await card.getByRole('list', { name: 'Steps' }).locator('[data-step="upload"][data-state="done"]').waitFor();
  await card.locator('.fact', { has: page.locator('dt:text-is("Elapsed")') }).waitFor();
  await screenshot(page, 'upload-running');

  // Browsing elsewhere leaves the upload page's work going; its card is still there on coming back.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Imports' }).click();
  await page.getByRole('row', { name: /catalogue-100k\.csv/ }).waitFor();
  await nav.getByRole('link', { name: 'Upload' }).click();
  await card.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  const fact = async (term: string) => (await card.locator('.fact', { has: page.locator(`dt:text-is("${term}")`) }).locator('dd').textContent())?.trim();
  assert.equal(await fact('Rows read'), number(ROWS));
  assert.equal(await fact('Inserted'), number(expected.distinctSkus));
  assert.equal(await fact('Superseded'), number(ROWS - expected.distinctSkus));
  assert.equal(await fact('Updated'), '0');
  assert.equal(await fact('Unchanged'), '0');
  assert.equal(await fact('Rejected'), '0');
  assert.match((await fact('Total')) ?? '', /\d (ms|s|min)/);
  assert.match((await fact('Throughput')) ?? '', /\d rows\/s$/);
  // The phases as bars on one time line (they overlap), not figures that do not add up.
  for (const step of ['upload', 'queued', 'split', 'load', 'merge']) await card.locator(`[data-timeline] [data-span="${step}"]`).waitFor({ state: 'attached' });
  await screenshot(page, 'upload-succeeded');
});

test('the overview shows the catalogue, the top names and the last import\'s throughput', async () => {
  const page = await d.newPage();
  await page.goto('/#/');
  const tile = (label: string) => page.locator('.tile', { has: page.locator(`.tile-label:text-is("${label}")`) }).locator('.tile-value');
  await tile('Products').getByText(number(expected.distinctSkus), { exact: true }).waitFor();
  assert.equal(await tile('Imports succeeded').textContent(), '1');
  const topNames = page.getByRole('list', { name: 'Products per name, top 20' }).getByRole('listitem');
  assert.equal(await topNames.count(), 20);
  assert.equal((await topNames.first().locator('.bar-value').textContent())?.trim(), number(expected.topNameCount));
  const rate = page.locator('[data-chart="rate"] [data-import="1"] title');
  await rate.waitFor({ state: 'attached' });
  assert.match((await rate.textContent()) ?? '', /#1 catalogue-100k\.csv.*\d rows\/s/);
  await screenshot(page, 'overview');

  const phone = await d.newPage(PHONE);
  await phone.goto('/#/');
  await phone.getByRole('list', { name: 'Products per name, top 20' }).waitFor();
  assert.equal(await overflowsSideways(phone), false, 'the overview fits a phone');
  await screenshot(phone, 'overview-phone');
});

test('the imports table lists the import with its counts and phase timings', async () => {
  const page = await d.newPage();
  await page.goto('/#/imports');
  const row = page.getByRole('row', { name: /catalogue-100k\.csv/ });
  await row.waitFor();
  const cells = await row.getByRole('cell').allTextContents();
  assert.ok(cells.includes(number(expected.distinctSkus)), 'inserted');
  assert.ok(cells.includes(number(ROWS - expected.distinctSkus)), 'superseded');
  await screenshot(page, 'imports');
});
