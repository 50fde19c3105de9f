import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../app.js';
import { inTransaction } from '../db/pool.js';
import { FINISHED, dropStagingTable } from '../imports/store.js';

const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** The upload of a failed or cancelled import is kept this long for a retry. */
export const RETRY_RETENTION_DAYS = 7;

const STAGING_TABLES = `SELECT tablename FROM pg_tables WHERE schemaname = 'lfp_staging'`;
const STATUSES = `SELECT id, status FROM imports WHERE id = ANY($1::bigint[])`;
const UPLOAD_OWNERS = `
  SELECT storage_key,
         status = 'succeeded' OR (status IN ('failed', 'cancelled') AND finished_at < now() - make_interval(days => $2)) AS done
    FROM imports WHERE storage_key = ANY($1::text[])`;

// Undo data past the retention its merge ran with: the import is marked in the same transaction, so a revert
// never finds half of it.
const EXPIRE_UNDO = `
  UPDATE imports SET undo_dropped_at = now()
   WHERE undo_kept_until < now() AND undo_dropped_at IS NULL AND status = 'succeeded'
  RETURNING id`;
const DROP_UNDO = 'DELETE FROM import_undo WHERE import_id = ANY($1::bigint[])';

/**
 * Removes what a crash or time leaves behind: staging tables of finished imports, stored uploads of succeeded
 * imports and of failed or cancelled ones past their retention, uploads no import owns (a submission that died
 * before its transaction) once they are an hour old, and undo data past its retention.
 */
export async function sweepLeftovers(app: App): Promise<void> {
  const { pool } = app.db;
  await inTransaction(pool, async (client) => {
    const expired = (await client.query<{ id: number }>(EXPIRE_UNDO)).rows.map((r) => r.id);
    if (expired.length > 0) await client.query(DROP_UNDO, [expired]);
  });
  const tables = (await pool.query<{ tablename: string }>(STAGING_TABLES)).rows.map((r) => r.tablename);
  const ids = tables.map((t) => Number(t.replace('import_', ''))).filter(Number.isSafeInteger);
  const statuses = (await pool.query<{ id: number; status: string }>(STATUSES, [ids])).rows;
  const active = new Set(statuses.filter((r) => !FINISHED.includes(r.status as never)).map((r) => r.id));
  for (const id of ids) if (!active.has(id)) await dropStagingTable(pool, id);

  const names = await readdir(app.uploads.dir).catch(() => [] as string[]);
  const keys = [...new Set(names.map((n) => n.split('.')[0]!))].filter((k) => /^[0-9a-f-]{36}$/.test(k));
  const owners = await pool.query<{ storage_key: string; done: boolean }>(UPLOAD_OWNERS, [keys, RETRY_RETENTION_DAYS]);
  const done = new Map(owners.rows.map((r) => [r.storage_key, r.done]));
  for (const key of keys) {
    if (done.get(key)) await app.uploads.remove(key);
    else if (!done.has(key)) {
      for (const name of names.filter((n) => n.startsWith(key))) {
        const path = join(app.uploads.dir, name);
        const age = Date.now() - (await stat(path)).mtimeMs;
        if (age > ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
      }
    }
  }
}
