import type { Pool, PoolClient } from '../db/pool.js';
import type { Chunk } from '../csv/split.js';
import type { Rejection } from '../csv/rows.js';

/** All SQL about an import's chunks (`import_chunks`) and the rows it rejected (`import_errors`). */

type Db = Pool | PoolClient;

export interface ChunkPlan {
  importId: number;
  index: number;
  byteStart: number;
  byteEnd: number;
  firstLine: number;
  /** A file of its own, or null for a range of the stored upload. */
  path: string | null;
  crc32: number | null;
  /** A record too long to load: the chunk is its rejection alone, and its bytes are not read. */
  rejection?: Rejection | null;
}

export interface PlannedChunk extends ChunkPlan {
  loaded: boolean;
}

export interface ImportError {
  line: number;
  reason: string;
  raw: string;
  /** Its SKU, when it can still be read (kept from deletion by a sync); not listed back. */
  sku?: string;
}

/** What a chunk of the split is to load: a range of the file (or a file of its own, `path`), or a record's rejection. */
export function planOf(importId: number, chunk: Chunk, path: string | null, crc32: number | null): ChunkPlan {
  const bytes = chunk.skipped?.bytes ?? chunk.data.length;
  return {
    importId, index: chunk.index, byteStart: chunk.offset, byteEnd: chunk.offset + bytes, firstLine: chunk.firstLine,
    path: chunk.skipped ? null : path, crc32: chunk.skipped ? null : crc32, rejection: chunk.skipped?.rejection ?? null,
  };
}

/** Records a chunk to load; a chunk planned before (a retried split) is left as it was. Returns true if new. */
export async function planChunk(db: Db, c: ChunkPlan): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO import_chunks (import_id, chunk_index, byte_start, byte_end, first_line, path, crc32, rejection)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [c.importId, c.index, c.byteStart, c.byteEnd, c.firstLine, c.path, c.crc32, c.rejection ?? null],
  );
  return rowCount === 1;
}

export async function plannedChunkCount(db: Db, importId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM import_chunks WHERE import_id = $1', [importId]);
  return rows[0]!.n;
}

export async function getChunkPlan(db: Db, importId: number, index: number): Promise<PlannedChunk | undefined> {
  const { rows } = await db.query(
    `SELECT byte_start, byte_end, first_line, path, crc32, rejection, loaded_at IS NOT NULL AS loaded
       FROM import_chunks WHERE import_id = $1 AND chunk_index = $2`,
    [importId, index],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    importId, index, byteStart: r.byte_start, byteEnd: r.byte_end, firstLine: r.first_line, path: r.path, crc32: r.crc32,
    rejection: r.rejection, loaded: r.loaded,
  };
}

/**
 * Marks a chunk loaded, in the transaction that loads it; false when it already was. The chunk's row is the guard:
 * a chunk already loaded (a retry after a crash that followed the commit) matches no row and is skipped; a
 * concurrent attempt at the same chunk waits on the row lock and then skips.
 */
export async function claimChunk(
  client: PoolClient,
  chunk: { importId: number; index: number },
  counts: { rows: number; rejected: number; parseMs: number },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE import_chunks SET loaded_at = clock_timestamp(), rows_read = $3, rows_rejected = $4, parse_ms = $5
      WHERE import_id = $1 AND chunk_index = $2 AND loaded_at IS NULL`,
    [chunk.importId, chunk.index, counts.rows, counts.rejected, counts.parseMs],
  );
  return rowCount === 1;
}

/** The readable SKUs of an import's rejected rows (import id $1), as a query: a sync keeps those products. */
export const readableRejectedSkus = 'SELECT sku FROM import_errors WHERE import_id = $1 AND sku IS NOT NULL';

export async function recordRejections(client: PoolClient, importId: number, rejections: readonly ImportError[]): Promise<void> {
  if (rejections.length === 0) return;
  await client.query(
    `INSERT INTO import_errors (import_id, line, reason, raw, sku) SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])`,
    [importId, rejections.map((e) => e.line), rejections.map((e) => e.reason), rejections.map((e) => e.raw), rejections.map((e) => e.sku ?? null)],
  );
}

/** Rejected rows after a line, in line order; only those rejected for `reason`, when given. */
export async function listImportErrors(db: Db, importId: number, afterLine: number, limit: number, reason?: string): Promise<ImportError[]> {
  const { rows } = await db.query<ImportError>(
    `SELECT line, reason, raw FROM import_errors
      WHERE import_id = $1 AND line > $2 AND ($4::text IS NULL OR reason = $4) ORDER BY line LIMIT $3`,
    [importId, afterLine, limit, reason ?? null],
  );
  return rows;
}

export interface RejectionReason {
  reason: string;
  rows: number;
  firstLine: number;
}

/** An import's rejected rows grouped by reason, the most frequent first, at most `limit` reasons. */
export async function summarizeImportErrors(db: Db, importId: number, limit: number): Promise<{ reasons: RejectionReason[]; total: number }> {
  const { rows } = await db.query<RejectionReason & { total: number }>(
    `SELECT reason, count(*)::int AS rows, min(line) AS "firstLine", sum(count(*)) OVER ()::int AS total
       FROM import_errors WHERE import_id = $1
      GROUP BY reason ORDER BY count(*) DESC, reason LIMIT $2`,
    [importId, limit],
  );
  return { reasons: rows.map(({ total: _total, ...reason }) => reason), total: rows[0]?.total ?? 0 };
}

/** Forgets an earlier attempt's chunks and rejected rows (a retry plans and reads the file again). */
export async function clearChunks(client: PoolClient, importId: number): Promise<void> {
  await client.query('DELETE FROM import_chunks WHERE import_id = $1', [importId]);
  await client.query('DELETE FROM import_errors WHERE import_id = $1', [importId]);
}
