import { inTransaction, type Pool } from '../db/pool.js';
import type { MergeCounts } from '../imports/model.js';
import { countStaging, stagingTable } from '../imports/staging.js';
import { recordMergeStart } from '../imports/store.js';
import { latestRows } from '../products/store.js';
import { recordOutcome, requireReady } from './merge.js';

/**
 * A dry run's merge phase, and all SQL about `import_name_changes`: what the merge would do, computed from staging
 * against products as they are now, without writing to them. The counts go where a merge puts its own; the names
 * whose product count would change go to import_name_changes, with their counts before and after.
 */
const previewFromStaging = (staging: string) => `
  WITH latest AS (${latestRows(staging)}
  ), compared AS MATERIALIZED (
    SELECT l.name AS new_name, p.name AS old_name, p.sku IS NULL AS is_new,
           (p.name, p.description) IS DISTINCT FROM (l.name, l.description) AS changed
      FROM latest l LEFT JOIN products p USING (sku)
  ), deltas AS (
    SELECT name, sum(n) AS delta
      FROM (SELECT new_name AS name, 1 AS n FROM compared WHERE is_new OR old_name <> new_name
            UNION ALL
            SELECT old_name, -1 FROM compared WHERE NOT is_new AND old_name <> new_name) d
     GROUP BY name HAVING sum(n) <> 0
  ), recorded AS (
    INSERT INTO import_name_changes (import_id, name, count_before, count_after)
    SELECT $1, d.name, coalesce(a.product_count, 0), coalesce(a.product_count, 0) + d.delta
      FROM deltas d LEFT JOIN product_aggregates a USING (name)
    RETURNING 1
  )
  SELECT count(*) FILTER (WHERE is_new) AS inserted,
         count(*) FILTER (WHERE NOT is_new AND changed) AS updated,
         (SELECT count(*) FROM recorded) AS names_changed
    FROM compared`;

export interface PreviewCounts extends MergeCounts {
  namesChanged: number;
}

/** Finishes a dry run. One statement, so the counts and the name changes come from one snapshot of products. */
export async function previewImport(pool: Pool, importId: number): Promise<PreviewCounts> {
  const started = performance.now();
  return inTransaction(pool, async (client) => {
    await requireReady(client, importId);
    await recordMergeStart(pool, importId, 'comparing with products');
    const { rows } = await client.query<{ inserted: number; updated: number; names_changed: number }>(
      previewFromStaging(stagingTable(importId)), [importId],
    );
    const { accepted, distinctSkus } = await countStaging(client, importId);
    const { inserted, updated, names_changed: namesChanged } = rows[0]!;
    const counts = { inserted, updated, unchanged: distinctSkus - inserted - updated, superseded: accepted - distinctSkus, namesChanged };
    await recordOutcome(client, importId, counts, performance.now() - started, null);
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
