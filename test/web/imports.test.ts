import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { generateCsv } from '../../src/generate/generator.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, until, type Dashboard } from '../support/browser.js';
import { json } from '../support/server.js';

let d: Dashboard;
before(async () => {
  d = await openDashboard();
});
after(() => d?.close());

const api = async <T = any>(path: string, init?: RequestInit): Promise<T> => json<T>(await d.server.fetch(path, init));

/** Uploads a file through the upload page; returns its card. */
async function uploadThroughPage(page: Page, name: string, content: string) {
  await page.goto('/#/upload');
  await page.getByLabel('Choose files…').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  return page.getByRole('article', { name: `Upload of ${name}` });
}

test('a failing import shows its error, and a retry runs it again', async () => {
  const page = await d.newPage();
  // A header that names sku twice: no mapping can fix it, so the file goes straight to its import, which fails.
  const card = await uploadThroughPage(page, 'sku-twice.csv', 'name,sku,SKU\nLamp,a,b\n');
  await card.locator('[data-status="failed"]').waitFor();
  const [imp] = (await api('/api/imports?limit=1')).items;
  assert.equal(imp.status, 'failed');
  assert.match(imp.error, /names the column "sku" twice/);
  await card.locator('[data-import-error]').getByText(imp.error).waitFor();
  await screenshot(page, 'upload-failed');

  await card.getByRole('link', { name: `Import #${imp.id}` }).click();
  const message = page.locator('[data-import-error]:visible');
  await message.getByText(imp.error).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel import' }).count(), 0, 'no action that cannot apply');
  await screenshot(page, 'import-failed');

  await page.getByRole('button', { name: 'Retry import' }).click();
  // The same file fails the same way, a second time.
  await until(async () => {
    const again = await api(`/api/imports/${imp.id}`);
    return again.status === 'failed' && again.finishedAt !== imp.finishedAt;
  }, 'the retried import has failed again');
  await page.locator('.page-title [data-status="failed"]').waitFor();
  await message.getByText(imp.error).waitFor();
});

test('rejected rows are listed a page at a time and download as CSV', async () => {
  const good = [...generateCsv({ rows: 30, seed: 3, duplicateRatio: 0 })].join('').split('\n').slice(1, -1);
  const bad = Array.from({ length: 40 }, (_, i) => `Broken ${i},,no sku`);
  const page = await d.newPage();
  const card = await uploadThroughPage(page, 'some-bad-rows.csv', ['name,sku,description', ...good, ...bad, ''].join('\n'));
  await card.locator('[data-status="succeeded"]').waitFor();
  const rejected = card.getByRole('link', { name: /40 rejected rows of import/ });
  await rejected.click();

  const id = (await api('/api/imports?limit=1')).items[0].id;
  const { items: [firstRejected] } = await api(`/api/imports/${id}/errors?limit=1`);
  const rows = page.getByRole('region', { name: 'Rejected rows table' }).locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 25);
  assert.deepEqual(await rows.first().locator('td').allTextContents(), [String(firstRejected.line), 'sku is empty', 'Broken 0,,no sku']);
  await screenshot(page, 'import-rejected-rows');
  await page.getByRole('navigation', { name: 'Rejected rows pages' }).getByRole('button', { name: 'Next →' }).click();
  await page.getByText('Page 2').waitFor();
  await page.waitForFunction(`document.querySelectorAll('[aria-label="Rejected rows table"] tbody tr').length === 15`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  assert.equal(download.suggestedFilename(), `import-${id}-errors.csv`);
  const expected = await (await d.server.fetch(`/api/imports/${id}/errors?format=csv`)).text();
  assert.equal(await readFile((await download.path())!, 'utf8'), expected);
  assert.equal(expected.trim().split('\n').length, 41);

  const phone = await d.newPage(PHONE);
  await phone.goto(`/#/imports/${id}`);
  await phone.getByRole('region', { name: 'Rejected rows table' }).waitFor();
  assert.equal(await overflowsSideways(phone), false, 'the import page fits a phone');
  await screenshot(phone, 'import-detail-phone');
});

test('several files at once, dropped or picked, plain or gzip, each get a card and a result', async () => {
  const page = await d.newPage();
  await page.goto('/#/upload');
  const csv = (seed: number) => [...generateCsv({ rows: 200, seed, duplicateRatio: 0 })].join('');
  // A drop carries its files in a DataTransfer, made in the page.
  const dropped = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(csv(21))}], 'dropped.csv', { type: 'text/csv' }));
    return transfer;
  })()`);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dropped });
  await page.getByLabel('Choose files…').setInputFiles([
    { name: 'picked.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(22)) },
    { name: 'picked.csv.gz', mimeType: 'application/gzip', buffer: gzipSync(csv(23)) },
  ]);
  for (const name of ['dropped.csv', 'picked.csv', 'picked.csv.gz']) {
    const card = page.getByRole('article', { name: `Upload of ${name}`, exact: true });
    await card.locator('[data-status="succeeded"]').waitFor();
    assert.equal(await card.locator('.fact', { has: page.locator('dt:text-is("Rows read")') }).locator('dd').textContent(), '200', name);
  }
  await screenshot(page, 'upload-several');
});

test('a running import is cancelled from its page and changes nothing', async () => {
  // Merges follow submission order: an import submitted earlier that no worker will pick up holds the next
  // import in its running state once its chunks are loaded, for as long as the test needs, without timing luck.
  const { rows: [blocker] } = await d.server.app.db.pool.query<{ id: number }>(
    `INSERT INTO imports (source_name, storage_key, status) VALUES ('held-back.csv', 'not-stored', 'queued') RETURNING id`,
  );
  const productsBefore = (await api('/api/stats')).products;
  const page = await d.newPage();
  const card = await uploadThroughPage(page, 'to-cancel.csv', [...generateCsv({ rows: 2000, seed: 9, duplicateRatio: 0 })].join(''));
  await card.getByText('Waiting for earlier imports').waitFor();
  await card.getByRole('link', { name: /Import #\d+/ }).click();
  await page.locator('.page-title [data-status="running"]').waitFor();
  await page.getByRole('progressbar').waitFor();
  await screenshot(page, 'import-running');

  await page.getByRole('button', { name: 'Cancel import' }).click();
  await page.locator('.page-title [data-status="cancelled"]').waitFor();
  await page.locator('[data-import-error]:visible').getByText('cancelled on request').waitFor();
  // The status can arrive by the event stream before the cancel's own response: the buttons settle after it.
  await page.locator('button:enabled', { hasText: 'Retry import' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel import' }).count(), 0, 'no action that cannot apply');
  await screenshot(page, 'import-cancelled');

  await api(`/api/imports/${blocker!.id}/cancel`, { method: 'POST' });
  assert.equal((await api('/api/stats')).products, productsBefore);
});
