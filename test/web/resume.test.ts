import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateCsv } from '../../src/generate/generator.js';
import { openDashboard, until, type Dashboard } from '../support/browser.js';

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

/**
 * Bytes of the upload in progress that have reached the server's disk (the one file of the resumable directory,
 * beside the stored uploads).
 */
async function receivedOnDisk(): Promise<number> {
  const resumable = join(d.server.dataDir, 'uploads', 'resumable');
  const files = (await readdir(resumable).catch(() => [] as string[])).filter((name) => !name.endsWith('.json'));
  return files.length === 1 ? (await stat(join(resumable, files[0]!))).size : 0;
}

test('an upload whose connection is cut mid-way resumes from the byte the server has and makes one import', async () => {
  const file = join(dir, 'resumed-in-browser.csv');
  const data = Buffer.from([...generateCsv({ rows: 60_000, seed: 8, duplicateRatio: 0.05 })].join(''));
  await writeFile(file, data);
  const page = await d.newPage();
  // A slow uplink (about 3 MB/s), so that the cut falls in the middle of the upload.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 3 * 1024 * 1024 });
  const patchOffsets: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().includes('/api/uploads/')) patchOffsets.push(Number(request.headers()['upload-offset']));
  });
  await page.goto('/#/upload');
  await page.getByLabel('Choose files…').setInputFiles(file);

  await until(async () => (await receivedOnDisk()) > data.length * 0.3, 'a third of the file has arrived');
  const cutAt = await receivedOnDisk();
  d.server.server.server.closeAllConnections(); // the network drops every connection at once

  const card = page.getByRole('article', { name: 'Upload of resumed-in-browser.csv' });
  await card.locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
  assert.equal(patchOffsets[0], 0);
  const resumedAt = patchOffsets.find((offset) => offset > 0);
  assert.ok(resumedAt !== undefined && resumedAt >= cutAt, `resumed at ${resumedAt} (${cutAt} bytes had arrived before the cut): ${patchOffsets.join(', ')}`);
  const { rows } = await d.server.app.db.pool.query('SELECT status, rows_read FROM imports WHERE source_name = $1', ['resumed-in-browser.csv']);
  assert.deepEqual(rows, [{ status: 'succeeded', rows_read: 60_000 }], 'exactly one import, of the whole file');
});
