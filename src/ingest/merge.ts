import type { Config } from '../config.js';
import { LOCK_MERGES } from '../db/locks.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { CancelledError } from '../errors.js';
import type { MergeCounts } from '../imports/model.js';
import { countStaging, stagingTable } from '../imports/staging.js';
import { markSucceeded, readyToMerge } from '../imports/store.js';
import { upsertFromStaging } from '../products/store.js';

/** The merge phase: an import's staging table applied to products, all or nothing. */

export interface MergeSettings {
  /** work_mem of the merge transaction. */
  workMem: string;
  /** How long to keep what a revert needs (the earlier state of every product the import changes); 0: not kept. */
  undoRetentionDays: number;
}

export function mergeSettings(config: Pick<Config, 'mergeWorkMem' | 'undoRetentionDays'>): MergeSettings {
  return { workMem: config.mergeWorkMem, undoRetentionDays: config.undoRetentionDays };
}

const SET_WORK_MEM = "SELECT set_config('work_mem', $1, true)";
// Names the import to the products undo trigger (migration 005) for this transaction only.
const CAPTURE_UNDO = "SELECT set_config('lfp.undo_import', $1, true)";

/** Throws CancelledError unless the import is still running with every chunk loaded. */
export async function requireReady(client: Parameters<typeof readyToMerge>[0], importId: number): Promise<void> {
  if (!(await readyToMerge(client, importId))) throw new CancelledError('the import is no longer running, or not fully loaded');
}

/**
 * Records the outcome in the transaction that produced it, or throws CancelledError, rolling all of it back, when
 * the import was cancelled (or finished by a twin job) meanwhile.
 */
export async function recordOutcome(...args: Parameters<typeof markSucceeded>): Promise<void> {
  if (!(await markSucceeded(...args))) throw new CancelledError('the import was cancelled while it merged: nothing was applied');
}

/**
 * Applies an import's staging table to products in one transaction, together with the import's final status:
 * either all of its rows land or none do. The aggregate table follows through the products triggers.
 */
export async function mergeImport(pool: Pool, importId: number, settings: MergeSettings): Promise<MergeCounts> {
  const mergeStart = performance.now();
  // Staging no longer changes: count it on a second connection while the upsert runs, using the other core.
  const counting = countStaging(pool, importId);
  counting.catch(() => {});
  return retryOnDeadlock(() => inTransaction(pool, async (client) => {
    await client.query(SET_WORK_MEM, [settings.workMem]);
    if (settings.undoRetentionDays > 0) await client.query(CAPTURE_UNDO, [String(importId)]);
    await client.query(LOCK_MERGES);
    await requireReady(client, importId);
    const { inserted, updated } = await upsertFromStaging(client, stagingTable(importId), importId);
    const { accepted, distinctSkus } = await counting;
    const counts = { inserted, updated, unchanged: distinctSkus - inserted - updated, superseded: accepted - distinctSkus };
    await recordOutcome(client, importId, counts, performance.now() - mergeStart, settings);
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
