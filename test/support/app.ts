import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { isFinished, type ImportRecord } from '../../src/imports/model.js';
import { getImport } from '../../src/imports/store.js';
import type { Pool } from '../../src/db/pool.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { quietLog } from './ingest.js';

export interface TestApp {
  app: App;
  db: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  chunkBytes?: number;
  /** More environment: LFP_STORAGE_URL and the AWS variables for S3 storage, say. */
  env?: Record<string, string>;
  /** Settings that differ from the defaults (LFP_WEBHOOK_ALLOW_PRIVATE, say). */
  config?: Partial<Config>;
}

/** An lfp app (database, queue, upload storage) on a database and data directory of its own. */
export async function openTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'lfp-app-'));
  const config = {
    ...loadConfig({ LFP_DATA_DIR: dataDir, ...options.env }),
    databaseUrl: db.url, chunkBytes: options.chunkBytes ?? 64 * 1024, mergeWorkMem: '64MB', ...options.config,
  };
  const app = await openApp(config, quietLog);
  return {
    app,
    db,
    dataDir,
    async close() {
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` with an app of its own, closed after whatever happens. */
export async function withTestApp(work: (t: TestApp) => Promise<void>, options: TestAppOptions = {}): Promise<void> {
  const t = await openTestApp(options);
  try {
    await work(t);
  } finally {
    await t.close();
  }
}

/** Waits until the import has finished (or `until` holds), polling; fails after `timeoutMs`. */
export async function waitForImport(
  pool: Pool,
  importId: number,
  timeoutMs = 60_000,
  until: (imp: ImportRecord) => boolean = (imp) => isFinished(imp.status),
): Promise<ImportRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const imp = await getImport(pool, importId);
    if (imp && until(imp)) return imp;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${imp?.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}
