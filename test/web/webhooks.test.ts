import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitForImport } from '../support/app.js';
import { PHONE, openDashboard, overflowsSideways, screenshot, type Dashboard } from '../support/browser.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { json } from '../support/server.js';

let d: Dashboard;
let receiver: Receiver;
before(async () => {
  receiver = await startReceiver();
  d = await openDashboard({ config: { webhookAllowPrivate: true, webhookRetryDelayMs: 100 } });
});
after(async () => {
  await d?.close();
  await receiver?.close();
});

test('the webhooks page adds a webhook (the secret shown once), lists its deliveries with every attempt, and deletes it', async () => {
  const page = await d.newPage();
  await page.goto('/#/webhooks');
  await page.getByRole('link', { name: 'Webhooks' }).first().waitFor();
  await page.getByText('No webhooks yet').waitFor();

  // A URL the server refuses: its message shows.
  await page.getByLabel('URL').fill('ftp://127.0.0.1/hook');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.getByRole('alert').getByText('only http and https URLs can be reached').waitFor();

  await page.getByLabel('URL').fill(`${receiver.url}/dashboard`);
  await page.getByLabel('import.skipped').uncheck();
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = (await page.getByLabel('Secret').textContent())!.trim();
  assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
  const [hook] = (await json(await d.server.fetch('/api/webhooks'))).items;
  assert.deepEqual(hook.events, ['import.succeeded', 'import.failed', 'import.cancelled', 'import.reverted']);
  await page.getByRole('region', { name: 'Webhooks table' }).getByText(`${receiver.url}/dashboard`).waitFor();
  await screenshot(page, 'webhooks-added');
  await page.getByRole('button', { name: 'I have kept it' }).click();
  assert.equal(await page.getByLabel('Secret').count(), 0, 'the secret is gone once dismissed');

  // A receiver that fails once: the delivery shows both attempts.
  receiver.answer = (_request, index) => (index === 0 ? 503 : 200);
  const imp = await json(await d.server.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,sku,description\nA,dash-1,one\n' }));
  await waitForImport(d.server.app.db.pool, imp.id);
  await page.getByRole('link', { name: 'Deliveries' }).click();
  const table = page.getByRole('region', { name: 'Deliveries table' });
  await table.locator('[data-status="delivered"]').waitFor();
  const attempts = await table.locator('.attempts li').allTextContents();
  assert.equal(attempts.length, 2);
  assert.match(attempts[0]!, /^503, .*the receiver answered HTTP 503/);
  assert.match(attempts[1]!, /^200, /);
  assert.match(await table.locator('tbody tr').first().textContent() ?? '', /import\.succeeded/);
  assert.equal(await table.getByRole('link', { name: String(imp.id) }).getAttribute('href'), `#/imports/${imp.id}`);
  await screenshot(page, 'webhook-deliveries');
  const phone = await d.newPage(PHONE);
  await phone.goto(`/#/webhooks/${hook.id}`);
  await phone.getByRole('region', { name: 'Deliveries table' }).waitFor();
  assert.equal(await overflowsSideways(phone), false);

  await page.getByRole('link', { name: 'Webhooks' }).first().click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByText('No webhooks yet').waitFor();
  assert.deepEqual((await json(await d.server.fetch('/api/webhooks'))).items, []);
});
