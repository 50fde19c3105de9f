import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../app.js';
import { inTransaction } from '../db/pool.js';
import { isFinished } from '../imports/model.js';
import { dropUndo } from '../imports/revert.js';
import { dropStagingTable, stagedImports } from '../imports/staging.js';
import { expireUndo, statusesOf, uploadsDone } from '../imports/store.js';
import { pruneDeliveries } from '../webhooks/store.js';

const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** The upload of a failed or cancelled import is kept this long for a retry. */
export const RETRY_RETENTION_DAYS = 7;
/** Finished webhook deliveries, with their attempts, are kept this long. */
export const DELIVERY_RETENTION_DAYS = 30;

/**
 * Removes what a crash or time leaves behind: staging tables of finished imports, stored uploads of succeeded
 * imports and of failed or cancelled ones past their retention, uploads no import owns (a submission that died
 * before its transaction) once they are an hour old, undo data past its retention, and webhook deliveries that
 * finished more than DELIVERY_RETENTION_DAYS ago.
 */
export async function sweepLeftovers(app: App): Promise<void> {
  const { pool } = app.db;
  await inTransaction(pool, async (client) => dropUndo(client, await expireUndo(client)));
  await pruneDeliveries(pool, DELIVERY_RETENTION_DAYS);

  const staged = await stagedImports(pool);
  const statuses = await statusesOf(pool, staged);
  for (const id of staged) {
    const status = statuses.get(id);
    if (status === undefined || isFinished(status)) await dropStagingTable(pool, id);
  }

  const names = await readdir(app.uploadStore.dir).catch(() => [] as string[]);
  const keys = [...new Set(names.map((n) => n.split('.')[0]!))].filter((k) => /^[0-9a-f-]{36}$/.test(k));
  const done = await uploadsDone(pool, keys, RETRY_RETENTION_DAYS);
  for (const key of keys) {
    if (done.get(key)) await app.uploadStore.remove(key);
    else if (!done.has(key)) {
      for (const name of names.filter((n) => n.startsWith(key))) {
        const path = join(app.uploadStore.dir, name);
        const age = Date.now() - (await stat(path)).mtimeMs;
        if (age > ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
      }
    }
  }
}
