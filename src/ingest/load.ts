import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { inTransaction, type Pool } from '../db/pool.js';
import { CancelledError } from '../errors.js';
import { stagingTable } from '../imports/store.js';
import type { ParsedChunk } from './rows.js';

export interface ChunkLoad {
  importId: number;
  index: number;
  byteStart: number;
  byteEnd: number;
  firstLine: number;
  parsed: ParsedChunk;
  parseMs: number;
}

// The chunk's row is the guard: a chunk already loaded (a retry after a crash that followed the commit) conflicts
// here and is skipped; a concurrent attempt at the same chunk waits on the key and then skips.
const CLAIM_CHUNK = `
  INSERT INTO import_chunks (import_id, chunk_index, byte_start, byte_end, first_line, rows_read, rows_rejected, parse_ms)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT DO NOTHING
  RETURNING 1`;
const INSERT_ERRORS = `
  INSERT INTO import_errors (import_id, line, reason, raw)
  SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`;
const COUNT_PROGRESS = `
  UPDATE imports
     SET rows_read = rows_read + $2, rows_rejected = rows_rejected + $3, bytes_done = bytes_done + $4,
         chunks_done = chunks_done + 1, parse_ms = coalesce(parse_ms, 0) + $5
   WHERE id = $1
  RETURNING status`;

/**
 * Loads one parsed chunk into the import's staging table. Its rows, its rejected rows and the import's progress
 * counters commit together, so a chunk is counted once however often it is retried. Returns false when the chunk
 * had already been loaded.
 */
export async function loadChunk(pool: Pool, chunk: ChunkLoad): Promise<boolean> {
  const { importId, parsed } = chunk;
  return inTransaction(pool, async (client) => {
    const claimed = await client.query(CLAIM_CHUNK, [
      importId, chunk.index, chunk.byteStart, chunk.byteEnd, chunk.firstLine, parsed.rows, parsed.rejections.length, chunk.parseMs,
    ]);
    if (claimed.rowCount === 0) return false;
    if (parsed.accepted > 0) {
      const copy = client.query(copyFrom(`COPY ${stagingTable(importId)} (ord, sku, name, description) FROM STDIN (FORMAT binary)`));
      await pipeline(Readable.from([parsed.copyData]), copy);
    }
    if (parsed.rejections.length > 0) {
      const r = parsed.rejections;
      await client.query(INSERT_ERRORS, [importId, r.map((e) => e.line), r.map((e) => e.reason), r.map((e) => e.raw)]);
    }
    const progress = await client.query<{ status: string }>(COUNT_PROGRESS, [
      importId, parsed.rows, parsed.rejections.length, chunk.byteEnd - chunk.byteStart, chunk.parseMs,
    ]);
    if (progress.rows[0]?.status !== 'running') throw new CancelledError();
    return true;
  });
}
