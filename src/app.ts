import type { PgBoss } from 'pg-boss';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { startQueue } from './db/queue.js';
import type { Logger } from './log.js';
import { openUploadStore } from './storage/open.js';
import { resumableUploads, type ResumableUploads } from './storage/resumable.js';
import type { UploadStore } from './storage/store.js';

/**
 * What every part of lfp works with: configuration, logger, database, job queue, upload storage and the resumable
 * uploads in progress (served by the API, expired by the sweep).
 */
export interface App {
  config: Config;
  log: Logger;
  db: Database;
  boss: PgBoss;
  uploadStore: UploadStore;
  resumableUploads: ResumableUploads;
  close(): Promise<void>;
}

/** Opens the database (migrating it) and the job queue. */
export async function openApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase(config, log);
  let boss: PgBoss;
  try {
    boss = await startQueue(db.url, log);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    config,
    log,
    db,
    boss,
    uploadStore: await openUploadStore(config.storage),
    resumableUploads: resumableUploads(config.storage, config.uploadExpiryMs),
    async close() {
      await boss.stop({ graceful: true, timeout: 30_000 });
      await db.close();
    },
  };
}
