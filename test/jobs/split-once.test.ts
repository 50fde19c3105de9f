import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateCsv } from '../../src/generate/generator.js';
import { ImportJobs } from '../../src/jobs/handlers.js';
import { startWorker } from '../../src/jobs/worker.js';
import { submitImport } from '../../src/imports/service.js';
import { openTestApp, waitForImport } from '../support/app.js';
import { aggregateDrift } from '../support/db.js';

test('a split started again while an earlier attempt runs waits for it, then finds the file read: chunks planned once', async () => {
  const t = await openTestApp({ chunkBytes: 64 * 1024 });
  try {
    const data = Buffer.from([...generateCsv({ rows: 60_000, seed: 5, duplicateRatio: 0.1 })].join(''));
    const upload = await t.app.uploadStore.save(Readable.from([data]));
    const imp = (await submitImport(t.app, { sourceName: 'twice.csv', upload, uploadMs: 1 })).import;
    const jobs = new ImportJobs(t.app);
    const first = jobs.split(imp.id);
    let waited = false;
    const second = (async () => {
      await sleep(20);
      const attempt = jobs.split(imp.id);
      // The second attempt waits on the import's split lock while the first holds it.
      for (let i = 0; i < 100 && !waited; i++) {
        const { rows } = await t.app.db.pool.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 7103089 AND objid = $1 AND NOT granted`, [imp.id]);
        waited = rows.length > 0;
        if (!waited) await sleep(10);
      }
      await attempt;
    })();
    await Promise.all([first, second]);
    assert.ok(waited, 'the second split waited for the first');
    const { rows } = await t.app.db.pool.query<{ planned: number; total: number; sent: number }>(`
      SELECT (SELECT count(*)::int FROM import_chunks WHERE import_id = $1) AS planned,
             (SELECT chunks_total FROM imports WHERE id = $1) AS total,
             (SELECT count(*)::int FROM lfp_jobs.job WHERE name = 'lfp-load' AND (data->>'importId')::int = $1) AS sent`, [imp.id]);
    assert.ok(rows[0]!.planned > 5);
    assert.equal(rows[0]!.total, rows[0]!.planned);
    assert.equal(rows[0]!.sent, rows[0]!.planned, 'one load job per chunk');
    const worker = await startWorker(t.app, 2);
    try {
      const done = await waitForImport(t.app.db.pool, imp.id);
      assert.equal(done.status, 'succeeded', done.error ?? '');
      assert.equal(done.rowsRead, 60_000);
    } finally {
      await worker.stop();
    }
    assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
  } finally {
    await t.close();
  }
});
