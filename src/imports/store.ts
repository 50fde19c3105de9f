import type { Pool, PoolClient } from '../db/pool.js';
import type { Dialect, DialectRequest } from '../csv/dialect.js';
import type { MappedColumns } from '../csv/mapping.js';
import type { MergeStrategy } from '../config.js';
import { boundedMessage } from '../errors.js';
import type { SourceObject } from '../storage/store.js';
import { RATE_WINDOW_SECONDS, STATUS, type ImportRecord, type PhaseCosts, type ImportStatus, type MergeCounts, type Phase } from './model.js';
import { DEFAULT_OPTIONS, type ImportOptions, type RejectionState } from './options.js';

/**
 * All SQL about the `imports` row: every statement that writes it (its status machine: queued -> running ->
 * succeeded | failed | cancelled, skipped at submission, reverted after success) and the reads of it. Statuses
 * are written from the vocabulary's constants, as pg-boss does with its states.
 */

type Db = Pool | PoolClient;
const { queued, running, succeeded, failed, cancelled, skipped, reverted } = STATUS;
const UNFINISHED = `('${queued}', '${running}')`;

/**
 * Imports submitted before `imports` (the outer row) that its merge waits for. In-process imports (no stored
 * upload, no jobs) are left out: nothing would ever finish one whose process died. Dry runs change nothing, so
 * nothing waits for them.
 */
const EARLIER_PENDING = `
  SELECT 1 FROM imports e
   WHERE e.status IN ${UNFINISHED} AND e.storage_key IS NOT NULL AND NOT e.dry_run AND e.submitted_seq < imports.submitted_seq`;

/**
 * How far the index build of this database is, as PostgreSQL reports it: scanning the table, then loading the
 * sorted tuples. Merges run one at a time (LOCK_MERGES), so during a rebuild's index step the build is the merge's.
 */
const INDEX_BUILD_PERCENT = `
  SELECT round(100 * CASE WHEN p.tuples_total > 0 THEN p.tuples_done::numeric / p.tuples_total
                          WHEN p.blocks_total > 0 THEN p.blocks_done::numeric / p.blocks_total END)::int
    FROM pg_stat_progress_create_index p WHERE p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())
   LIMIT 1`;

const SELECT_IMPORT = `
  SELECT id, source_name, source_bytes, sha256, status, dry_run, mode, max_errors, encoding, delimiter,
         detected_encoding, detected_delimiter, duplicate_of, applied_at, undo_kept_until, undo_dropped_at,
         reverted_at, rows_restored, rows_removed, rows_kept, storage_key, chunk_bytes, submitted_seq, columns,
         ignored_columns, ignored_column_count, bytes_total, bytes_done, chunks_total, chunks_done, rows_read, rows_rejected,
         rows_inserted, rows_updated, rows_unchanged, rows_superseded, upload_ms, split_ms, parse_ms, load_ms,
         merge_ms, total_ms, error, created_at, started_at, finished_at, merge_strategy, merge_step, merge_started_at,
         mapping, mapped_columns, on_conflict, sync, max_delete_percent, profile, rows_deleted, rows_skipped,
         source_bucket, source_object, source_etag,
         (SELECT count(*) FROM import_name_changes c WHERE c.import_id = imports.id) AS names_changed,
         (SELECT max(c.loaded_at) FROM import_chunks c WHERE c.import_id = imports.id) AS last_loaded_at,
         CASE WHEN status = '${running}' AND merge_step LIKE 'building index%' THEN (${INDEX_BUILD_PERCENT}) END AS merge_step_percent,
         CASE WHEN status = '${running}' THEN
           (SELECT coalesce(sum(c.rows_read), 0) FROM import_chunks c
             WHERE c.import_id = imports.id AND c.loaded_at > clock_timestamp() - interval '${RATE_WINDOW_SECONDS} seconds')
         END AS rows_recent,
         (status = '${running}' AND chunks_done = chunks_total AND NOT dry_run AND EXISTS (${EARLIER_PENDING})) AS waiting
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
      mapping: r.mapping as ImportOptions['mapping'],
      onConflict: r.on_conflict as ImportOptions['onConflict'],
      sync: r.sync as boolean,
      maxDeletePercent: r.max_delete_percent as number,
    },
    profile: r.profile as string | null,
    mappedColumns: r.mapped_columns as MappedColumns | null,
    detected: r.detected_encoding ? { encoding: r.detected_encoding, delimiter: r.detected_delimiter } as Dialect : null,
    duplicateOf: r.duplicate_of as number | null,
    storageKey: r.storage_key as string | null,
    sourceObject: r.source_bucket === null ? null : { bucket: r.source_bucket as string, name: r.source_object as string, etag: r.source_etag as string },
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
    rowsDeleted: r.rows_deleted as number,
    rowsSkipped: r.rows_skipped as number,
    timings: {
      upload: r.upload_ms as number | null,
      split: r.split_ms as number | null,
      parse: r.parse_ms as number | null,
      load: r.load_ms as number | null,
      merge: r.merge_ms as number | null,
      total: r.total_ms as number | null,
    } satisfies Record<Phase | 'total', number | null>,
    error: r.error as string | null,
    mergeStrategy: r.merge_strategy as MergeStrategy | null,
    mergeStep: r.merge_step as string | null,
    mergeStartedAt: r.merge_started_at as Date | null,
    mergeStepPercent: r.merge_step_percent as number | null,
    lastLoadedAt: r.last_loaded_at as Date | null,
    rowsRecent: r.rows_recent === null ? null : Number(r.rows_recent),
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

export async function getImport(db: Db, importId: number): Promise<ImportRecord | undefined> {
  const { rows } = await db.query(`${SELECT_IMPORT} WHERE id = $1`, [importId]);
  return rows[0] ? toImport(rows[0]) : undefined;
}

export async function listImports(db: Db, limit: number, beforeId?: number): Promise<ImportRecord[]> {
  const { rows } = await db.query(`${SELECT_IMPORT} WHERE id < $1 ORDER BY id DESC LIMIT $2`, [
    beforeId ?? Number.MAX_SAFE_INTEGER,
    limit,
  ]);
  return rows.map(toImport);
}

/**
 * The imports that may have changed lately: every unfinished one, and those finished or reverted in the last
 * `seconds` (a new import is either queued, or skipped and so finished at once). Oldest first.
 */
export async function listLivelyImports(db: Db, seconds: number): Promise<ImportRecord[]> {
  const { rows } = await db.query(
    `${SELECT_IMPORT}
      WHERE status IN ${UNFINISHED} OR coalesce(reverted_at, finished_at) > clock_timestamp() - $1 * interval '1 second'
      ORDER BY id`,
    [seconds],
  );
  return rows.map(toImport);
}

/** How many imports there are in each status, applied imports and dry runs apart (a dry run changes nothing). */
export async function countImportsByStatus(db: Db): Promise<Record<'applied' | 'dryRun', Record<ImportStatus, number>>> {
  const { rows } = await db.query<{ status: ImportStatus; dry_run: boolean; n: number }>(
    'SELECT status, dry_run, count(*) AS n FROM imports GROUP BY status, dry_run',
  );
  const none = () => Object.fromEntries(Object.values(STATUS).map((status) => [status, 0])) as Record<ImportStatus, number>;
  const counts = { applied: none(), dryRun: none() };
  for (const r of rows) counts[r.dry_run ? 'dryRun' : 'applied'][r.status] = r.n;
  return counts;
}

/** The statuses of these imports (ids with no import are left out). */
export async function statusesOf(db: Db, importIds: number[]): Promise<Map<number, ImportStatus>> {
  const { rows } = await db.query<{ id: number; status: ImportStatus }>('SELECT id, status FROM imports WHERE id = ANY($1::bigint[])', [importIds]);
  return new Map(rows.map((r) => [r.id, r.status]));
}

/**
 * For each storage key an import holds: whether its upload is no longer needed (the import succeeded, or failed
 * or was cancelled more than `retryDays` ago: no retry will read it). Keys no import holds are left out.
 */
export async function uploadsDone(db: Db, storageKeys: string[], retryDays: number): Promise<Map<string, boolean>> {
  const { rows } = await db.query<{ storage_key: string; done: boolean }>(
    `SELECT storage_key,
            status = '${succeeded}' OR (status IN ('${failed}', '${cancelled}') AND finished_at < now() - make_interval(days => $2)) AS done
       FROM imports WHERE storage_key = ANY($1::text[])`,
    [storageKeys, retryDays],
  );
  return new Map(rows.map((r) => [r.storage_key, r.done]));
}

export interface LastImportTimings {
  timings: Record<Phase | 'total', number | null>;
  rowsRead: number;
}

/** The phases of the last succeeded import, whichever worker ran it. */
export async function lastSucceededTimings(db: Db): Promise<LastImportTimings | undefined> {
  const { rows } = await db.query(`${SELECT_IMPORT} WHERE status = '${succeeded}' ORDER BY finished_at DESC LIMIT 1`);
  return rows[0] ? { timings: toImport(rows[0]).timings, rowsRead: rows[0].rows_read } : undefined;
}

const OPTION_COLUMNS = 'dry_run, mode, max_errors, encoding, delimiter, mapping, on_conflict, sync, max_delete_percent';
const OPTION_VALUES = (o: ImportOptions) => [o.dryRun, o.mode, o.maxErrors, o.encoding, o.delimiter, JSON.stringify(o.mapping), o.onConflict, o.sync, o.maxDeletePercent];

/** How many recent succeeded imports of a kind the phase costs are averaged over. */
const COST_SAMPLE = 5;
/** Smaller imports are left out of the costs: their fixed overheads say nothing about a rate. */
const COST_MIN_ROWS = 10_000;

/**
 * The phase costs of the last few succeeded imports of each kind (applied, dry run), summed over them so that a
 * larger import weighs more; a kind with none such is left out (the caller falls back to FALLBACK_COSTS).
 */
export async function recentPhaseCosts(db: Db): Promise<Partial<Record<'applied' | 'dryRun', PhaseCosts>>> {
  const { rows } = await db.query<{ dry_run: boolean; read_ms_per_byte: number; merge_ms_per_row: number; bytes_per_row: number }>(
    `SELECT dry_run, sum(load_ms) / sum(bytes_total) AS read_ms_per_byte,
            sum(merge_ms) / sum(rows_read - rows_rejected) AS merge_ms_per_row, sum(bytes_total)::float8 / sum(rows_read) AS bytes_per_row
       FROM (SELECT dry_run, load_ms, merge_ms, bytes_total, rows_read, rows_rejected,
                    row_number() OVER (PARTITION BY dry_run ORDER BY finished_at DESC) AS n
               FROM imports
              WHERE status = '${succeeded}' AND rows_read - rows_rejected >= $1 AND bytes_total > 0 AND load_ms > 0 AND merge_ms > 0) recent
      WHERE n <= $2
      GROUP BY dry_run`,
    [COST_MIN_ROWS, COST_SAMPLE],
  );
  return Object.fromEntries(rows.map((r) => [r.dry_run ? 'dryRun' : 'applied', {
    readMsPerByte: r.read_ms_per_byte, mergeMsPerRow: r.merge_ms_per_row, bytesPerRow: r.bytes_per_row,
  }]));
}

/** An import run in this process (no queue): it starts at once. */
export async function createImport(
  db: Db,
  sourceName: string,
  sourceBytes: number | null,
  options: ImportOptions = DEFAULT_OPTIONS,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO imports (source_name, source_bytes, status, started_at, ${OPTION_COLUMNS})
     VALUES ($1, $2, '${running}', now(), $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [sourceName, sourceBytes, ...OPTION_VALUES(options)],
  );
  return rows[0]!.id;
}

export interface Submission {
  sourceName: string;
  storageKey: string;
  /** The object the import reads where it is; null: the upload under storageKey is the file. */
  sourceObject: SourceObject | null;
  sourceBytes: number;
  /** null: known once the file is read (an object read in place, in a version no import read before). */
  sha256: string | null;
  chunkBytes: number;
  uploadMs: number;
  options: ImportOptions;
  /** The profile the options started from. */
  profile: string | null;
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
    `INSERT INTO imports (source_name, storage_key, source_bytes, sha256, chunk_bytes, upload_ms, ${OPTION_COLUMNS},
                          duplicate_of, idempotency_key, request_hash, profile, source_bucket, source_object, source_etag,
                          status, finished_at, total_ms)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $21, $22, $23,
            CASE WHEN $20 THEN '${skipped}' ELSE '${queued}' END, CASE WHEN $20 THEN now() END, CASE WHEN $20 THEN $6::float8 END
     ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      s.sourceName, s.skipped ? null : s.storageKey, s.sourceBytes, s.sha256, s.chunkBytes, s.uploadMs, ...OPTION_VALUES(s.options),
      s.duplicateOf, s.idempotency?.key ?? null, s.idempotency?.fingerprint ?? null, s.profile, s.skipped,
      s.sourceObject?.bucket ?? null, s.sourceObject?.name ?? null, s.sourceObject?.etag ?? null,
    ],
  );
  return rows[0]?.id;
}

/** The import submitted with an idempotency key, and the fingerprint of its request. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<{ id: number; fingerprint: string } | undefined> {
  const { rows } = await db.query<{ id: number; fingerprint: string }>(
    'SELECT id, request_hash AS fingerprint FROM imports WHERE idempotency_key = $1',
    [key],
  );
  return rows[0];
}

/** Records which import a completed resumable upload made or found again; the first link of an upload stays. */
export async function linkResumableUpload(db: Db, uploadId: string, importId: number): Promise<void> {
  await db.query(
    'INSERT INTO resumable_upload_imports (upload_id, import_id) VALUES ($1, $2) ON CONFLICT (upload_id) DO NOTHING',
    [uploadId, importId],
  );
}

/** The import a completed resumable upload made or found again, if it was completed. */
export async function findImportOfResumableUpload(db: Db, uploadId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ import_id: number }>('SELECT import_id FROM resumable_upload_imports WHERE upload_id = $1', [uploadId]);
  return rows[0]?.import_id;
}

/** The latest import that applied a file with the content the parameter `sha256` names (not a dry run, not reverted). */
const succeededImportOf = (sha256: `$${number}`) =>
  `SELECT d.id FROM imports d WHERE d.sha256 = ${sha256} AND d.status = '${succeeded}' AND NOT d.dry_run ORDER BY d.id DESC LIMIT 1`;

export async function findSucceededImportOf(db: Db, sha256: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(succeededImportOf('$1'), [sha256]);
  return rows[0]?.id;
}

/** The sha256 of this version of an object, if an import read it before (an ETag names one content). */
export async function findObjectSha256(db: Db, object: SourceObject): Promise<string | undefined> {
  const { rows } = await db.query<{ sha256: string }>(
    `SELECT sha256 FROM imports WHERE source_bucket = $1 AND source_object = $2 AND source_etag = $3 AND sha256 IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
    [object.bucket, object.name, object.etag],
  );
  return rows[0]?.sha256;
}

/** Moves a queued import to running; returns it unless it is no longer queued or running. */
export async function startImport(db: Db, importId: number): Promise<ImportRecord | undefined> {
  await db.query(`UPDATE imports SET status = '${running}', started_at = now() WHERE id = $1 AND status = '${queued}'`, [importId]);
  const found = await getImport(db, importId);
  return found?.status === running ? found : undefined;
}

export async function recordDialect(db: Db, importId: number, detected: Dialect): Promise<void> {
  await db.query('UPDATE imports SET detected_encoding = $2, detected_delimiter = $3 WHERE id = $1', [
    importId, detected.encoding, detected.delimiter,
  ]);
}

export async function recordHeader(
  db: Db,
  importId: number,
  header: { columns: string[]; mapped: MappedColumns; ignored: string[]; ignoredCount: number },
): Promise<void> {
  await db.query(
    'UPDATE imports SET columns = $2, mapped_columns = $3, ignored_columns = $4, ignored_column_count = $5 WHERE id = $1',
    [importId, header.columns, JSON.stringify(header.mapped), header.ignored, header.ignoredCount],
  );
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
  return c.status === running && c.chunksTotal !== null && c.chunksDone === c.chunksTotal;
}

/**
 * Records what the whole file amounted to once it has been read to its end, and returns the chunk counts: if
 * every chunk is already loaded, the caller starts the merge (in the same transaction). An object read in place,
 * whose content was not known at submission, learns here which earlier import applied the same file, if any.
 */
export async function recordFileRead(
  db: Db,
  importId: number,
  file: { sourceBytes: number; sha256: string; bytesTotal: number; chunksTotal: number; splitMs: number },
): Promise<ChunkCounts> {
  const { rows } = await db.query(
    `UPDATE imports
        SET source_bytes = $2, sha256 = $3, bytes_total = $4, chunks_total = $5, split_ms = $6,
            duplicate_of = CASE WHEN sha256 IS NULL AND source_object IS NOT NULL THEN (${succeededImportOf('$3')}) ELSE duplicate_of END
      WHERE id = $1
     RETURNING status, chunks_done AS "chunksDone", chunks_total AS "chunksTotal"`,
    [importId, file.sourceBytes, file.sha256, file.bytesTotal, file.chunksTotal, file.splitMs],
  );
  return rows[0] as ChunkCounts;
}

/** Counts a loaded chunk on its import, in the chunk's transaction; returns what decides whether the import goes on. */
export async function countLoadedChunk(
  client: PoolClient,
  importId: number,
  chunk: { rows: number; rejected: number; bytes: number; parseMs: number },
): Promise<LoadCounts | undefined> {
  const { rows } = await client.query<LoadCounts>(
    `UPDATE imports
        SET rows_read = rows_read + $2, rows_rejected = rows_rejected + $3, bytes_done = bytes_done + $4,
            chunks_done = chunks_done + 1, parse_ms = coalesce(parse_ms, 0) + $5
      WHERE id = $1
     RETURNING status, chunks_done AS "chunksDone", chunks_total AS "chunksTotal", rows_rejected AS "rowsRejected",
               mode, max_errors AS "maxErrors"`,
    [importId, chunk.rows, chunk.rejected, chunk.bytes, chunk.parseMs],
  );
  return rows[0];
}

/** Whether an import submitted before this one has not finished yet: the merge of this one waits for it. */
export async function waitsForEarlierImports(db: Db, importId: number): Promise<boolean> {
  const { rows } = await db.query<{ waiting: boolean }>(`SELECT EXISTS (${EARLIER_PENDING}) AS waiting FROM imports WHERE id = $1`, [importId]);
  return rows[0]?.waiting ?? false;
}

/**
 * Whether the import may merge now: running, with every chunk loaded. A finalize job left from before a cancel and
 * retry finds the retried import still loading. The row is not locked, so that a cancel during the merge commits at
 * once; the merge then finds the import cancelled when it records its outcome (markSucceeded), and rolls back.
 */
export async function readyToMerge(client: PoolClient, importId: number): Promise<boolean> {
  const { rows } = await client.query<{ ready: boolean }>(
    `SELECT status = '${running}' AND chunks_total IS NOT NULL AND chunks_done = chunks_total AS ready FROM imports WHERE id = $1`,
    [importId],
  );
  return rows[0]?.ready === true;
}

/**
 * Records an import's outcome in the transaction that applied it (or, for a dry run, computed it). Loading ran from
 * the import's start to its last chunk; the total from submission to now. applied_at is the transaction's now(),
 * which every row the merge wrote carries as updated_at: how a revert tells rows left alone since. The undo data's
 * retention is fixed here, by the setting the merge ran with. Returns false, changing nothing, when the import is no
 * longer running (cancelled meanwhile, or finished by a twin job): the caller rolls back.
 */
export async function markSucceeded(
  client: PoolClient,
  importId: number,
  counts: MergeCounts,
  mergeMs: number,
  applied: { undoRetentionDays: number; strategy: MergeStrategy } | null,
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE imports i
        SET status = '${succeeded}', rows_inserted = $2, rows_updated = $3, rows_unchanged = $4, rows_superseded = $5,
            rows_deleted = $10, rows_skipped = $11,
            merge_ms = $6, finished_at = clock_timestamp(), applied_at = CASE WHEN $7 THEN now() END, merge_strategy = $9, merge_step = NULL,
            undo_kept_until = CASE WHEN $7 AND $8::float8 > 0 THEN now() + $8::float8 * interval '1 day' END,
            load_ms = coalesce((SELECT extract(epoch FROM max(c.loaded_at) - i.started_at) * 1000
                                  FROM import_chunks c WHERE c.import_id = i.id), 0),
            total_ms = extract(epoch FROM clock_timestamp() - i.created_at) * 1000
      WHERE id = $1 AND status = '${running}'`,
    [importId, counts.inserted, counts.updated, counts.unchanged, counts.superseded, mergeMs, applied !== null,
      applied?.undoRetentionDays ?? 0, applied?.strategy ?? null, counts.deleted, counts.skipped],
  );
  return rowCount === 1;
}

/**
 * Records what a running merge is doing, from outside its transaction (whose writes nobody sees until it commits),
 * so that progress can show it.
 */
export async function recordMergeStep(pool: Pool, importId: number, step: string): Promise<void> {
  await pool.query(`UPDATE imports SET merge_step = $2 WHERE id = $1 AND status = '${running}'`, [importId, step]);
}

/**
 * Records that a merge (or a dry run's preview) has begun, and its first step, from outside its transaction like
 * recordMergeStep: from then on the import's progress counts the merge's time.
 */
export async function recordMergeStart(pool: Pool, importId: number, step: string): Promise<void> {
  await pool.query(
    `UPDATE imports SET merge_started_at = clock_timestamp(), merge_step = $2 WHERE id = $1 AND status = '${running}'`,
    [importId, step],
  );
}

/** The rows an import staged (read and not rejected): what its merge has to apply. */
export async function stagedRowCount(db: Db, importId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT rows_read - rows_rejected AS n FROM imports WHERE id = $1', [importId]);
  return rows[0]?.n ?? 0;
}

/** Marks an import failed unless it already finished; staging is dropped by the caller. Returns whether it was. */
export async function markFailed(db: Db, importId: number, error: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE imports
        SET status = '${failed}', error = $2, finished_at = now(), total_ms = extract(epoch FROM now() - created_at) * 1000
      WHERE id = $1 AND status IN ${UNFINISHED}`,
    [importId, boundedMessage(error)],
  );
  return rowCount === 1;
}

/** Marks an import cancelled unless it already finished. Returns whether it was. */
export async function markCancelled(db: Db, importId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE imports
        SET status = '${cancelled}', error = 'cancelled on request', finished_at = now(),
            total_ms = extract(epoch FROM now() - created_at) * 1000
      WHERE id = $1 AND status IN ${UNFINISHED}`,
    [importId],
  );
  return rowCount === 1;
}

/**
 * Puts a failed or cancelled import back in the queue as if submitted now, its counters cleared, to be read with
 * `readWith` (the caller clears its chunks and staging in the same transaction). Returns false if the import is not failed or cancelled.
 */
export async function resetForRetry(client: PoolClient, importId: number, readWith: DialectRequest): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE imports
        SET status = '${queued}', submitted_seq = nextval('import_submission_seq'), error = NULL,
            started_at = NULL, finished_at = NULL, bytes_total = NULL, bytes_done = 0, chunks_total = NULL,
            chunks_done = 0, rows_read = 0, rows_rejected = 0, rows_inserted = 0, rows_updated = 0,
            rows_unchanged = 0, rows_superseded = 0, rows_deleted = 0, rows_skipped = 0, split_ms = NULL, parse_ms = NULL, load_ms = NULL,
            merge_ms = NULL, total_ms = NULL, detected_encoding = NULL, detected_delimiter = NULL,
            merge_strategy = NULL, merge_step = NULL, merge_started_at = NULL, encoding = $2, delimiter = $3
      WHERE id = $1 AND status IN ('${failed}', '${cancelled}')`,
    [importId, readWith.encoding, readWith.delimiter],
  );
  return rowCount === 1;
}

export interface RevertState {
  status: ImportStatus;
  dryRun: boolean;
  appliedAt: Date | null;
  undoKeptUntil: Date | null;
  undoDroppedAt: Date | null;
}

/** What decides whether an import can be reverted, its row locked until the caller's transaction ends. */
export async function lockForRevert(client: PoolClient, importId: number): Promise<RevertState | undefined> {
  const { rows } = await client.query<RevertState>(
    `SELECT status, dry_run AS "dryRun", applied_at AS "appliedAt", undo_kept_until AS "undoKeptUntil",
            undo_dropped_at AS "undoDroppedAt"
       FROM imports WHERE id = $1 FOR UPDATE`,
    [importId],
  );
  return rows[0];
}

export async function markReverted(client: PoolClient, importId: number, counts: { restored: number; removed: number; kept: number }): Promise<void> {
  await client.query(
    `UPDATE imports SET status = '${reverted}', reverted_at = now(), rows_restored = $2, rows_removed = $3, rows_kept = $4
      WHERE id = $1`,
    [importId, counts.restored, counts.removed, counts.kept],
  );
}

/**
 * Marks the imports whose undo data is past the retention their merge ran with, and returns them: the caller drops
 * that data in the same transaction, so a revert never finds half of it.
 */
export async function expireUndo(client: PoolClient): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `UPDATE imports SET undo_dropped_at = now()
      WHERE undo_kept_until < now() AND undo_dropped_at IS NULL AND status = '${succeeded}'
     RETURNING id`,
  );
  return rows.map((r) => r.id);
}
