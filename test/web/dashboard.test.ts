import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateCsv } from '../../src/generate/generator.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, until, type Dashboard } from '../support/browser.js';
import { json } from '../support/server.js';

/** The dashboard a person follows an import by: live lists, honest numbers, charts, and errors that offer the fix. */

let d: Dashboard;
before(async () => {
  d = await openDashboard();
});
after(() => d?.close());

const api = async <T = any>(path: string, init?: RequestInit): Promise<T> => json<T>(await d.server.fetch(path, init));
const csv = (rows: number, seed: number) => [...generateCsv({ rows, seed, duplicateRatio: 0.02 })].join('');
const submit = (body: string | Buffer, query = '') => api(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const finished = (id: number) => until(async () => !['queued', 'running'].includes((await api(`/api/imports/${id}`)).status), `import ${id} has finished`, 60_000);

/** Chooses a file on the upload page, from disk (the browser reads it itself: no megabytes through its protocol). */
async function uploadThroughPage(page: Page, name: string, content: string | Buffer) {
  await page.goto('/#/upload');
  await page.getByLabel('Choose files…').setInputFiles(await onDisk(name, content));
  return page.getByRole('article', { name: `Upload of ${name}`, exact: true });
}

let files: string | undefined;
async function onDisk(name: string, content: string | Buffer): Promise<string> {
  files ??= await mkdtemp(join(tmpdir(), 'lfp-dashboard-'));
  const path = join(files, name);
  await writeFile(path, content);
  return path;
}
after(() => files && rm(files, { recursive: true, force: true }));

test('an import submitted elsewhere shows in the Imports list and on the Overview within 2 s, by the event stream', async () => {
  const page = await d.newPage();
  await page.goto('/#/imports');
  await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle').catch(() => {}); // the stream stays open; what matters is the list loaded
  const overview = await d.newPage();
  await overview.goto('/#/');
  await overview.getByRole('heading', { name: 'Recent imports', level: 2, exact: true }).waitFor();

  const imp = await submit(csv(300, 1), '?dryRun=true&filename=from-elsewhere.csv');
  const submitted = Date.now();
  const row = page.locator('tr', { has: page.getByRole('link', { name: 'from-elsewhere.csv' }) });
  await row.waitFor({ timeout: 2000 });
  assert.ok(Date.now() - submitted < 2000, `shown ${Date.now() - submitted} ms after it was submitted`);
  await row.locator('[data-dry-run]').waitFor();
  await overview.getByRole('link', { name: 'from-elsewhere.csv' }).waitFor({ timeout: 2500 });
  // It changes on its own too: the row turns succeeded without a reload.
  await row.locator('[data-status="succeeded"]').waitFor();
  await finished(imp.id);
  await screenshot(page, 'imports-live');
});

test('a finished import: one throughput (rows / total time), the same on its card, its page and the Overview; a phase timeline', async () => {
  const page = await d.newPage();
  const card = await uploadThroughPage(page, 'honest-numbers.csv', csv(12_000, 2));
  await card.locator('[data-status="succeeded"]').waitFor();
  const [imp] = (await api('/api/imports?limit=1')).items;
  assert.equal(imp.sourceName, 'honest-numbers.csv');
  const expected = `${Math.round(imp.counts.rowsRead / (imp.timingsMs.total / 1000)).toLocaleString('en-US')} rows/s`;
  assert.equal(imp.progress.rowsPerSecond, Math.round(imp.counts.rowsRead / (imp.timingsMs.total / 1000)));
  const throughput = (scope: ReturnType<Page['locator']>) => scope.locator('.fact', { has: page.locator('dt:text-is("Throughput")') }).locator('dd').textContent();
  assert.equal(await throughput(card), expected, 'the card');
  await card.locator('[data-timeline] [data-span="merge"]').waitFor();

  await card.getByRole('link', { name: `Import #${imp.id}` }).click();
  const region = page.getByRole('region', { name: 'Time' });
  assert.equal(await throughput(region), expected, 'the import page');
  // Each step a bar on one time axis: the load overlaps the split, the merge follows the load.
  const spans = await region.locator('[data-timeline] [data-span]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-span')));
  assert.deepEqual(spans.filter((s) => s !== 'waiting'), ['upload', 'queued', 'split', 'load', 'merge']);
  assert.match(await region.locator('figcaption').textContent() ?? '', /From the start of the upload to the end/);
  assert.equal(await page.getByRole('button', { name: /Cancel import|Retry import/ }).count(), 0, 'no action that cannot apply');
  const finishedText = await page.locator('.fact', { has: page.locator('dt:text-is("Finished")') }).locator('dd').textContent();
  assert.match(finishedText ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'the finish time to the second');
  await screenshot(page, 'import-timeline');

  await page.goto('/#/');
  const column = page.locator(`[data-chart="rate"] [data-import="${imp.id}"] title`);
  await column.waitFor({ state: 'attached' });
  assert.match(await column.textContent() ?? '', new RegExp(`${expected}, 12,000 rows`), 'the Overview chart');
  await page.locator(`[data-chart="duration"] [data-import="${imp.id}"]`).waitFor();
  await screenshot(page, 'overview-charts');
});

test('the Overview charts mark failures, draw dry runs hollow and leave tiny files out; dry runs are counted apart', async () => {
  await finished((await submit(csv(2000, 3), '?dryRun=true')).id);
  await finished((await submit('name,description\nno,sku\n'.repeat(1))).id);
  await finished((await submit(csv(10, 4))).id);
  const stats = await api('/api/stats');
  const page = await d.newPage();
  await page.goto('/#/');
  const chart = page.locator('[data-chart="duration"]');
  await chart.locator('[data-failed]').first().waitFor({ state: 'attached' });
  await chart.locator('[data-dry-run]').first().waitFor({ state: 'attached' });
  assert.match(await chart.locator('figcaption').textContent() ?? '', /of fewer than 1,000 rows left out/);
  const tile = page.locator('.tile', { hasText: 'Dry runs' });
  assert.equal(await tile.locator('.tile-value').textContent(), String(stats.dryRunsByStatus.succeeded));
  const succeeded = page.locator('.tile', { hasText: 'Imports succeeded' });
  assert.equal(await succeeded.locator('.tile-value').textContent(), String(stats.importsByStatus.succeeded), 'dry runs not among them');
});

test('a PNG named .xlsx is told it is a PNG image, not CSV text, and offered no encoding', async () => {
  const page = await d.newPage();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
  const card = await uploadThroughPage(page, 'catalog.xlsx', png);
  await card.locator('[data-status="failed"]').waitFor();
  const message = await text(page, '[data-error-text]');
  assert.match(message, /this is a PNG image, not CSV text/);
  assert.doesNotMatch(message, /encoding/);
  assert.equal(await card.locator('.state').count(), 1, 'one message');
  await screenshot(page, 'upload-not-text');
});

test('a semicolon file: one plain message and a button that imports it again with semicolons, on the card and on its page', async () => {
  const page = await d.newPage();
  const file = 'name;sku;description\nLamp;semi-1;A lamp\nDesk;semi-2;A desk\n';
  const card = await uploadThroughPage(page, 'semicolons.csv', file);
  await card.locator('[data-status="failed"]').waitFor();
  assert.equal(await card.locator('.state').count(), 1, 'one message for one problem');
  await screenshot(page, 'upload-fix-offered');
  await card.getByRole('button', { name: 'Import again with delimiter semicolon' }).click();
  const again = page.getByRole('article', { name: 'Upload of semicolons.csv' }).first();
  await again.getByText(/again, read as suggested/).waitFor();
  await again.locator('[data-status="succeeded"]').waitFor();
  assert.equal((await api('/api/products/semi-1')).name, 'Lamp');

  // On the import page the stored file is retried with the suggested delimiter.
  const failed = await submit(file.replaceAll('semi-', 'page-'));
  await finished(failed.id);
  await page.goto(`/#/imports/${failed.id}`);
  await page.getByRole('button', { name: 'Import again with delimiter semicolon' }).click();
  await page.locator('.page-title [data-status="succeeded"]').waitFor();
  assert.equal((await api(`/api/imports/${failed.id}`)).options.delimiter, ';');
  assert.equal((await api('/api/products/page-2')).name, 'Desk');
});

test('rejected rows grouped by reason with counts; choosing a reason lists only its rows', async () => {
  const good = Array.from({ length: 10 }, (_, i) => `Good ${i},good-${i},x`);
  const noSku = Array.from({ length: 30 }, (_, i) => `Empty ${i},,x`);
  const extra = Array.from({ length: 8 }, (_, i) => `Extra ${i},extra-${i},x,y`);
  const imp = await submit(['name,sku,description', ...good, ...noSku, ...extra, ''].join('\n'));
  await finished(imp.id);
  const page = await d.newPage();
  await page.goto(`/#/imports/${imp.id}`);
  const reasons = page.getByRole('group', { name: 'Rejected rows by reason' });
  await reasons.getByRole('button').first().waitFor();
  assert.deepEqual(await reasons.getByRole('button').allTextContents(), ['sku is empty (30 rows)', 'has 4 fields, expected 3 (8 rows)']);
  await reasons.getByRole('button', { name: /has 4 fields/ }).click();
  await page.waitForFunction(`document.querySelectorAll('[aria-label="Rejected rows table"] tbody tr').length === 8`);
  assert.equal(await reasons.getByRole('button', { name: /has 4 fields/ }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('link', { name: 'Download these as CSV' }).waitFor();
  await screenshot(page, 'import-errors-by-reason');
});

test('a live import: its steps, elapsed time, and a whole-import percent that only goes up until it ends', async () => {
  const page = await d.newPage();
  const card = await uploadThroughPage(page, 'followed.csv', csv(60_000, 5));
  const seen: { percent: number; step: string | null }[] = [];
  // One look at the card at a time, in the page: nothing here waits for an element that may be gone.
  const look = `(() => {
    const card = document.querySelector('[aria-label="Upload of followed.csv"]');
    const bar = card && card.querySelector('[role="progressbar"][aria-label^="Import"]');
    const running = card ? [...card.querySelectorAll('[data-state="running"]')] : [];
    return {
      done: !!(card && card.querySelector('.card-header [data-status="succeeded"]')),
      percent: bar ? bar.getAttribute('aria-valuenow') : null,
      step: running.length ? running[running.length - 1].getAttribute('data-step') : null,
    };
  })()`;
  await until(async () => {
    const now = await page.evaluate<{ done: boolean; percent: string | null; step: string | null }>(look);
    if (!now.done && now.percent !== null) seen.push({ percent: Number(now.percent), step: now.step });
    return now.done;
  }, 'the followed import has succeeded', 90_000);
  await card.locator('[data-status="succeeded"]').first().waitFor();
  assert.ok(seen.length > 0, 'progress was seen');
  const percents = seen.map((s) => s.percent);
  assert.deepEqual(percents, [...percents].sort((a, b) => a - b), `percent never goes back: ${percents.join(' ')}`);
  assert.ok(percents.every((p) => p < 100), 'below 100 until it succeeded');
  assert.ok(seen.some((s) => s.step !== null), 'a step was shown as running');
});

test('an upload shows its speed and time left, counts as running, shows in the tab title and asks before the page is left', async () => {
  const page = await d.newPage();
  await page.goto('/#/upload');
  await page.getByRole('heading', { name: 'Upload', level: 1 }).click(); // a user gesture: browsers ask before leaving only then
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200 * 1024 });
  await page.getByLabel('Choose files…').setInputFiles(await onDisk('slow-link.csv', csv(12_000, 6)));
  const card = page.getByRole('article', { name: 'Upload of slow-link.csv' });
  const progress = card.locator('[data-upload-progress]');
  await progress.getByText(/\/s · .* left/).waitFor();
  assert.match(await page.title(), /^\d+% · uploading 1 file · /);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Overview' }).click();
  const running = page.locator('.tile', { hasText: 'Imports running' });
  await running.getByText(/1 uploading/).waitFor();
  assert.ok(Number(await running.locator('.tile-value').textContent()) >= 1);
  await screenshot(page, 'overview-upload-running');
  await nav.getByRole('link', { name: 'Imports' }).click();
  await page.locator('[data-uploading]').getByText('Uploading 1 file').waitFor();
  const dialog = page.waitForEvent('dialog');
  void page.close({ runBeforeUnload: true });
  const asked = await dialog;
  assert.equal(asked.type(), 'beforeunload');
  await asked.dismiss();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await nav.getByRole('link', { name: 'Upload' }).click();
  await card.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.title(), 'lfp dashboard', 'the title is back once no upload is in flight');
});

test('the products page keeps its page in the URL (Back from a product lands on it) and says how many products there are', async () => {
  await finished((await submit(csv(120, 7))).id);
  const page = await d.newPage();
  await page.goto('/#/products');
  await page.locator('table.products tbody tr').first().waitFor();
  const total = (await api('/api/products?limit=1')).total;
  const shown = await text(page, '[data-result-count]');
  assert.match(shown, /^(about |more than )?[\d,]+ products$/);
  assert.equal(shown.startsWith('about '), total.kind === 'estimate', 'an estimate says so');
  await page.getByRole('navigation', { name: 'Products pages' }).getByRole('button', { name: 'Next →' }).click();
  await page.getByText('Page 2').waitFor();
  await until(async () => /pages=/.test(page.url()), 'the page is in the URL');
  const firstOnPage2 = await page.locator('table.products tbody th a').first().textContent();
  await page.locator('table.products tbody th a').first().click();
  await page.getByRole('heading', { level: 1, name: firstOnPage2! }).waitFor();
  await page.goBack();
  await page.locator('table.products tbody tr').first().waitFor();
  assert.equal(await page.locator('table.products tbody th a').first().textContent(), firstOnPage2, 'back on page 2');
  await page.getByText('Page 2').waitFor();
});

test('aggregates sort by a column header (most, fewest, name), with the sort and page in the URL and a count', async () => {
  const page = await d.newPage();
  await page.goto('/#/aggregates');
  await page.locator('table.aggregates tbody tr').first().waitFor();
  await page.getByRole('button', { name: 'Products: sort by fewest first' }).click();
  await until(async () => /sort=fewest/.test(page.url()), 'the sort is in the URL');
  const { items } = await api('/api/aggregates?sort=fewest&limit=3');
  await until(async () => (await page.locator('table.aggregates tbody th').first().textContent()) === (items[0].name || '(empty)'), 'fewest first');
  const counts = (await page.locator('table.aggregates tbody td').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
  assert.match(await text(page, '[data-result-count]'), /names$/);
  assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
  await page.reload();
  await page.locator('table.aggregates tbody tr').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Fewest products' }).getAttribute('aria-pressed'), 'true', 'the sort survives a reload');
  const phone = await d.newPage(PHONE);
  await phone.goto('/#/aggregates?sort=fewest');
  await phone.locator('table.aggregates tbody tr').first().waitFor();
  assert.equal(await overflowsSideways(phone), false);
});
