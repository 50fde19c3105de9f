import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { waitForImport } from '../support/app.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, until, type Dashboard } from '../support/browser.js';
import { json } from '../support/server.js';

let d: Dashboard;
before(async () => {
  d = await openDashboard();
});
after(() => d?.close());

const api = async <T = any>(path: string, init?: RequestInit): Promise<T> => json<T>(await d.server.fetch(path, init));
const status = async (path: string) => (await d.server.fetch(path)).status;
const sendJson = (method: string, path: string, body: unknown) =>
  api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Uploads through the API and waits for the import to end. */
async function importViaApi(body: string, name: string) {
  const imp = await api(`/api/imports?filename=${name}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  await waitForImport(d.server.app.db.pool, imp.id);
  return api(`/api/imports/${imp.id}`);
}

/** The value of a fact ("Inserted", "Restored"...) inside `scope`. */
async function fact(scope: Locator, term: string): Promise<string | undefined> {
  return (await scope.locator('.fact', { has: scope.page().locator(`dt:text-is("${term}")`) }).locator('dd').textContent())?.trim();
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A semicolon-delimited windows-1252 file with accented names: not valid UTF-8, no "sku" column when split on commas. */
function accentedFile(): Buffer {
  const csv = 'name;sku;description\n' +
    'Café Crème;acc-1;“quoted” — 5 €\n' + // renames acc-1
    'Señor Müller;acc-2;naïve façade\n' + // as it is
    'Brûlée;acc-3;first\n' + // new, then superseded by the next row
    'Crème Brûlée;acc-3;second\n' +
    'Sans SKU;;no sku\n'; // rejected
  // Latin-1 characters are their own byte; the others at their windows-1252 bytes.
  return Buffer.from(csv.replace(/[“”—€]/g, (c) => ({ '“': '\x93', '”': '\x94', '—': '\x97', '€': '\x80' })[c]!), 'latin1');
}

/** Drops a file on the upload page's drop zone, as a browser would: a DataTransfer made in the page. */
async function drop(page: Page, name: string, bytes: Buffer) {
  const transfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(${JSON.stringify([...bytes])})], ${JSON.stringify(name)}, { type: 'text/csv' }));
    return transfer;
  })()`);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: transfer });
}

test('a dry run from the upload page tells what would change and what the file looks like; "Import for real" applies it', async () => {
  await sendJson('PUT', '/api/products/acc-1', { name: 'Cafe', description: 'plain' });
  await sendJson('PUT', '/api/products/acc-2', { name: 'Señor Müller', description: 'naïve façade' });
  const statsBefore = await api('/api/stats');

  const page = await d.newPage();
  await page.goto('/#/upload');
  const options = page.getByRole('group', { name: 'Import options' });
  await options.getByLabel('Dry run', { exact: true }).check();
  await options.getByLabel('Encoding').selectOption({ label: 'Detect' });
  await options.getByLabel('Delimiter').selectOption({ label: 'Detect' });
  await drop(page, 'accents.csv', accentedFile());

  const card = page.getByRole('article', { name: 'Upload of accents.csv (dry run)' });
  await card.locator('[data-status="succeeded"]').waitFor();
  assert.equal(await text(card.locator('[data-dry-run-summary]')),
    'Dry run: would insert 1, update 1, leave 1 unchanged; 1 superseded, 1 rejected; 3 names would change count');
  assert.equal(await text(card.locator('[data-dialect-note]')), 'Detected: Windows-1252, semicolon.');
  assert.equal(await text(card.locator('.card-options')), 'Options: dry run · encoding: Detect · delimiter: Detect');
  await screenshot(page, 'upload-dry-run');

  // The API agrees, and nothing changed.
  const dry = (await api('/api/imports?limit=1')).items[0];
  assert.deepEqual(dry.options, {
    dryRun: true, mode: 'partial', maxErrors: null, encoding: 'auto', delimiter: 'auto', mapping: {}, onConflict: 'update', sync: false, maxDeletePercent: 10,
  });
  assert.deepEqual(dry.detected, { encoding: 'windows-1252', delimiter: ';' });
  assert.equal(dry.nameChanges, 3);
  assert.deepEqual(await api('/api/stats').then((s) => [s.products, s.distinctNames]), [statsBefore.products, statsBefore.distinctNames]);
  assert.equal((await api('/api/products/acc-1')).name, 'Cafe');
  assert.equal(await status('/api/products/acc-3'), 404);

  // Its page: what it would do, and the names that would change count, as the API lists them.
  await card.getByRole('link', { name: 'See what would change' }).click();
  await page.getByRole('heading', { name: 'What this import would do' }).waitFor();
  const rows = page.getByRole('region', { name: 'Name changes table' }).locator('tbody tr');
  await rows.first().waitFor();
  const { items: changes } = await api(`/api/imports/${dry.id}/name-changes`);
  const shown = await Promise.all(Array.from({ length: await rows.count() }, (_, i) => rows.nth(i).locator('th, td').allTextContents()));
  assert.deepEqual(shown, changes.map((c: { name: string; countBefore: number; countAfter: number }) => {
    const change = c.countAfter - c.countBefore;
    return [c.name, String(c.countBefore), String(c.countAfter), change > 0 ? `+${change}` : `−${-change}`];
  }));
  assert.deepEqual(changes.map((c: { name: string }) => c.name).sort(), ['Cafe', 'Café Crème', 'Crème Brûlée']);
  const optionsCard = page.getByRole('region', { name: 'Options' });
  assert.equal(await fact(optionsCard, 'Encoding'), 'Detect (found Windows-1252)');
  assert.equal(await fact(optionsCard, 'Delimiter'), 'Detect (found semicolon)');
  assert.equal(await fact(optionsCard, 'Dry run'), 'Yes');
  assert.equal(await page.locator('.page-title [data-dry-run]').textContent(), 'dry run');
  assert.equal(await page.getByRole('heading', { name: 'Revert' }).count(), 0, 'a dry run has nothing to revert');
  await screenshot(page, 'import-dry-run');

  const phone = await d.newPage(PHONE);
  await phone.goto(`/#/imports/${dry.id}`);
  await phone.getByRole('region', { name: 'Name changes table' }).waitFor();
  assert.equal(await overflowsSideways(phone), false, 'the dry run page fits a phone');
  await screenshot(phone, 'import-dry-run-phone');

  // For real: the same file and options but the dry run, as a new card on top.
  await page.goBack();
  await card.getByRole('button', { name: 'Import for real' }).click();
  const real = page.getByRole('article', { name: 'Upload of accents.csv', exact: true });
  await real.locator('[data-status="succeeded"]').waitFor();
  assert.equal(await page.locator('.upload-card').first().getAttribute('aria-label'), 'Upload of accents.csv', 'on top');
  assert.deepEqual(
    [await fact(real, 'Inserted'), await fact(real, 'Updated'), await fact(real, 'Unchanged'), await fact(real, 'Superseded'), await fact(real, 'Rejected')],
    ['1', '1', '1', '1', '1'],
  );
  await card.getByText('Sent for real').waitFor();
  await screenshot(page, 'upload-import-for-real');
  await page.setViewportSize(PHONE);
  assert.equal(await overflowsSideways(page), false, 'the cards fit a phone');
  await screenshot(page, 'upload-import-for-real-phone');
  const applied = (await api('/api/imports?limit=1')).items[0];
  assert.deepEqual(applied.options, { ...dry.options, dryRun: false });
  assert.deepEqual(await api('/api/products/acc-1').then((p) => [p.name, p.description]), ['Café Crème', '“quoted” — 5 €']);
  assert.equal((await api('/api/products/acc-3')).name, 'Crème Brûlée');
  assert.equal(await status('/api/aggregates/Cafe'), 404, 'no product is named Cafe any more');
});

test('the upload options fit a phone and say when a value is wrong', async () => {
  const phone = await d.newPage(PHONE);
  await phone.goto('/#/upload');
  const options = phone.getByRole('group', { name: 'Import options' });
  await options.getByLabel('Mode').selectOption('strict');
  const maxErrors = options.getByLabel('Max errors');
  await maxErrors.fill('ten');
  assert.equal(await maxErrors.getAttribute('aria-invalid'), 'true');
  await phone.getByLabel('Choose files…').setInputFiles({ name: 'refused.csv', mimeType: 'text/csv', buffer: Buffer.from('name,sku\nA,a\n') });
  await phone.getByRole('alert').getByText('Max errors must be a whole number').waitFor();
  assert.equal(await phone.locator('.upload-card').count(), 0, 'no file was added');
  assert.equal(await overflowsSideways(phone), false, 'the upload page fits a phone');
  await screenshot(phone, 'upload-options-phone');
  await maxErrors.fill('10');
  assert.equal(await maxErrors.getAttribute('aria-invalid'), null);
  assert.equal(await phone.getByRole('alert').count(), 0, 'the message goes once the value is fixed');
});

test('a file read otherwise than it looks says what it looks like', async () => {
  const page = await d.newPage();
  await page.goto('/#/upload');
  await page.getByLabel('Choose files…').setInputFiles({ name: 'accents-as-utf8.csv', mimeType: 'text/csv', buffer: accentedFile() });
  const card = page.getByRole('article', { name: 'Upload of accents-as-utf8.csv' });
  await card.locator('[data-status="failed"]').waitFor();
  // One message for the one problem, in plain words, with the fix as a button.
  assert.equal(await card.locator('.state-error, .state-warn').count(), 1);
  assert.equal(await card.locator('[data-dialect-note]').count(), 1);
  assert.equal(await text(card.locator('[data-suggestion-text]')), 'The file looks written with encoding Windows-1252 and delimiter semicolon.');
  await card.locator('[data-import-error]').getByText('the file looks written with semicolons between fields').waitFor();
  assert.doesNotMatch(await text(card.locator('[data-import-error]')), /delimiter=|encoding=/, 'no API syntax');
  await screenshot(page, 'upload-dialect-mismatch');
  await card.getByRole('link', { name: /^Import #\d+$/ }).click();
  await page.locator('[data-dialect-note]').getByRole('button', { name: 'Import again with encoding Windows-1252 and delimiter semicolon' }).waitFor();
});

test('strict mode from the upload page: one bad row fails the import and changes nothing', async () => {
  const before = await api('/api/stats');
  const page = await d.newPage();
  await page.goto('/#/upload');
  await page.getByRole('group', { name: 'Import options' }).getByLabel('Mode').selectOption({ label: 'Strict: any bad row fails the import' });
  await page.getByLabel('Choose files…').setInputFiles({
    name: 'strict.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('name,sku,description\nStrict A,st-1,a\nStrict B,st-2,b\nBad,,empty sku\nStrict C,st-3,c\n'),
  });
  const card = page.getByRole('article', { name: 'Upload of strict.csv' });
  await card.locator('[data-status="failed"]').waitFor();
  const message = 'strict mode: 1 row was rejected (line 4: sku is empty); nothing was applied';
  await card.locator('[data-import-error]').getByText(message).waitFor();
  assert.equal(await text(card.locator('.card-options')), 'Options: strict');
  await screenshot(page, 'upload-strict-failed');

  await card.getByRole('link', { name: /^Import #\d+$/ }).click();
  await page.locator('[data-import-error]:visible').getByText(message).waitFor();
  assert.equal(await fact(page.getByRole('region', { name: 'Options' }), 'Mode'), 'Strict: any bad row fails it');
  await page.getByRole('region', { name: 'Rejected rows table' }).getByText('sku is empty').waitFor();
  await screenshot(page, 'import-strict-failed');

  assert.equal((await api('/api/stats')).products, before.products);
  for (const sku of ['st-1', 'st-2', 'st-3']) assert.equal(await status(`/api/products/${sku}`), 404, sku);
});

test('a revert from the import page: the conflict lists the product written since; forced, the others are reverted', async () => {
  const base = 'name,sku,description\n' + [1, 2, 3, 4].map((i) => `Base,rv-${i},base ${i}\n`).join('');
  await importViaApi(base, 'base.csv');
  const imp = await importViaApi(
    'name,sku,description\n' + [1, 2, 3, 4].map((i) => `Changed,rv-${i},changed ${i}\n`).join('') + 'New,rv-5,new 5\nNew,rv-6,new 6\n',
    'to-revert.csv',
  );
  assert.deepEqual([imp.counts.rowsInserted, imp.counts.rowsUpdated, imp.revertible], [2, 4, true]);
  await sendJson('PATCH', '/api/products/rv-2', { name: 'Edited' });

  const page = await d.newPage();
  await page.goto(`/#/imports/${imp.id}`);
  const section = page.getByRole('region', { name: 'Revert' });
  await section.getByRole('button', { name: 'Revert import…' }).click();
  const confirm = section.getByRole('group', { name: 'Confirm revert' });
  await until(async () => (await page.evaluate<string>('document.activeElement.textContent')) === 'Keep it', 'the focus moves to the confirm step');
  await confirm.getByRole('button', { name: 'Yes, revert' }).click();

  const conflict = section.getByRole('alert');
  await conflict.getByText('1 product was written since this import').waitFor();
  assert.deepEqual(await conflict.getByRole('list', { name: 'Products written since the import' }).getByRole('listitem').allTextContents(), ['rv-2']);
  assert.equal((await api(`/api/imports/${imp.id}`)).status, 'succeeded', 'nothing reverted yet');
  await screenshot(page, 'import-revert-conflict');

  await conflict.getByRole('button', { name: 'Revert the others, keep these' }).click();
  const reverted = page.getByRole('region', { name: 'Reverted' });
  await reverted.waitFor();
  await page.locator('.page-title [data-status="reverted"]').waitFor();
  assert.deepEqual([await fact(reverted, 'Restored'), await fact(reverted, 'Removed'), await fact(reverted, 'Kept')], ['3', '2', '1']);
  assert.deepEqual(await reverted.getByRole('list', { name: 'Products kept as written since the import' }).getByRole('listitem').allTextContents(), ['rv-2']);
  await screenshot(page, 'import-reverted');

  const products = await Promise.all([1, 2, 3, 4].map((i) => api(`/api/products/rv-${i}`)));
  assert.deepEqual(products.map((p) => [p.name, p.description]), [['Base', 'base 1'], ['Edited', 'changed 2'], ['Base', 'base 3'], ['Base', 'base 4']]);
  assert.deepEqual([await status('/api/products/rv-5'), await status('/api/products/rv-6')], [404, 404]);
  assert.equal((await api('/api/aggregates/Base')).productCount, 3);
  assert.equal(await status('/api/aggregates/Changed'), 404);

  // Opened later, the page still says what the revert did.
  const phone = await d.newPage(PHONE);
  await phone.goto(`/#/imports/${imp.id}`);
  const later = phone.getByRole('region', { name: 'Reverted' });
  await later.waitFor();
  assert.equal(await fact(later, 'Kept'), '1');
  assert.equal(await overflowsSideways(phone), false, 'the reverted import page fits a phone');
  await screenshot(phone, 'import-reverted-phone');
});

test('a revert conflict with many products lists the first 50 and counts the rest', async () => {
  const imp = await importViaApi('name,sku,description\n' + Array.from({ length: 80 }, (_, i) => `Many,many-${i},x\n`).join(''), 'many.csv');
  // Written since by something else: the import's stamp is gone from 60 of them.
  await d.server.app.db.pool.query(`UPDATE products SET last_import_id = NULL, updated_at = now() WHERE sku LIKE 'many-%' AND sku < 'many-6'`);
  const written = (await d.server.app.db.pool.query(`SELECT count(*)::int AS n FROM products WHERE sku LIKE 'many-%' AND sku < 'many-6'`)).rows[0].n;
  const page = await d.newPage();
  await page.goto(`/#/imports/${imp.id}`);
  const section = page.getByRole('region', { name: 'Revert' });
  await section.getByRole('button', { name: 'Revert import…' }).click();
  await section.getByRole('button', { name: 'Yes, revert' }).click();
  const conflict = section.getByRole('alert');
  await conflict.getByText(`${written} products were written since this import`).waitFor();
  assert.equal(await conflict.getByRole('listitem').count(), 50);
  assert.equal(await conflict.locator('[data-more]').textContent(), `and ${written - 50} more`);
  await screenshot(page, 'import-revert-conflict-many');
  await section.getByRole('button', { name: 'Cancel' }).click();
  await section.getByRole('button', { name: 'Revert import…' }).waitFor();
  assert.equal((await api(`/api/imports/${imp.id}`)).status, 'succeeded');
});

test('an upload whose final answer is lost is resumed by the page, which finds the one import it made', async () => {
  const page = await d.newPage();
  const content = 'name,sku,description\nFlaky,fl-1,x\n';
  const patches: string[] = [];
  // The final PATCH reaches the server, which completes the upload and makes the import (sent from here, the same
  // request), but the answer never reaches the page: the connection is reset.
  await page.route((url) => url.pathname.startsWith('/api/uploads/'), async (route) => {
    const request = route.request();
    if (request.method() !== 'PATCH') return route.continue();
    patches.push(request.url());
    if (patches.length > 1) return route.continue();
    const headers = await request.allHeaders();
    const made = await d.server.fetch(new URL(request.url()).pathname, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': headers['upload-offset']!, 'content-type': 'application/offset+octet-stream' },
      body: request.postDataBuffer()!,
    });
    assert.equal(made.status, 204, 'the first attempt completed the upload');
    assert.match(made.headers.get('import-location') ?? '', /^\/api\/imports\/\d+$/);
    return route.abort('connectionreset');
  });
  await page.goto('/#/upload');
  await page.getByLabel('Choose files…').setInputFiles({ name: 'flaky.csv', mimeType: 'text/csv', buffer: Buffer.from(content) });
  const card = page.getByRole('article', { name: 'Upload of flaky.csv' });
  await card.locator('[data-status="succeeded"]').waitFor();
  await screenshot(page, 'upload-retry');

  const made = (await api('/api/imports?limit=200')).items.filter((i: { sourceName: string }) => i.sourceName === 'flaky.csv');
  assert.equal(made.length, 1, 'one import');
  await card.getByRole('link', { name: `Import #${made[0].id}` }).waitFor();
});

test('a file already imported is skipped when asked; the imports table tags dry runs and shows skipped and reverted', async () => {
  const file = 'name,sku,description\nSeen,seen-1,x\n';
  const first = await importViaApi(file, 'seen.csv');
  const page = await d.newPage();
  await page.goto('/#/upload');
  await page.getByRole('group', { name: 'Import options' }).getByLabel('Skip a file already imported').check();
  await page.getByLabel('Choose files…').setInputFiles({ name: 'seen-again.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  const card = page.getByRole('article', { name: 'Upload of seen-again.csv' });
  await card.locator('[data-status="skipped"]').waitFor();
  assert.equal(await text(card.locator('[data-duplicate-note]')), `Skipped: the same file as import #${first.id}; nothing was read again.`);
  await card.locator('[data-duplicate-note]').getByRole('link', { name: `#${first.id}` }).waitFor();
  await screenshot(page, 'upload-skipped');

  // Without the option the same file is imported again, and its card says it was seen before.
  await page.getByRole('group', { name: 'Import options' }).getByLabel('Skip a file already imported').uncheck();
  await page.getByLabel('Choose files…').setInputFiles({ name: 'seen-thrice.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  const again = page.getByRole('article', { name: 'Upload of seen-thrice.csv' });
  await again.locator('[data-status="succeeded"]').waitFor();
  assert.equal(await text(again.locator('[data-duplicate-note]')), `This file was already imported by #${first.id}.`);

  await page.goto('/#/imports');
  const row = (name: string) => page.getByRole('row', { name: new RegExp(name.replace('.', '\\.')) }).first();
  await row('seen-again.csv').waitFor();
  assert.equal(await page.getByRole('row', { name: /accents\.csv/ }).filter({ has: page.locator('[data-dry-run]') }).count(), 1, 'the dry run is tagged');
  assert.equal(await row('seen-again.csv').locator('[data-status]').getAttribute('data-status'), 'skipped');
  assert.equal(await row('to-revert.csv').locator('[data-status]').getAttribute('data-status'), 'reverted');
  assert.equal(await row('strict.csv').locator('[data-dry-run]').count(), 0);
  await screenshot(page, 'imports-controls');
});
