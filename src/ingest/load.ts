import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import type { ParsedChunk } from '../csv/rows.js';
import { CancelledError } from '../errors.js';
import { claimChunk, recordRejections, type ChunkPlan } from '../imports/chunks.js';
import { rejectionLimitMessage } from '../imports/options.js';
import { copyIntoStaging } from '../imports/staging.js';
import { countLoadedChunk, markFailed, type ChunkCounts } from '../imports/store.js';
import type { ImportEvents } from '../imports/events.js';
import { STATUS } from '../imports/model.js';

/** The load phase: one parsed chunk into the import's staging table. */

export interface ChunkLoad extends ChunkPlan {
  parsed: ParsedChunk;
  parseMs: number;
}

/** Runs inside a chunk's transaction once it is counted: where the last chunk starts the merge. */
export type AfterChunk = (client: PoolClient, counts: ChunkCounts) => Promise<void>;

/** loaded: the chunk is in staging; skipped: it already was; failed: its rejected rows failed the import. */
export type ChunkOutcome = 'loaded' | 'skipped' | 'failed';

/**
 * Loads one parsed, planned chunk into the import's staging table. Its rows, its rejected rows and the import's progress
 * counters commit together, so a chunk is counted once however often it is retried. When the rows rejected so far
 * exceed what the import's mode allows, the import fails in the same transaction, with the rejections that failed it
 * recorded (and told, through `events`); the caller drops its staging. Throws CancelledError, rolling back, when the import was cancelled.
 */
export async function loadChunk(pool: Pool, chunk: ChunkLoad, events: ImportEvents, afterChunk?: AfterChunk): Promise<ChunkOutcome> {
  const { importId, parsed } = chunk;
  const rejected = parsed.rejections.length;
  return inTransaction(pool, async (client) => {
    if (!(await claimChunk(client, chunk, { rows: parsed.rows, rejected, parseMs: chunk.parseMs }))) return 'skipped';
    if (parsed.accepted > 0) await copyIntoStaging(client, importId, parsed.copyData);
    await recordRejections(client, importId, parsed.rejections);
    const counts = await countLoadedChunk(client, importId, {
      rows: parsed.rows, rejected, bytes: chunk.byteEnd - chunk.byteStart, parseMs: chunk.parseMs,
    });
    if (counts?.status !== STATUS.running) throw new CancelledError();
    const failure = rejectionLimitMessage(counts, parsed.rejections[0]);
    if (failure) {
      if (await markFailed(client, importId, failure)) await events.finished(client, importId, STATUS.failed);
      return 'failed';
    }
    await afterChunk?.(client, counts);
    return 'loaded';
  });
}
