import { inTransaction, type Pool } from '../db/pool.js';
import type { ImportEvents } from '../imports/events.js';
import type { ImportRecord, MergeCounts } from '../imports/model.js';
import { countStaging } from '../imports/staging.js';
import { catalogueStats, latestRows, unlistedProducts, type MergeSource } from '../products/store.js';
import { checkSyncDeletes, mergeCounts, mergeSource, recordOutcome, requireReady } from './merge.js';
import { recordMergeStart } from '../imports/store.js';

/**
 * A dry run's merge phase, and all SQL about `import_name_changes`: what the merge would do, computed from staging
 * against products as they are now, without writing to them. The counts go where a merge puts its own; the names
 * whose product count would change go to import_name_changes, with their counts before and after. $2: onConflict is
 * skip (existing products stay as they are), $3: sync (the products the file does not list would be deleted).
 */
const previewFromStaging = (source: MergeSource) => `
  WITH latest AS (${latestRows(source.staging)}
  ), compared AS MATERIALIZED (
    SELECT l.name AS new_name, p.name AS old_name, p.sku IS NULL AS is_new,
           p.sku IS NULL OR (NOT $2 AND (p.name, p.description) IS DISTINCT FROM (l.name, l.description)) AS changed
      FROM latest l LEFT JOIN products p USING (sku)
  ), deleted AS MATERIALIZED (
    SELECT p.name FROM products p WHERE $3 AND ${unlistedProducts(source)}
  ), deltas AS (
    SELECT name, sum(n) AS delta
      FROM (SELECT new_name AS name, 1 AS n FROM compared WHERE is_new OR (NOT $2 AND old_name <> new_name)
            UNION ALL
            SELECT old_name, -1 FROM compared WHERE NOT is_new AND NOT $2 AND old_name <> new_name
            UNION ALL
            SELECT name, -1 FROM deleted) d
     GROUP BY name HAVING sum(n) <> 0
  ), recorded AS (
    INSERT INTO import_name_changes (import_id, name, count_before, count_after)
    SELECT $1, d.name, coalesce(a.product_count, 0), coalesce(a.product_count, 0) + d.delta
      FROM deltas d LEFT JOIN product_aggregates a USING (name)
    RETURNING 1
  )
  SELECT count(*) FILTER (WHERE is_new) AS inserted,
         count(*) FILTER (WHERE NOT is_new AND changed) AS updated,
         (SELECT count(*) FROM deleted) AS deleted,
         (SELECT count(*) FROM recorded) AS names_changed
    FROM compared`;

export interface PreviewCounts extends MergeCounts {
  namesChanged: number;
}

/**
 * Finishes a dry run. One statement, so the counts and the name changes come from one snapshot of products. A sync
 * past its guard fails the dry run as it would fail the import, with the same message.
 */
export async function previewImport(pool: Pool, imp: Pick<ImportRecord, 'id' | 'options'>, events: ImportEvents): Promise<PreviewCounts> {
  const { id: importId, options } = imp;
  const started = performance.now();
  return inTransaction(pool, async (client) => {
    await requireReady(client, importId);
    await recordMergeStart(pool, importId, 'comparing with products');
    const { rows } = await client.query<{ inserted: number; updated: number; deleted: number; names_changed: number }>(
      previewFromStaging(mergeSource(importId)), [importId, options.onConflict === 'skip', options.sync],
    );
    const { names_changed: namesChanged, ...written } = rows[0]!;
    if (options.sync) checkSyncDeletes(written.deleted, (await catalogueStats(client)).products, options);
    const counts = { ...mergeCounts(written, await countStaging(client, importId), options.onConflict), namesChanged };
    await recordOutcome(events, client, importId, counts, performance.now() - started, null);
    return counts;
  });
}

export interface NameChange {
  name: string;
  countBefore: number;
  countAfter: number;
}

/** A dry run's names whose product count would change, in name order after `afterName`. */
export async function listNameChanges(pool: Pool, importId: number, afterName: string | undefined, limit: number): Promise<NameChange[]> {
  const { rows } = await pool.query<NameChange>(
    `SELECT name, count_before AS "countBefore", count_after AS "countAfter" FROM import_name_changes
      WHERE import_id = $1 AND ($2::text IS NULL OR name > $2) ORDER BY name LIMIT $3`,
    [importId, afterName ?? null, limit],
  );
  return rows;
}
