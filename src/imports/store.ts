import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { boundedMessage } from '../errors.js';
import type { Dialect } from '../ingest/dialect.js';
import type { Rejection } from '../ingest/rows.js';
import { DEFAULT_OPTIONS, type ImportOptions, type RejectionState } from './options.js';

/** All SQL about the bookkeeping of imports: the imports row, its rejected rows, its staging table. */

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'reverted';
export const FINISHED: readonly ImportStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped', 'reverted'];

export interface ImportRecord {
  id: number;
  sourceName: string;
  sourceBytes: number | null;
  sha256: string | null;
  status: ImportStatus;
  options: ImportOptions;
  /** What the start of the file looked like, once read. */
  detected: Dialect | null;
  /** An earlier succeeded import of a file with the same sha256. */
  duplicateOf: number | null;
  storageKey: string | null;
  chunkBytes: number | null;
  submittedSeq: number;
  columns: string[] | null;
  /** The first of the columns the import ignores, and how many it ignores in all. */
  ignoredColumns: string[];
  ignoredColumnCount: number;
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
  /** When the merge applied the import (its rows carry this as updated_at); null if it never did. */
  appliedAt: Date | null;
  /** Undo data is kept until then (null: none was kept), unless dropped earlier by a revert or the sweep. */
  undoKeptUntil: Date | null;
  undoDroppedAt: Date | null;
  revert: RevertCounts | null;
  /** A dry run's names whose product count would change. */
  namesChanged: number;
  /** Loaded, and its merge waits for imports submitted before it. */
  waiting: boolean;
}

export interface RevertCounts {
  revertedAt: Date;
  restored: number;
  removed: number;
  kept: number;
}

/**
 * Milliseconds per phase: receiving the upload, reading and splitting the file, parsing (summed over chunks),
 * loading chunks into staging (from the import's start to the last chunk loaded: it overlaps reading), merging,
 * and in all from submission to the end.
 */
export interface PhaseTimings {
  uploadMs: number | null;
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

/**
 * Imports submitted before `imports` (the outer row) that its merge waits for. In-process imports (no stored
 * upload, no jobs) are left out: nothing would ever finish one whose process died. Dry runs change nothing, so
 * nothing waits for them.
 */
const EARLIER_PENDING = `
  SELECT 1 FROM imports e
   WHERE e.status IN ('queued', 'running') AND e.storage_key IS NOT NULL AND NOT e.dry_run AND e.submitted_seq < imports.submitted_seq`;

const SELECT_IMPORT = `
  SELECT id, source_name, source_bytes, sha256, status, dry_run, mode, max_errors, encoding, delimiter,
         detected_encoding, detected_delimiter, duplicate_of, applied_at, undo_kept_until, undo_dropped_at,
         reverted_at, rows_restored, rows_removed, rows_kept, storage_key, chunk_bytes, submitted_seq, columns,
         ignored_columns, ignored_column_count, bytes_total, bytes_done, chunks_total, chunks_done, rows_read, rows_rejected,
         rows_inserted, rows_updated, rows_unchanged, rows_superseded, upload_ms, read_ms, parse_ms, load_ms,
         merge_ms, total_ms, error, created_at, started_at, finished_at,
         (SELECT count(*) FROM import_name_changes c WHERE c.import_id = imports.id) AS names_changed,
         (status = 'running' AND chunks_done = chunks_total AND NOT dry_run AND EXISTS (${EARLIER_PENDING})) AS waiting
    FROM imports`;

type Row = Record<string, unknown>;

function toImport(r: Row): ImportRecord {
  return {
    id: r.id as number,
    sourceName: r.source_name as string,
    sourceBytes: r.source_bytes as number | null,
    sha256: r.sha256 as string | null,
    status: r.status as ImportStatus,
    options: {
      dryRun: r.dry_run as boolean,
      mode: r.mode as ImportOptions['mode'],
      maxErrors: r.max_errors as number | null,
      encoding: r.encoding as ImportOptions['encoding'],
      delimiter: r.delimiter as ImportOptions['delimiter'],
    },
    detected: r.detected_encoding ? { encoding: r.detected_encoding, delimiter: r.detected_delimiter } as Dialect : null,
    duplicateOf: r.duplicate_of as number | null,
    storageKey: r.storage_key as string | null,
    chunkBytes: r.chunk_bytes as number | null,
    submittedSeq: r.submitted_seq as number,
    columns: r.columns as string[] | null,
    ignoredColumns: r.ignored_columns as string[],
    ignoredColumnCount: r.ignored_column_count as number,
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
      uploadMs: r.upload_ms as number | null,
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
    appliedAt: r.applied_at as Date | null,
    undoKeptUntil: r.undo_kept_until as Date | null,
    undoDroppedAt: r.undo_dropped_at as Date | null,
    namesChanged: r.names_changed as number,
    waiting: r.waiting === true,
    revert: r.reverted_at
      ? { revertedAt: r.reverted_at as Date, restored: r.rows_restored as number, removed: r.rows_removed as number, kept: r.rows_kept as number }
      : null,
  };
}

/** The staging table of an import. The name is built from our own integer id, never from input. */
export function stagingTable(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new Error(`invalid import id ${importId}`);
  return `lfp_staging.import_${importId}`;
}

const OPTION_VALUES = (o: ImportOptions) => [o.dryRun, o.mode, o.maxErrors, o.encoding, o.delimiter];

/** An import run in this process (no queue): it starts at once. */
export async function createImport(
  pool: Pool,
  sourceName: string,
  sourceBytes: number | null,
  options: ImportOptions = DEFAULT_OPTIONS,
): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO imports (source_name, source_bytes, status, started_at, dry_run, mode, max_errors, encoding, delimiter)
     VALUES ($1, $2, 'running', now(), $3, $4, $5, $6, $7) RETURNING id`,
    [sourceName, sourceBytes, ...OPTION_VALUES(options)],
  );
  return rows[0]!.id;
}

export interface Submission {
  sourceName: string;
  storageKey: string;
  sourceBytes: number;
  sha256: string;
  chunkBytes: number;
  uploadMs: number;
  options: ImportOptions;
  duplicateOf: number | null;
  /** With its request's fingerprint: a second submission with the key finds this import instead. */
  idempotency: { key: string; fingerprint: string } | null;
  /** Not processed: a succeeded import of the same file exists (duplicateOf). */
  skipped: boolean;
}

/**
 * The imports row of a submitted file; the caller sends its first job in the same transaction unless it was
 * skipped. Returns undefined when the idempotency key is taken.
 */
export async function insertSubmittedImport(client: PoolClient, s: Submission): Promise<number | undefined> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO imports (source_name, storage_key, source_bytes, sha256, chunk_bytes, upload_ms, dry_run, mode, max_errors,
                          encoding, delimiter, duplicate_of, idempotency_key, request_hash, status, finished_at, total_ms)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
            CASE WHEN $15 THEN 'skipped' ELSE 'queued' END, CASE WHEN $15 THEN now() END, CASE WHEN $15 THEN $6::float8 END
     ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      s.sourceName, s.skipped ? null : s.storageKey, s.sourceBytes, s.sha256, s.chunkBytes, s.uploadMs, ...OPTION_VALUES(s.options),
      s.duplicateOf, s.idempotency?.key ?? null, s.idempotency?.fingerprint ?? null, s.skipped,
    ],
  );
  return rows[0]?.id;
}

/** The import submitted with an idempotency key, and the fingerprint of its request. */
export async function findByIdempotencyKey(db: Pool | PoolClient, key: string): Promise<{ id: number; fingerprint: string } | undefined> {
  const { rows } = await db.query<{ id: number; fingerprint: string }>(
    'SELECT id, request_hash AS fingerprint FROM imports WHERE idempotency_key = $1',
    [key],
  );
  return rows[0];
}

/** The latest import that applied a file with this content (not a dry run, not reverted). */
export async function findSucceededImportOf(db: Pool | PoolClient, sha256: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM imports WHERE sha256 = $1 AND status = 'succeeded' AND NOT dry_run ORDER BY id DESC LIMIT 1`,
    [sha256],
  );
  return rows[0]?.id;
}

export async function recordDialect(pool: Pool, importId: number, detected: Dialect): Promise<void> {
  await pool.query('UPDATE imports SET detected_encoding = $2, detected_delimiter = $3 WHERE id = $1', [
    importId, detected.encoding, detected.delimiter,
  ]);
}

/** Moves a queued import to running; returns it unless it is no longer queued or running. */
export async function startImport(pool: Pool, importId: number): Promise<ImportRecord | undefined> {
  await pool.query(`UPDATE imports SET status = 'running', started_at = now() WHERE id = $1 AND status = 'queued'`, [importId]);
  const found = await getImport(pool, importId);
  return found?.status === 'running' ? found : undefined;
}

/** Whether an import submitted before this one has not finished yet: the merge of this one waits for it. */
export async function waitsForEarlierImports(pool: Pool, importId: number): Promise<boolean> {
  const { rows } = await pool.query<{ waiting: boolean }>(`SELECT EXISTS (${EARLIER_PENDING}) AS waiting FROM imports WHERE id = $1`, [importId]);
  return rows[0]?.waiting ?? false;
}

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

/** Records a chunk to load; a chunk planned before (a retried split) is left as it was. Returns true if new. */
export async function planChunk(db: Pool | PoolClient, c: ChunkPlan): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO import_chunks (import_id, chunk_index, byte_start, byte_end, first_line, path, crc32, rejection)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [c.importId, c.index, c.byteStart, c.byteEnd, c.firstLine, c.path, c.crc32, c.rejection ?? null],
  );
  return rowCount === 1;
}

export async function plannedChunkCount(pool: Pool, importId: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM import_chunks WHERE import_id = $1', [importId]);
  return rows[0]!.n;
}

export interface PlannedChunk extends ChunkPlan {
  loaded: boolean;
}

export async function getChunkPlan(pool: Pool, importId: number, index: number): Promise<PlannedChunk | undefined> {
  const { rows } = await pool.query(
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

/** Counts of an import's chunks, as a chunk load or the end of the split leaves them (under the row's lock). */
export interface ChunkCounts {
  status: ImportStatus;
  chunksDone: number;
  chunksTotal: number | null;
}

/** Chunk counts, with what decides whether the rows rejected so far fail the import. */
export interface LoadCounts extends ChunkCounts, RejectionState {}

/** True once the split has planned every chunk and every chunk is loaded: time to merge. */
export function allChunksLoaded(c: ChunkCounts): boolean {
  return c.status === 'running' && c.chunksTotal !== null && c.chunksDone === c.chunksTotal;
}

/** Marks an import cancelled unless it already finished. Returns whether it was. */
export async function markCancelled(pool: Pool, importId: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE imports
        SET status = 'cancelled', error = 'cancelled on request', finished_at = now(),
            total_ms = extract(epoch FROM now() - created_at) * 1000
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [importId],
  );
  return rowCount === 1;
}

/**
 * Puts a failed or cancelled import back in the queue as if submitted now: counters, chunks and rejected rows of
 * the earlier attempt are cleared. Returns false if the import is not failed or cancelled.
 */
export async function resetForRetry(client: PoolClient, importId: number): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE imports
        SET status = 'queued', submitted_seq = nextval('import_submission_seq'), error = NULL,
            started_at = NULL, finished_at = NULL, bytes_total = NULL, bytes_done = 0, chunks_total = NULL,
            chunks_done = 0, rows_read = 0, rows_rejected = 0, rows_inserted = 0, rows_updated = 0,
            rows_unchanged = 0, rows_superseded = 0, read_ms = NULL, parse_ms = NULL, load_ms = NULL,
            merge_ms = NULL, total_ms = NULL, detected_encoding = NULL, detected_delimiter = NULL
      WHERE id = $1 AND status IN ('failed', 'cancelled')`,
    [importId],
  );
  if (rowCount !== 1) return false;
  await client.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`); // rows of the earlier attempt, if any survived
  await client.query('DELETE FROM import_chunks WHERE import_id = $1', [importId]);
  await client.query('DELETE FROM import_errors WHERE import_id = $1', [importId]);
  return true;
}

export async function listImports(pool: Pool, limit: number, beforeId?: number): Promise<ImportRecord[]> {
  const { rows } = await pool.query(`${SELECT_IMPORT} WHERE id < $1 ORDER BY id DESC LIMIT $2`, [
    beforeId ?? Number.MAX_SAFE_INTEGER,
    limit,
  ]);
  return rows.map(toImport);
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

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Drops an import's staging table, unless a merge or a chunk's COPY still holds it (a cancel meanwhile): then it is
 * left for that job, which drops it once it has rolled back, or for the sweep; a cancel never waits for them.
 */
export async function dropStagingTable(pool: Pool, importId: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("SET LOCAL lock_timeout = '200ms'");
    await client.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
  }).catch((error: { code?: string }) => {
    if (error.code !== LOCK_NOT_AVAILABLE) throw error;
  });
}

export async function recordHeader(pool: Pool, importId: number, header: { columns: string[]; ignored: string[]; ignoredCount: number }): Promise<void> {
  await pool.query(
    'UPDATE imports SET columns = $2, ignored_columns = $3, ignored_column_count = $4 WHERE id = $1',
    [importId, header.columns, header.ignored, header.ignoredCount],
  );
}

/**
 * Records what the whole file amounted to once it has been read to its end, and returns the chunk counts: if
 * every chunk is already loaded, the caller starts the merge (in the same transaction).
 */
export async function recordFileRead(
  db: Pool | PoolClient,
  importId: number,
  file: { sourceBytes: number; sha256: string; bytesTotal: number; chunksTotal: number; readMs: number },
): Promise<ChunkCounts> {
  const { rows } = await db.query(
    `UPDATE imports SET source_bytes = $2, sha256 = $3, bytes_total = $4, chunks_total = $5, read_ms = $6 WHERE id = $1
     RETURNING status, chunks_done AS "chunksDone", chunks_total AS "chunksTotal"`,
    [importId, file.sourceBytes, file.sha256, file.bytesTotal, file.chunksTotal, file.readMs],
  );
  return rows[0] as ChunkCounts;
}

/** Marks an import failed unless it already finished; staging is dropped by the caller. */
export async function markFailed(db: Pool | PoolClient, importId: number, error: string): Promise<void> {
  await db.query(
    `UPDATE imports
        SET status = 'failed', error = $2, finished_at = now(),
            total_ms = extract(epoch FROM now() - created_at) * 1000
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [importId, boundedMessage(error)],
  );
}

export async function getImport(db: Pool | PoolClient, importId: number): Promise<ImportRecord | undefined> {
  const { rows } = await db.query(`${SELECT_IMPORT} WHERE id = $1`, [importId]);
  return rows[0] ? toImport(rows[0]) : undefined;
}

export interface NameChange {
  name: string;
  countBefore: number;
  countAfter: number;
}

export async function listNameChanges(pool: Pool, importId: number, afterName: string | undefined, limit: number): Promise<NameChange[]> {
  const { rows } = await pool.query<NameChange>(
    `SELECT name, count_before AS "countBefore", count_after AS "countAfter" FROM import_name_changes
      WHERE import_id = $1 AND ($2::text IS NULL OR name > $2) ORDER BY name LIMIT $3`,
    [importId, afterName ?? null, limit],
  );
  return rows;
}

export async function listImportErrors(pool: Pool, importId: number, afterLine: number, limit: number): Promise<ImportError[]> {
  const { rows } = await pool.query<ImportError>(
    'SELECT line, reason, raw FROM import_errors WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3',
    [importId, afterLine, limit],
  );
  return rows;
}
