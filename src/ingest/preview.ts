import { inTransaction, type Pool } from '../db/pool.js';
import { stagingTable } from '../imports/store.js';
import { countStaging, latestRows, checkReadyImport, markSucceeded, type MergeCounts } from './merge.js';

/**
 * A dry run's last phase: what the merge would do, computed from staging against products as they are now,
 * without writing to them. The counts go where a merge puts its own; the names whose product count would change
 * go to import_name_changes, with their counts before and after.
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
  const staging = stagingTable(importId);
  const started = performance.now();
  return inTransaction(pool, async (client) => {
    await checkReadyImport(client, importId, true);
    const { rows } = await client.query<{ inserted: number; updated: number; names_changed: number }>(previewFromStaging(staging), [importId]);
    const { rows: staged } = await client.query<{ accepted: number; distinct_skus: number }>(countStaging(staging));
    const { inserted, updated, names_changed: namesChanged } = rows[0]!;
    const { accepted, distinct_skus: distinctSkus } = staged[0]!;
    const counts = { inserted, updated, unchanged: distinctSkus - inserted - updated, superseded: accepted - distinctSkus, namesChanged };
    await markSucceeded(client, importId, counts, performance.now() - started, null);
    return counts;
  });
}
