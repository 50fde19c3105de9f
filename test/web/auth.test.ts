import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDashboard, screenshot, type Dashboard } from '../support/browser.js';

const KEY = 'dashboard-test-key-0123456789';
let d: Dashboard;
before(async () => {
  d = await openDashboard({ apiKey: KEY });
});
after(() => d?.close());

test('the dashboard is served without the key, with cache headers, and shadows none of the server\'s paths', async () => {
  const index = await d.server.fetch('/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), 'a script and a stylesheet');
  assert.doesNotMatch(html, /https?:\/\//, 'nothing from another host: works offline');
  for (const asset of assets) {
    const response = await d.server.fetch(asset);
    assert.equal(response.status, 200, asset);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', asset);
  }
  assert.equal((await d.server.fetch('/api/stats')).status, 401, 'the API still needs the key');
  const unknown = await d.server.fetch('/api/no-such-thing', { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type') ?? '', /^application\/problem\+json/);
  for (const path of ['/healthz', '/metrics', '/openapi.json', '/docs']) assert.equal((await d.server.fetch(path)).status, 200, path);
});

test('with an API key the dashboard asks for it once and keeps it for the session', async () => {
  const page = await d.newPage();
  await page.goto('/#/');
  const keyField = page.getByLabel('API key', { exact: true });
  await keyField.waitFor();
  await keyField.fill('not-the-key');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('The server refused that key').waitFor();
  await screenshot(page, 'api-key-refused');

  await keyField.fill(KEY);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.tile-value').first().waitFor();
  for (const section of ['Imports', 'Products', 'Aggregates', 'Upload', 'Overview']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
    assert.equal(await keyField.count(), 0, `${section} needs no key again`);
  }
  await page.reload();
  await page.locator('.tile-value').first().waitFor();
  assert.equal(await keyField.count(), 0, 'kept across a reload');

  const otherSession = await d.newPage();
  await otherSession.goto('/#/products');
  await otherSession.getByLabel('API key', { exact: true }).waitFor();
  await screenshot(otherSession, 'api-key');
});
