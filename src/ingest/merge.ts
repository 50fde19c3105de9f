import type { Config, MergeStrategy } from '../config.js';
import { LOCK_MERGES } from '../db/locks.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { CancelledError, MergeStrategyError, SyncGuardError } from '../errors.js';
import { readableRejectedSkus } from '../imports/chunks.js';
import type { ImportEvents } from '../imports/events.js';
import { STATUS, type ImportRecord, type MergeCounts } from '../imports/model.js';
import type { ImportOptions } from '../imports/options.js';
import { countStaging, stagingTable } from '../imports/staging.js';
import { markSucceeded, readyToMerge, recordMergeStart, recordMergeStep, stagedRowCount } from '../imports/store.js';
import { rebuildFromStaging, rebuildObstacle } from '../products/rebuild.js';
import { catalogueStats, changingShare, deleteUnlisted, upsertFromStaging, type MergeSource } from '../products/store.js';

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
 * bench/README.md, "Choosing the merge strategy": they crossed between 10% and 20% of a 500,000-row table at
 * db8fab8, between 30% and 50% before the rebuild got faster).
 */
export const REBUILD_SHARE = 0.2;
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
 * Records the outcome in the transaction that produced it, and tells it through `events` in that transaction, or
 * throws CancelledError, rolling all of it back, when the import was cancelled (or finished by a twin job) meanwhile.
 */
export async function recordOutcome(events: ImportEvents, ...args: Parameters<typeof markSucceeded>): Promise<void> {
  if (!(await markSucceeded(...args))) throw new CancelledError('the import was cancelled while it merged: nothing was applied');
  await events.finished(args[0], args[1], STATUS.succeeded);
}

/** What the merge reads: the import's staging table, and the SKUs of its rejected rows that a sync keeps. */
export function mergeSource(importId: number): MergeSource {
  return { staging: stagingTable(importId), kept: readableRejectedSkus };
}

/**
 * The sync guard: a feed cut short would delete much of the catalogue. Throws, naming the numbers, when a sync
 * would delete more than maxDeletePercent of the products there are.
 */
export function checkSyncDeletes(deleted: number, products: number, options: Pick<ImportOptions, 'maxDeletePercent'>): void {
  if (deleted === 0 || deleted * 100 <= options.maxDeletePercent * products) return;
  const percent = Math.round((deleted * 1000) / products) / 10;
  throw new SyncGuardError(
    `sync would delete ${deleted} of the ${products} products (${percent}%), more than maxDeletePercent=${options.maxDeletePercent}: ` +
      'nothing was changed. If the file is meant to drop them, import it again with a higher maxDeletePercent',
    { wouldDelete: deleted, products, maxDeletePercent: options.maxDeletePercent },
  );
}

/** The outcome counts from what the merge wrote and what staging holds. */
export function mergeCounts(
  written: { inserted: number; updated: number; deleted: number },
  staged: { accepted: number; distinctSkus: number },
  onConflict: ImportOptions['onConflict'],
): MergeCounts {
  const { inserted, updated, deleted } = written;
  // With skip, every listed SKU that was there is left as it is: skipped, never "unchanged".
  const skipped = onConflict === 'skip' ? staged.distinctSkus - inserted : 0;
  return {
    inserted, updated, unchanged: staged.distinctSkus - inserted - updated - skipped, superseded: staged.accepted - staged.distinctSkus, deleted, skipped,
  };
}

/**
 * Applies an import's staging table to products in one transaction, together with the import's final status:
 * either all of its rows land or none do, and with sync the products it does not list are deleted in the same
 * transaction (or, past the guard, nothing changes). An upsert's aggregates follow through the products triggers; a
 * rebuild writes them anew.
 */
export async function mergeImport(pool: Pool, imp: Pick<ImportRecord, 'id' | 'options'>, settings: MergeSettings, events: ImportEvents): Promise<MergeCounts> {
  const { id: importId, options } = imp;
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
    const source = mergeSource(importId);
    let written: { inserted: number; updated: number; deleted: number };
    if (strategy === 'rebuild') {
      await client.query(RAISE_MAINTENANCE_WORK_MEM, [settings.workMem]);
      // Progress only: recorded one after the other, so that a late update cannot overwrite the step after it.
      let recorded = Promise.resolve();
      const step = (name: string) => void (recorded = recorded.then(() => recordMergeStep(pool, importId, name)).catch(() => {}));
      written = await rebuildFromStaging(client, source, importId, {
        captureUndo: settings.undoRetentionDays > 0, step, onConflict: options.onConflict, sync: options.sync,
        deleting: (deleted, products) => checkSyncDeletes(deleted, products, options),
      });
    } else {
      if (settings.undoRetentionDays > 0) await client.query(CAPTURE_UNDO, [String(importId)]);
      await recordMergeStep(pool, importId, 'writing rows');
      const products = options.sync ? (await catalogueStats(client)).products : 0;
      const upserted = await upsertFromStaging(client, source.staging, importId, options.onConflict);
      // Deleted, then checked: past the guard the transaction rolls back, and nothing changed.
      const deleted = options.sync ? await deleteUnlisted(client, source, importId, (await counting).distinctSkus) : 0;
      if (options.sync) checkSyncDeletes(deleted, products, options);
      written = { ...upserted, deleted };
    }
    const counts = mergeCounts(written, await counting, options.onConflict);
    await recordOutcome(events, client, importId, counts, performance.now() - mergeStart, { ...settings, strategy });
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
