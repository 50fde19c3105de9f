import type { App } from '../app.js';
import { LOCK_MERGES } from '../db/locks.js';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { ConflictError, NotFoundError, RevertConflictError } from '../errors.js';
import { lockProductsOfImport, restoreBeforeImport } from '../products/store.js';
import { importEvents } from './events.js';
import { STATUS, type ImportRecord } from './model.js';
import { getImport, lockForRevert, markReverted } from './store.js';

/**
 * Undoing an import, and all SQL about its undo data (the view `import_undo`: per product the import created,
 * changed or deleted, the row as it was before; filled by the products trigger of migrations 005, 009 and 014 and by
 * a rebuild merge, the SKUs of created products packed in `import_undo_created`, the rows of the others in
 * `import_undo_rows`). A product the import wrote is "untouched" while it still carries the import's id and the
 * merge's timestamp (applied_at) as updated_at: every later writer (an import, the API) changes one or the other.
 */

// A product the import deleted (a sync) was written since when its SKU exists again.
const WRITTEN_SINCE = `
    FROM import_undo u LEFT JOIN products p ON p.sku = u.sku
   WHERE u.import_id = $1
     AND CASE WHEN u.deleted THEN p.sku IS NOT NULL
              ELSE p.sku IS NULL OR p.last_import_id IS DISTINCT FROM $1 OR p.updated_at <> (SELECT applied_at FROM imports WHERE id = $1) END`;
const LIST_WRITTEN_SINCE = `SELECT u.sku ${WRITTEN_SINCE} ORDER BY u.sku LIMIT $2`;
const COUNT_WRITTEN_SINCE = `SELECT count(*) AS n ${WRITTEN_SINCE}`;
const COUNT_UNDO = 'SELECT count(*) AS n FROM import_undo WHERE import_id = $1';
const DROP_UNDO = `
  WITH earlier_rows AS (DELETE FROM import_undo_rows WHERE import_id = ANY($1::bigint[]))
  DELETE FROM import_undo_created WHERE import_id = ANY($1::bigint[])`;

/** How many conflicting SKUs a refusal or a forced revert lists (all of them are counted). */
export const LISTED_SKUS = 1000;

export interface RevertResult {
  import: ImportRecord;
  /** Products written since the import, which a forced revert left as they are (the first LISTED_SKUS). */
  kept: string[];
}

/**
 * Puts every product an import created or changed back to its state before the import, in one transaction with
 * merges held off. Refuses, listing them, when products were written since, unless `force`: then those are kept
 * as they are and the others reverted. Aggregates follow through the products triggers.
 */
export async function revertImport(app: App, importId: number, force: boolean): Promise<RevertResult> {
  const kept = await inTransaction(app.db.pool, async (client) => {
    await client.query(LOCK_MERGES);
    await lockRevertible(client, importId);
    const total = (await client.query<{ n: number }>(COUNT_UNDO, [importId])).rows[0]!.n;
    const conflicts = (await client.query<{ sku: string }>(LIST_WRITTEN_SINCE, [importId, LISTED_SKUS])).rows.map((r) => r.sku);
    const conflictCount = conflicts.length === 0 ? 0 : (await client.query<{ n: number }>(COUNT_WRITTEN_SINCE, [importId])).rows[0]!.n;
    if (conflictCount > 0 && !force) throw refusal(importId, conflicts, conflictCount);
    await lockProductsOfImport(client, importId);
    const { removed, restored } = await restoreBeforeImport(client, importId);
    const keptCount = total - removed - restored; // more than conflictCount if a write committed meanwhile
    if (keptCount > 0 && !force) throw refusal(importId, conflicts, keptCount);
    await markReverted(client, importId, { restored, removed, kept: keptCount });
    await importEvents(app.boss).finished(client, importId, STATUS.reverted);
    await dropUndo(client, [importId]);
    return conflicts;
  });
  app.log.info({ importId, kept: kept.length }, 'import reverted');
  return { import: (await getImport(app.db.pool, importId))!, kept };
}

/** Deletes the undo data of these imports (reverted, or past their retention). */
export async function dropUndo(client: PoolClient, importIds: number[]): Promise<void> {
  if (importIds.length > 0) await client.query(DROP_UNDO, [importIds]);
}

/** Checks that the import can be reverted, and holds its row until the revert commits. */
async function lockRevertible(client: PoolClient, importId: number): Promise<void> {
  const imp = await lockForRevert(client, importId);
  if (!imp) throw new NotFoundError(`there is no import ${importId}`);
  if (imp.dryRun) throw new ConflictError(`import ${importId} is a dry run: it changed nothing to revert`);
  if (imp.status === STATUS.reverted) throw new ConflictError(`import ${importId} was already reverted`);
  if (imp.status !== STATUS.succeeded || !imp.appliedAt) throw new ConflictError(`import ${importId} is ${imp.status}: only a succeeded import can be reverted`);
  if (!imp.undoKeptUntil) {
    throw new ConflictError(`import ${importId} cannot be reverted: it was applied with LFP_UNDO_RETENTION_DAYS=0, so what it changed was not kept`);
  }
  if (imp.undoDroppedAt) {
    throw new ConflictError(
      `import ${importId} can no longer be reverted: what it changed was kept until ${imp.undoKeptUntil.toISOString()} (LFP_UNDO_RETENTION_DAYS)`,
    );
  }
}

function refusal(importId: number, skus: string[], count: number): RevertConflictError {
  const shown = skus.slice(0, 5).join(', ');
  return new RevertConflictError(
    `import ${importId} was not reverted: ${count} of its products were written since (${shown}${count > 5 ? ', ...' : ''}); ` +
      'revert with force to revert the others and keep those',
    skus,
    count,
  );
}
