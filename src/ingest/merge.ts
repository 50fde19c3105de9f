import type { Config } from '../config.js';
import { LOCKS, transactionLock } from '../db/locks.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { CancelledError } from '../errors.js';
import { stagingTable } from '../imports/store.js';

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
}

// Merges apply one import at a time (and, with the queue, in submission order).
export const LOCK_MERGES = transactionLock(LOCKS.merges);
const SET_WORK_MEM = "SELECT set_config('work_mem', $1, true)";
// Names the import to the products undo trigger (migration 005) for this transaction only.
const CAPTURE_UNDO = "SELECT set_config('lfp.undo_import', $1, true)";
// Only a running import whose every chunk is loaded merges: a finalize job left from before a cancel and retry
// finds the retried import still loading and does nothing. The row is not locked, so that a cancel during the
// merge commits at once; the merge then finds the import cancelled when it records its outcome, and rolls back.
const CHECK_READY = `
  SELECT status = 'running' AND chunks_total IS NOT NULL AND chunks_done = chunks_total AS ready, dry_run AS "dryRun"
    FROM imports WHERE id = $1`;

/** Checks that the import is fully loaded and still running, as a dry run or not. */
export async function checkReadyImport(client: PoolClient, importId: number, dryRun: boolean): Promise<void> {
  const { rows } = await client.query<{ ready: boolean; dryRun: boolean }>(CHECK_READY, [importId]);
  if (!rows[0]?.ready) throw new CancelledError('the import is no longer running, or not fully loaded');
  if (rows[0].dryRun !== dryRun) throw new Error(`import ${importId} is ${dryRun ? 'not ' : ''}a dry run`);
}

/** Within the file the last row of a SKU wins (highest offset). */
export const latestRows = (staging: string) => `
    SELECT DISTINCT ON (sku) sku, name, description FROM ${staging} ORDER BY sku, ord DESC`;

/**
 * Rows equal to what is stored are not rewritten: they cost no WAL, no dead tuples and no trigger work.
 * `xmax = 0` tells an inserted row from an updated one.
 */
const upsertFromStaging = (staging: string) => `
  WITH latest AS (${latestRows(staging)}
  ), applied AS (
    INSERT INTO products AS p (sku, name, description, last_import_id)
    SELECT sku, name, description, $1 FROM latest
    ON CONFLICT (sku) DO UPDATE
       SET name = excluded.name, description = excluded.description,
           last_import_id = excluded.last_import_id, updated_at = now()
     WHERE (p.name, p.description) IS DISTINCT FROM (excluded.name, excluded.description)
    RETURNING (p.xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM applied`;

export const countStaging = (staging: string) => `
  SELECT count(*) AS accepted, count(DISTINCT sku) AS distinct_skus FROM ${staging}`;

// Loading runs from the import's start to its last chunk; the total from submission to now. applied_at is the
// transaction's now(), which every row the merge wrote carries as updated_at: how a revert tells rows left alone
// since. The undo data's retention is fixed here, by the setting the merge ran with. A dry run applies nothing.
const MARK_SUCCEEDED = `
  UPDATE imports i
     SET status = 'succeeded', rows_inserted = $2, rows_updated = $3, rows_unchanged = $4, rows_superseded = $5,
         merge_ms = $6, finished_at = now(), applied_at = CASE WHEN $7 THEN now() END,
         undo_kept_until = CASE WHEN $7 AND $8::float8 > 0 THEN now() + $8::float8 * interval '1 day' END,
         load_ms = coalesce((SELECT extract(epoch FROM max(c.loaded_at) - i.started_at) * 1000
                               FROM import_chunks c WHERE c.import_id = i.id), 0),
         total_ms = extract(epoch FROM clock_timestamp() - i.created_at) * 1000
   WHERE id = $1 AND status = 'running'`;

/**
 * Records an import's outcome in the transaction that applied it (or, for a dry run, computed it); throws
 * CancelledError, rolling all of it back, when the import was cancelled (or finished by a twin job) meanwhile.
 */
export async function markSucceeded(
  client: PoolClient,
  importId: number,
  counts: MergeCounts,
  mergeMs: number,
  applied: Pick<MergeSettings, 'undoRetentionDays'> | null,
): Promise<void> {
  const { rowCount } = await client.query(MARK_SUCCEEDED, [
    importId, counts.inserted, counts.updated, counts.unchanged, counts.superseded, mergeMs, applied !== null,
    applied?.undoRetentionDays ?? 0,
  ]);
  if (rowCount !== 1) throw new CancelledError('the import was cancelled while it merged: nothing was applied');
}

export interface MergeSettings {
  /** work_mem of the merge transaction. */
  workMem: string;
  /** How long to keep what a revert needs (the earlier state of every product the import changes); 0: not kept. */
  undoRetentionDays: number;
}

export function mergeSettings(config: Pick<Config, 'mergeWorkMem' | 'undoRetentionDays'>): MergeSettings {
  return { workMem: config.mergeWorkMem, undoRetentionDays: config.undoRetentionDays };
}

/**
 * Applies an import's staging table to products in one transaction, together with the import's final status:
 * either all of its rows land or none do. The aggregate table follows through the products triggers.
 */
export async function mergeImport(pool: Pool, importId: number, settings: MergeSettings): Promise<MergeCounts> {
  const staging = stagingTable(importId);
  const mergeStart = performance.now();
  // Staging no longer changes: count it on a second connection while the upsert runs, using the other core.
  const counting = pool.query<{ accepted: number; distinct_skus: number }>(countStaging(staging));
  counting.catch(() => {});
  return retryOnDeadlock(() => inTransaction(pool, async (client) => {
    await client.query(SET_WORK_MEM, [settings.workMem]);
    if (settings.undoRetentionDays > 0) await client.query(CAPTURE_UNDO, [String(importId)]);
    await client.query(LOCK_MERGES);
    await checkReadyImport(client, importId, false);
    const { rows } = await client.query<{ inserted: string; updated: string }>(upsertFromStaging(staging), [importId]);
    const { accepted, distinct_skus: distinctSkus } = (await counting).rows[0]!;
    const inserted = Number(rows[0]!.inserted);
    const updated = Number(rows[0]!.updated);
    const counts = { inserted, updated, unchanged: distinctSkus - inserted - updated, superseded: accepted - distinctSkus };
    await markSucceeded(client, importId, counts, performance.now() - mergeStart, settings);
    return counts;
  }));
}

const DEADLOCK_DETECTED = '40P01';
const MERGE_ATTEMPTS = 5;

/**
 * The upsert locks products in SKU order; a concurrent multi-row statement that locks them in another order can
 * deadlock with it, and PostgreSQL then aborts one of the two. The merge is one all-or-nothing transaction, so an
 * aborted attempt left nothing behind and is simply run again.
 */
async function retryOnDeadlock<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || i >= MERGE_ATTEMPTS) throw error;
    }
  }
}
