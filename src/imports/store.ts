import type { Pool, PoolClient } from '../db/pool.js';

/** All SQL about the bookkeeping of imports: the imports row, its rejected rows, its staging table. */

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const FINISHED: readonly ImportStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface ImportRecord {
  id: number;
  sourceName: string;
  sourceBytes: number | null;
  sha256: string | null;
  status: ImportStatus;
  columns: string[] | null;
  ignoredColumns: string[];
  bytesTotal: number | null;
  bytesDone: number;
  chunksTotal: number | null;
  chunksDone: number;
  rowsRead: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsSuperseded: number;
  timings: PhaseTimings;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Milliseconds per phase; reading and loading overlap (chunks load while the file is still being read). */
export interface PhaseTimings {
  readMs: number | null;
  parseMs: number | null;
  loadMs: number | null;
  mergeMs: number | null;
  totalMs: number | null;
}

export interface ImportError {
  line: number;
  reason: string;
  raw: string;
}

const SELECT_IMPORT = `
  SELECT id, source_name, source_bytes, sha256, status, columns, ignored_columns, bytes_total, bytes_done,
         chunks_total, chunks_done, rows_read, rows_rejected, rows_inserted, rows_updated, rows_unchanged,
         rows_superseded, read_ms, parse_ms, load_ms, merge_ms, total_ms, error, created_at, started_at, finished_at
    FROM imports`;

type Row = Record<string, unknown>;

function toImport(r: Row): ImportRecord {
  return {
    id: r.id as number,
    sourceName: r.source_name as string,
    sourceBytes: r.source_bytes as number | null,
    sha256: r.sha256 as string | null,
    status: r.status as ImportStatus,
    columns: r.columns as string[] | null,
    ignoredColumns: r.ignored_columns as string[],
    bytesTotal: r.bytes_total as number | null,
    bytesDone: r.bytes_done as number,
    chunksTotal: r.chunks_total as number | null,
    chunksDone: r.chunks_done as number,
    rowsRead: r.rows_read as number,
    rowsRejected: r.rows_rejected as number,
    rowsInserted: r.rows_inserted as number,
    rowsUpdated: r.rows_updated as number,
    rowsUnchanged: r.rows_unchanged as number,
    rowsSuperseded: r.rows_superseded as number,
    timings: {
      readMs: r.read_ms as number | null,
      parseMs: r.parse_ms as number | null,
      loadMs: r.load_ms as number | null,
      mergeMs: r.merge_ms as number | null,
      totalMs: r.total_ms as number | null,
    },
    error: r.error as string | null,
    createdAt: r.created_at as Date,
    startedAt: r.started_at as Date | null,
    finishedAt: r.finished_at as Date | null,
  };
}

/** The staging table of an import. The name is built from our own integer id, never from input. */
export function stagingTable(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new Error(`invalid import id ${importId}`);
  return `lfp_staging.import_${importId}`;
}

export async function createImport(pool: Pool, sourceName: string, sourceBytes: number | null): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO imports (source_name, source_bytes, status, started_at) VALUES ($1, $2, 'running', now()) RETURNING id`,
    [sourceName, sourceBytes],
  );
  return rows[0]!.id;
}

export async function createStagingTable(pool: Pool, importId: number): Promise<void> {
  // Unlogged and never vacuumed: it lives for one import. Byte-wise collation like products, for a cheap sort.
  await pool.query(`
    CREATE UNLOGGED TABLE IF NOT EXISTS ${stagingTable(importId)} (
      ord         bigint NOT NULL,
      sku         text COLLATE "C" NOT NULL,
      name        text COLLATE "C" NOT NULL,
      description text NOT NULL
    ) WITH (autovacuum_enabled = false)`);
}

export async function dropStagingTable(pool: Pool, importId: number): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
}

export async function recordHeader(pool: Pool, importId: number, columns: string[], ignored: string[]): Promise<void> {
  await pool.query('UPDATE imports SET columns = $2, ignored_columns = $3 WHERE id = $1', [importId, columns, ignored]);
}

/** Records what the whole file amounted to, once it has been read to its end. */
export async function recordFileRead(
  pool: Pool,
  importId: number,
  file: { sourceBytes: number; sha256: string; bytesTotal: number; chunksTotal: number; readMs: number },
): Promise<void> {
  await pool.query(
    `UPDATE imports SET source_bytes = $2, sha256 = $3, bytes_total = $4, chunks_total = $5, read_ms = $6 WHERE id = $1`,
    [importId, file.sourceBytes, file.sha256, file.bytesTotal, file.chunksTotal, file.readMs],
  );
}

/** Marks an import failed unless it already finished; staging is dropped by the caller. */
export async function markFailed(pool: Pool, importId: number, error: string): Promise<void> {
  await pool.query(
    `UPDATE imports
        SET status = 'failed', error = $2, finished_at = now(),
            total_ms = extract(epoch FROM now() - coalesce(started_at, created_at)) * 1000
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [importId, error],
  );
}

export async function getImport(db: Pool | PoolClient, importId: number): Promise<ImportRecord | undefined> {
  const { rows } = await db.query(`${SELECT_IMPORT} WHERE id = $1`, [importId]);
  return rows[0] ? toImport(rows[0]) : undefined;
}

export async function listImportErrors(pool: Pool, importId: number, afterLine: number, limit: number): Promise<ImportError[]> {
  const { rows } = await pool.query<ImportError>(
    'SELECT line, reason, raw FROM import_errors WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3',
    [importId, afterLine, limit],
  );
  return rows;
}
