import type { Pool, PoolClient } from './pool.js';

/**
 * PostgreSQL's own progress report of an index build that another connection runs (pg_stat_progress_create_index),
 * read from the pool while that connection is busy with its CREATE INDEX.
 */

const BACKEND_PID = 'SELECT pg_backend_pid() AS pid';
const INDEX_BUILD = `
  SELECT replace(phase, 'building index: ', '') AS phase,
         CASE WHEN tuples_total > 0 THEN 100 * tuples_done / tuples_total
              WHEN blocks_total > 0 THEN 100 * blocks_done / blocks_total END AS percent
    FROM pg_stat_progress_create_index WHERE pid = $1`;

export async function backendPid(client: PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>(BACKEND_PID)).rows[0]!.pid;
}

/** What an index build is doing, e.g. "scanning table 40%" or "sorting live tuples". */
export async function indexBuildProgress(pool: Pool, pid: number): Promise<string | undefined> {
  const { rows } = await pool.query<{ phase: string; percent: string | null }>(INDEX_BUILD, [pid]);
  const row = rows[0];
  if (!row) return undefined;
  return row.percent === null ? row.phase : `${row.phase} ${Math.floor(Number(row.percent))}%`;
}

/** Calls `report` with the build's progress every `everyMs` until the returned function is called. */
export function watchIndexBuild(pool: Pool, pid: number, report: (progress: string) => void, everyMs = 500): () => void {
  let watching = true;
  const timer = setInterval(() => {
    // A reading that arrives after the build ended would report a step that is over.
    indexBuildProgress(pool, pid).then((progress) => watching && progress && report(progress), () => {}); // progress only
  }, everyMs);
  return () => {
    watching = false;
    clearInterval(timer);
  };
}
