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
 * before its transaction) once they are an hour old, undo data past its retention, webhook deliveries that
 * finished more than DELIVERY_RETENTION_DAYS ago, and resumable uploads not completed within LFP_UPLOAD_EXPIRY_HOURS
 * (on whichever disk or bucket they gather: any worker reaches them as the API does).
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

  const stored = await app.uploadStore.list();
  const done = await uploadsDone(pool, stored.map((s) => s.key), RETRY_RETENTION_DAYS);
  for (const { key, modified } of stored) {
    const abandoned = !done.has(key) && Date.now() - modified.getTime() > ABANDONED_AFTER_MS;
    if (done.get(key) || abandoned) await app.uploadStore.remove(key);
  }

  const expired = await app.resumableUploads.expire();
  if (expired > 0) app.log.info({ expired }, 'abandoned resumable uploads removed');
}
