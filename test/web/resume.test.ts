import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateCsv } from '../../src/generate/generator.js';
import { openDashboard, until, type Dashboard } from '../support/browser.js';

const ROWS = 60_000;

let d: Dashboard;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lfp-web-resume-'));
  d = await openDashboard({ chunkBytes: 1024 * 1024 });
});
after(async () => {
  await d?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A generated catalogue of ROWS rows (about 11 MB), written as `name` in the test's directory. */
async function catalogueFile(name: string, seed: number): Promise<{ path: string; bytes: number }> {
  const path = join(dir, name);
  const data = Buffer.from([...generateCsv({ rows: ROWS, seed, duplicateRatio: 0.05 })].join(''));
  await writeFile(path, data);
  return { path, bytes: data.length };
}

/** The upload page on a slow uplink (about 3 MB/s), so that what the test does falls in the middle of an upload. */
async function slowUploadPage(): Promise<Page> {
  const page = await d.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });
  await page.goto('/#/upload');
  return page;
}

/** The tus requests the page sends, as they go: how many uploads it creates (POST), and each PATCH's Upload-Offset. */
function watchUploadRequests(page: Page): { creations: number; patchOffsets: number[] } {
  const sent = { creations: 0, patchOffsets: [] as number[] };
  page.on('request', (request) => {
    if (!request.url().includes('/api/uploads')) return;
    if (request.method() === 'POST') sent.creations++;
    if (request.method() === 'PATCH') sent.patchOffsets.push(Number(request.headers()['upload-offset']));
  });
  return sent;
}

/**
 * Bytes of the upload in progress that have reached the server's disk (the one file of the resumable directory,
 * beside the stored uploads).
 */
async function receivedOnDisk(): Promise<number> {
  const resumable = join(d.server.dataDir, 'uploads', 'resumable');
  const files = (await readdir(resumable).catch(() => [] as string[])).filter((name) => !name.endsWith('.json'));
  return files.length === 1 ? (await stat(join(resumable, files[0]!))).size : 0;
}

async function importsOf(sourceName: string) {
  const { rows } = await d.server.app.db.pool.query('SELECT status, rows_read FROM imports WHERE source_name = $1', [sourceName]);
  return rows;
}

test('an upload whose connection is cut mid-way resumes from the byte the server has and makes one import', async () => {
  const file = await catalogueFile('resumed-in-browser.csv', 8);
  const page = await slowUploadPage();
  const sent = watchUploadRequests(page);
  await page.getByLabel('Choose files…').setInputFiles(file.path);

  await until(async () => (await receivedOnDisk()) > file.bytes * 0.3, 'a third of the file has arrived');
  const cutAt = await receivedOnDisk();
  d.server.server.server.closeAllConnections(); // the network drops every connection at once

  const card = page.getByRole('article', { name: 'Upload of resumed-in-browser.csv' });
  await card.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  assert.equal(sent.patchOffsets[0], 0);
  const resumedAt = sent.patchOffsets.find((offset) => offset > 0);
  assert.ok(resumedAt !== undefined && resumedAt >= cutAt, `resumed at ${resumedAt} (${cutAt} bytes had arrived before the cut): ${sent.patchOffsets.join(', ')}`);
  assert.equal(await card.locator('[data-resumed]').count(), 0, 'no earlier upload of this file to speak of: the page retried its own');
  assert.deepEqual(await importsOf('resumed-in-browser.csv'), [{ status: 'succeeded', rows_read: ROWS }], 'exactly one import, of the whole file');
});

test('the same file chosen again after a page reload resumes its upload from the byte the server has and makes one import', async () => {
  const file = await catalogueFile('resumed-after-reload.csv', 9);
  const page = await slowUploadPage();
  const sent = watchUploadRequests(page);
  await page.getByLabel('Choose files…').setInputFiles(file.path);

  await until(async () => (await receivedOnDisk()) > file.bytes * 0.3, 'a third of the file has arrived');
  const hadAtReload = await receivedOnDisk();
  const patchesBeforeReload = sent.patchOffsets.length;
  // Leaving mid-upload asks first; the user leaves anyway, and chooses the same file on the page reloaded.
  const leaving = page.waitForEvent('dialog');
  const reloaded = page.reload();
  const prompt = await leaving;
  assert.equal(prompt.type(), 'beforeunload');
  await prompt.accept();
  await reloaded;
  await page.getByLabel('Choose files…').setInputFiles(file.path);

  const card = page.getByRole('article', { name: 'Upload of resumed-after-reload.csv' });
  assert.match(await card.locator('[data-resumed]').innerText(), /^Resumed an earlier upload of this file: [\d.]+ MB of [\d.]+ MB were already on the server\.$/);
  await card.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  assert.equal(sent.creations, 1, 'the upload after the reload continues the first one instead of creating another');
  const resumedAt = sent.patchOffsets[patchesBeforeReload];
  assert.ok(resumedAt !== undefined && resumedAt >= hadAtReload, `resumed at ${resumedAt} (${hadAtReload} bytes had arrived before the reload): ${sent.patchOffsets.join(', ')}`);
  assert.deepEqual(await importsOf('resumed-after-reload.csv'), [{ status: 'succeeded', rows_read: ROWS }], 'exactly one import, of the whole file');
});
