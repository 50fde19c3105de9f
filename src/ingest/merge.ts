import type { Config, MergeStrategy } from '../config.js';
import { LOCK_MERGES } from '../db/locks.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { CancelledError, MergeStrategyError } from '../errors.js';
import type { MergeCounts } from '../imports/model.js';
import { countStaging, stagingTable } from '../imports/staging.js';
import { markSucceeded, readyToMerge, recordMergeStart, recordMergeStep, stagedRowCount } from '../imports/store.js';
import { rebuildFromStaging, rebuildObstacle } from '../products/rebuild.js';
import { catalogueStats, changingShare, upsertFromStaging } from '../products/store.js';

/** The merge phase: an import's staging table applied to products, all or nothing. */

export interface MergeSettings {
  /** work_mem of the merge transaction. */
  workMem: string;
  /** How long to keep what a revert needs (the earlier state of every product the import changes); 0: not kept. */
  undoRetentionDays: number;
  /** upsert, rebuild, or auto: by REBUILD_SHARE. */
  strategy: Config['mergeStrategy'];
}

export function mergeSettings(config: Pick<Config, 'mergeWorkMem' | 'undoRetentionDays' | 'mergeStrategy'>): MergeSettings {
  return { workMem: config.mergeWorkMem, undoRetentionDays: config.undoRetentionDays, strategy: config.mergeStrategy };
}

/**
 * auto rebuilds when the import writes (inserts or changes) at least REBUILD_MIN_ROWS products and at least
 * REBUILD_SHARE of the rows products holds: the upsert's cost grows with the rows it writes, the rebuild's with the
 * table's, and below some tens of thousands of rows either takes well under a second (npm run bench:merge:
 * bench/README.md, "Choosing the merge strategy").
 */
export const REBUILD_SHARE = 0.4;
export const REBUILD_MIN_ROWS = 50_000;

const SET_WORK_MEM = "SELECT set_config('work_mem', $1, true)";
// A rebuild's index builds sort in maintenance_work_mem: at least the merge's work_mem, unless the server gives more.
const RAISE_MAINTENANCE_WORK_MEM = `
  SELECT set_config('maintenance_work_mem', $1, true)
   WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes($1)`;
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
 * either all of its rows land or none do. An upsert's aggregates follow through the products triggers; a rebuild
 * writes them anew.
 */
export async function mergeImport(pool: Pool, importId: number, settings: MergeSettings): Promise<MergeCounts> {
  const mergeStart = performance.now();
  // Staging no longer changes: count it on a second connection while the upsert runs, using the other core.
  const counting = countStaging(pool, importId);
  counting.catch(() => {});
  return retryOnDeadlock(() => inTransaction(pool, async (client) => {
    await client.query(SET_WORK_MEM, [settings.workMem]);
    await client.query(LOCK_MERGES);
    await requireReady(client, importId);
    await recordMergeStart(pool, importId, 'choosing how to merge'); // the merge's clock starts once it holds the merge lock
    const strategy = await chooseStrategy(client, importId, settings.strategy);
    const staging = stagingTable(importId);
    let written: { inserted: number; updated: number };
    if (strategy === 'rebuild') {
      await client.query(RAISE_MAINTENANCE_WORK_MEM, [settings.workMem]);
      const step = (name: string) => void recordMergeStep(pool, importId, name).catch(() => {}); // progress only
      written = await rebuildFromStaging(client, staging, importId, { captureUndo: settings.undoRetentionDays > 0, step });
    } else {
      if (settings.undoRetentionDays > 0) await client.query(CAPTURE_UNDO, [String(importId)]);
      await recordMergeStep(pool, importId, 'writing rows');
      written = await upsertFromStaging(client, staging, importId);
    }
    const { inserted, updated } = written;
    const { accepted, distinctSkus } = await counting;
    const counts = { inserted, updated, unchanged: distinctSkus - inserted - updated, superseded: accepted - distinctSkus };
    await recordOutcome(client, importId, counts, performance.now() - mergeStart, { ...settings, strategy });
    return counts;
  }));
}

/** The strategy the settings ask for; auto rebuilds a large share of the table, unless the tables cannot be swapped. */
async function chooseStrategy(client: PoolClient, importId: number, setting: MergeSettings['strategy']): Promise<MergeStrategy> {
  if (setting === 'upsert') return 'upsert';
  const obstacle = await rebuildObstacle(client);
  if (obstacle !== undefined) {
    if (setting === 'rebuild') throw new MergeStrategyError(`LFP_MERGE_STRATEGY=rebuild cannot rebuild products: it has ${obstacle}`);
    return 'upsert';
  }
  if (setting === 'rebuild') return 'rebuild';
  const staged = await stagedRowCount(client, importId);
  const stored = (await catalogueStats(client)).products;
  if (staged < REBUILD_MIN_ROWS || staged < REBUILD_SHARE * stored) return 'upsert';
  // A file that changes little (the same file again) costs the upsert a read of what it compares, the rebuild a
  // rewrite of everything: what decides is the rows the import writes.
  const written = staged * (await changingShare(client, stagingTable(importId)));
  return written >= REBUILD_MIN_ROWS && written >= REBUILD_SHARE * stored ? 'rebuild' : 'upsert';
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
