import type { Pool } from '../db/pool.js';
import { CancelledError, errorMessage, FileFormatError } from '../errors.js';
import { DEFAULT_OPTIONS, type ImportOptions } from '../imports/options.js';
import {
  createImport, createStagingTable, dropStagingTable, getImport, markFailed, planChunk, recordDialect, recordFileRead,
  recordHeader, type ImportRecord,
} from '../imports/store.js';
import type { Logger } from '../log.js';
import { BoundedTasks } from './bounded.js';
import { BufferPool, type Allocate } from './buffer-pool.js';
import { delimiterName, openDialect, type DialectSource } from './dialect.js';
import { parseHeader, type ColumnMap, type Header } from './header.js';
import { loadChunk, planOf, type ChunkLoad } from './load.js';
import { mergeImport, type MergeSettings } from './merge.js';
import { previewImport } from './preview.js';
import { parseChunk, rejectedRecord } from './rows.js';
import { readSource, SourceTap } from './source.js';
import { RecordSplitter, splitStream, type Chunk } from './split.js';

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
}

/**
 * Runs one import in this process, without the job queue: read and split the file, parse and load its chunks into
 * staging in parallel, then merge. The job path (src/jobs) runs the same phases as separate jobs; this one is the
 * benchmark's baseline and the tests' direct way in. Failures are recorded on the import (status `failed`, with
 * the error) rather than thrown, and leave products untouched. Returns the finished import.
 */
export async function ingest(pool: Pool, input: AsyncIterable<Buffer>, options: IngestOptions): Promise<ImportRecord> {
  const startedAt = performance.now();
  const importId = await createImport(pool, options.sourceName, options.sourceBytes, options.import);
  const log = options.log.child({ importId });
  const tap = new SourceTap();
  const loads = new BoundedTasks(options.concurrency);
  try {
    await createStagingTable(pool, importId);
    const buffers = BufferPool.forChunks(options.chunkBytes, options.concurrency);
    const source = await openDialect(readSource(input, tap), options.import ?? DEFAULT_OPTIONS);
    await recordDialect(pool, importId, source.detected);
    const delimiter = source.dialect.delimiter.charCodeAt(0);
    const splitter = new RecordSplitter(options.chunkBytes, delimiter, buffers.take);
    let columns: ColumnMap | undefined;
    let chunks = 0;
    for await (const chunk of splitStream(source.data, splitter)) {
      columns ??= await readHeader(pool, importId, splitter.header!, source);
      chunks++;
      await loads.waitForSlot();
      // Parsing here rather than in the task lets the raw chunk go before its COPY starts: one buffer per load.
      const load = parseForLoad(importId, chunk, columns, delimiter, buffers.take);
      buffers.give(chunk.data);
      loads.start(async () => {
        try {
          await planChunk(pool, load); // the job path's split plans chunks; here the engine does
          // Rejected rows failed the import (strict mode, maxErrors): stop reading, as the job path does.
          if ((await loadChunk(pool, load)) === 'failed') throw new CancelledError('the import failed for its rejected rows');
        } finally {
          buffers.give(load.parsed.copyData);
        }
      });
    }
    const readMs = performance.now() - startedAt;
    columns ??= await readHeader(pool, importId, splitter.header!, source);
    await loads.drain();
    await recordFileRead(pool, importId, {
      sourceBytes: tap.bytes, sha256: tap.sha256(), bytesTotal: splitter.bytesRead, chunksTotal: chunks, readMs,
    });
    const counts = options.import?.dryRun ? await previewImport(pool, importId) : await mergeImport(pool, importId, options.merge);
    log.info({ ...counts, ms: Math.round(performance.now() - startedAt) }, 'import succeeded');
  } catch (error) {
    await loads.settle();
    log.warn({ err: error }, 'import failed');
    await markFailed(pool, importId, errorMessage(error));
  } finally {
    await dropStagingTable(pool, importId);
  }
  return (await getImport(pool, importId))!;
}

/**
 * Parses the header record and records its columns on the import (a bad header fails the import here, with a hint
 * when the file looks written in another dialect than the one it is read with).
 */
export async function readHeader(pool: Pool, importId: number, record: Buffer, source: Omit<DialectSource, 'data'>): Promise<ColumnMap> {
  let header: Header;
  try {
    header = parseHeader(record, source.dialect.delimiter.charCodeAt(0));
  } catch (error) {
    throw error instanceof FileFormatError ? new FileFormatError(`${error.message}${dialectHint(source)}`) : error;
  }
  await recordHeader(pool, importId, header);
  return header.map;
}

function dialectHint({ detected, dialect }: Omit<DialectSource, 'data'>): string {
  const hints = [
    ...(detected.delimiter !== dialect.delimiter ? [`delimiter=${delimiterName(detected.delimiter)}`] : []),
    ...(detected.encoding !== dialect.encoding ? [`encoding=${detected.encoding}`] : []),
  ];
  return hints.length === 0 ? '' : `; the file looks written with ${hints.join(' and ')}: try that, or a dry run`;
}

function parseForLoad(importId: number, chunk: Chunk, columns: ColumnMap, delimiter: number, allocate: Allocate): ChunkLoad {
  const parseStart = performance.now();
  const parsed = chunk.skipped ? rejectedRecord(chunk.skipped.rejection) : parseChunk(chunk.data, columns, chunk, allocate, delimiter);
  return { ...planOf(importId, chunk, null, null), parsed, parseMs: performance.now() - parseStart };
}
