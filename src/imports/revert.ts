import type { App } from '../app.js';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { ConflictError, NotFoundError, RevertConflictError } from '../errors.js';
import { LOCK_MERGES } from '../ingest/merge.js';
import { getImport, type ImportRecord } from './store.js';

/**
 * All SQL of undoing an import. A product the import wrote is "untouched" while it still carries the import's id
 * and the merge's timestamp (applied_at) as updated_at: every later writer (an import, the API) changes one or
 * the other. import_undo holds, per product the import created or changed, the row as it was before.
 */

const LOCK_REVERTIBLE = 'SELECT status, dry_run, applied_at, undo_kept_until, undo_dropped_at FROM imports WHERE id = $1 FOR UPDATE';
// Every product the revert may write, locked in SKU order before its first statement: its DELETE's triggers take
// the aggregate lock until commit, and an API write holding one of these rows and waiting for that lock would
// otherwise deadlock with the UPDATE that follows. Rows written since are locked too, and left as they are.
const LOCK_PRODUCTS = `
  SELECT 1 FROM products p JOIN import_undo u ON u.sku = p.sku WHERE u.import_id = $1 ORDER BY p.sku FOR UPDATE OF p`;

// applied_at is read in SQL, not passed in: a JavaScript Date would drop its microseconds.
const APPLIED_AT = '(SELECT applied_at FROM imports WHERE id = $1)';
const WRITTEN_SINCE = `
    FROM import_undo u LEFT JOIN products p ON p.sku = u.sku
   WHERE u.import_id = $1 AND (p.sku IS NULL OR p.last_import_id IS DISTINCT FROM $1 OR p.updated_at <> ${APPLIED_AT})`;
const LIST_WRITTEN_SINCE = `SELECT u.sku ${WRITTEN_SINCE} ORDER BY u.sku LIMIT $2`;
const COUNT_WRITTEN_SINCE = `SELECT count(*) AS n ${WRITTEN_SINCE}`;
const COUNT_UNDO = 'SELECT count(*) AS n FROM import_undo WHERE import_id = $1';

// Each statement checks again, row by row under its lock, that the product is untouched: a write that commits
// between the check above and here is left alone (and counted as kept).
const REMOVE_CREATED = `
  DELETE FROM products p USING import_undo u
   WHERE u.import_id = $1 AND NOT u.existed AND p.sku = u.sku AND p.last_import_id = $1 AND p.updated_at = ${APPLIED_AT}`;
const RESTORE_CHANGED = `
  UPDATE products p
     SET name = u.name, description = u.description, created_at = u.created_at, updated_at = u.updated_at,
         last_import_id = u.last_import_id
    FROM import_undo u
   WHERE u.import_id = $1 AND u.existed AND p.sku = u.sku AND p.last_import_id = $1 AND p.updated_at = ${APPLIED_AT}`;
const MARK_REVERTED = `
  UPDATE imports SET status = 'reverted', reverted_at = now(), rows_restored = $2, rows_removed = $3, rows_kept = $4
   WHERE id = $1`;
const DROP_UNDO = 'DELETE FROM import_undo WHERE import_id = $1';

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
    await client.query(LOCK_PRODUCTS, [importId]);
    const removed = (await client.query(REMOVE_CREATED, [importId])).rowCount ?? 0;
    const restored = (await client.query(RESTORE_CHANGED, [importId])).rowCount ?? 0;
    const keptCount = total - removed - restored; // more than conflictCount if a write committed meanwhile
    if (keptCount > 0 && !force) throw refusal(importId, conflicts, keptCount);
    await client.query(MARK_REVERTED, [importId, restored, removed, keptCount]);
    await client.query(DROP_UNDO, [importId]);
    return conflicts;
  });
  app.log.info({ importId, kept: kept.length }, 'import reverted');
  return { import: (await getImport(app.db.pool, importId))!, kept };
}

/** Checks that the import can be reverted, and holds its row until the revert commits. */
async function lockRevertible(client: PoolClient, importId: number): Promise<void> {
  const { rows } = await client.query<{
    status: string; dry_run: boolean; applied_at: Date | null; undo_kept_until: Date | null; undo_dropped_at: Date | null;
  }>(LOCK_REVERTIBLE, [importId]);
  const imp = rows[0];
  if (!imp) throw new NotFoundError(`there is no import ${importId}`);
  if (imp.dry_run) throw new ConflictError(`import ${importId} is a dry run: it changed nothing to revert`);
  if (imp.status === 'reverted') throw new ConflictError(`import ${importId} was already reverted`);
  if (imp.status !== 'succeeded' || !imp.applied_at) throw new ConflictError(`import ${importId} is ${imp.status}: only a succeeded import can be reverted`);
  if (!imp.undo_kept_until) {
    throw new ConflictError(`import ${importId} cannot be reverted: it was applied with LFP_UNDO_RETENTION_DAYS=0, so what it changed was not kept`);
  }
  if (imp.undo_dropped_at) {
    throw new ConflictError(
      `import ${importId} can no longer be reverted: what it changed was kept until ${imp.undo_kept_until.toISOString()} (LFP_UNDO_RETENTION_DAYS)`,
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
