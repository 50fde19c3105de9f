import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { CancelledError } from '../errors.js';
import { rejectionLimitMessage } from '../imports/options.js';
import { markFailed, stagingTable, type ChunkCounts, type ChunkPlan, type LoadCounts } from '../imports/store.js';
import type { ParsedChunk } from './rows.js';
import type { Chunk } from './split.js';

export interface ChunkLoad extends ChunkPlan {
  parsed: ParsedChunk;
  parseMs: number;
}

/** What a chunk of the split is to load: a range of the file (or a file of its own, `path`), or a record's rejection. */
export function planOf(importId: number, chunk: Chunk, path: string | null, crc32: number | null): ChunkPlan {
  const bytes = chunk.skipped?.bytes ?? chunk.data.length;
  return {
    importId, index: chunk.index, byteStart: chunk.offset, byteEnd: chunk.offset + bytes, firstLine: chunk.firstLine,
    path: chunk.skipped ? null : path, crc32: chunk.skipped ? null : crc32, rejection: chunk.skipped?.rejection ?? null,
  };
}

// The chunk's row is the guard: a chunk already loaded (a retry after a crash that followed the commit) matches
// no row here and is skipped; a concurrent attempt at the same chunk waits on the row lock and then skips.
const CLAIM_CHUNK = `
  UPDATE import_chunks SET loaded_at = clock_timestamp(), rows_read = $3, rows_rejected = $4, parse_ms = $5
   WHERE import_id = $1 AND chunk_index = $2 AND loaded_at IS NULL`;
const INSERT_ERRORS = `
  INSERT INTO import_errors (import_id, line, reason, raw)
  SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`;
const COUNT_PROGRESS = `
  UPDATE imports
     SET rows_read = rows_read + $2, rows_rejected = rows_rejected + $3, bytes_done = bytes_done + $4,
         chunks_done = chunks_done + 1, parse_ms = coalesce(parse_ms, 0) + $5
   WHERE id = $1
  RETURNING status, chunks_done AS "chunksDone", chunks_total AS "chunksTotal", rows_rejected AS "rowsRejected",
            mode, max_errors AS "maxErrors"`;

/** Runs inside a chunk's transaction once it is counted: where the last chunk starts the merge. */
export type AfterChunk = (client: PoolClient, counts: ChunkCounts) => Promise<void>;

/** loaded: the chunk is in staging; skipped: it already was; failed: its rejected rows failed the import. */
export type ChunkOutcome = 'loaded' | 'skipped' | 'failed';

/**
 * Loads one parsed, planned chunk into the import's staging table. Its rows, its rejected rows and the import's progress
 * counters commit together, so a chunk is counted once however often it is retried. When the rows rejected so far
 * exceed what the import's mode allows, the import fails in the same transaction, with the rejections that failed it
 * recorded; the caller drops its staging.
 */
export async function loadChunk(pool: Pool, chunk: ChunkLoad, afterChunk?: AfterChunk): Promise<ChunkOutcome> {
  const { importId, parsed } = chunk;
  return inTransaction(pool, async (client) => {
    const claimed = await client.query(CLAIM_CHUNK, [importId, chunk.index, parsed.rows, parsed.rejections.length, chunk.parseMs]);
    if (claimed.rowCount === 0) return 'skipped';
    if (parsed.accepted > 0) {
      const copy = client.query(copyFrom(`COPY ${stagingTable(importId)} (ord, sku, name, description) FROM STDIN (FORMAT binary)`));
      await pipeline(Readable.from([parsed.copyData]), copy);
    }
    if (parsed.rejections.length > 0) {
      const r = parsed.rejections;
      await client.query(INSERT_ERRORS, [importId, r.map((e) => e.line), r.map((e) => e.reason), r.map((e) => e.raw)]);
    }
    const { rows } = await client.query<LoadCounts>(COUNT_PROGRESS, [
      importId, parsed.rows, parsed.rejections.length, chunk.byteEnd - chunk.byteStart, chunk.parseMs,
    ]);
    const counts = rows[0];
    if (counts?.status !== 'running') throw new CancelledError();
    const failure = rejectionLimitMessage(counts, parsed.rejections[0]);
    if (failure) {
      await markFailed(client, importId, failure);
      return 'failed';
    }
    await afterChunk?.(client, counts);
    return 'loaded';
  });
}
