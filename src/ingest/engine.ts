import { inTransaction, type Pool } from '../db/pool.js';
import { BufferPool } from '../csv/buffer-pool.js';
import { errorMessage, ImportFailedError } from '../errors.js';
import { planChunk, planOf } from '../imports/chunks.js';
import { NO_EVENTS, type ImportEvents } from '../imports/events.js';
import { STATUS, type ImportRecord } from '../imports/model.js';
import { DEFAULT_OPTIONS, type ImportOptions } from '../imports/options.js';
import { dropStagingTable } from '../imports/staging.js';
import { createImport, getImport, markFailed, recordFileRead } from '../imports/store.js';
import type { Logger } from '../log.js';
import { BoundedTasks } from './bounded.js';
import { loadChunk } from './load.js';
import type { MergeSettings } from './merge.js';
import { finishImport, parseChunkOf, splitFile } from './phases.js';

export interface IngestOptions {
  sourceName: string;
  /** Size of the file as received, when known (not for stdin). */
  sourceBytes: number | null;
  chunkBytes: number;
  /** Chunks parsed and loaded at once, each over its own connection. */
  concurrency: number;
  /** work_mem of the merge transaction, and how long it keeps what a revert needs. */
  merge: MergeSettings;
  /** Dry run, mode, encoding and delimiter (defaults: apply, partial, UTF-8, comma). */
  import?: ImportOptions;
  log: Logger;
  /** How the outcome is told (importEvents(boss): webhooks); without it nobody is (the benchmark, tests). */
  events?: ImportEvents;
}

/**
 * Runs one import in this process, without the job queue: the phases of phases.ts with the chunks parsed and
 * loaded in parallel as the file is split. The job path (src/jobs) runs the same phases as separate jobs; this one
 * is the benchmark's baseline and the tests' direct way in. Failures are recorded on the import (status `failed`,
 * with the error) rather than thrown, and leave products untouched. Returns the finished import.
 */
export async function ingest(pool: Pool, input: AsyncIterable<Buffer>, options: IngestOptions): Promise<ImportRecord> {
  const startedAt = performance.now();
  const importOptions = options.import ?? DEFAULT_OPTIONS;
  const events = options.events ?? NO_EVENTS;
  const importId = await createImport(pool, options.sourceName, options.sourceBytes, importOptions);
  const log = options.log.child({ importId });
  const loads = new BoundedTasks(options.concurrency);
  const buffers = BufferPool.forChunks(options.chunkBytes, options.concurrency);
  try {
    const read = await splitFile(pool, { id: importId, options: importOptions }, input, { chunkBytes: options.chunkBytes, allocate: buffers.take }, async (chunk, file) => {
      await loads.waitForSlot();
      // Parsing here rather than in the task lets the raw chunk go before its COPY starts: one buffer per load.
      const plan = planOf(importId, chunk, null, null);
      const { parsed, parseMs } = parseChunkOf(chunk.data, plan, file, buffers.take);
      buffers.give(chunk.data);
      loads.start(async () => {
        try {
          await planChunk(pool, plan); // the job path's split plans chunks; here the engine does
          // Rejected rows failed the import (strict mode, maxErrors): stop reading, as the job path does.
          if ((await loadChunk(pool, { ...plan, parsed, parseMs }, events)) === 'failed') throw new ImportFailedError();
        } finally {
          buffers.give(parsed.copyData);
        }
      });
    });
    await loads.drain();
    await recordFileRead(pool, importId, read);
    const counts = await finishImport(pool, { id: importId, options: importOptions }, options.merge, events);
    log.info({ ...counts, ms: Math.round(performance.now() - startedAt) }, 'import succeeded');
  } catch (error) {
    await loads.settle();
    log.warn({ err: error }, 'import failed');
    await inTransaction(pool, async (client) => {
      if (await markFailed(client, importId, errorMessage(error))) await events.finished(client, importId, STATUS.failed);
    });
  } finally {
    await dropStagingTable(pool, importId);
  }
  return (await getImport(pool, importId))!;
}
