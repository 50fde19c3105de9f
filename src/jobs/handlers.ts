import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { App } from '../app.js';
import { withSplitLock } from '../db/locks.js';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { CancelledError, FileFormatError, StorageError } from '../errors.js';
import { BufferPool } from '../ingest/buffer-pool.js';
import { DEFAULT_DIALECT, openDialect, resolveDialect } from '../ingest/dialect.js';
import { readHeader } from '../ingest/engine.js';
import { mapColumns } from '../ingest/header.js';
import { loadChunk, planOf } from '../ingest/load.js';
import { mergeImport, mergeSettings } from '../ingest/merge.js';
import { previewImport } from '../ingest/preview.js';
import { parseChunk, rejectedRecord, type ParsedChunk } from '../ingest/rows.js';
import { SourceTap, readSource } from '../ingest/source.js';
import { RecordSplitter, splitStream } from '../ingest/split.js';
import { discardWork } from '../imports/service.js';
import {
  allChunksLoaded, createStagingTable, waitsForEarlierImports, getChunkPlan, getImport, planChunk, plannedChunkCount,
  recordDialect, recordFileRead, startImport, type ChunkCounts, type ImportRecord, type PlannedChunk,
} from '../imports/store.js';
import { QUEUES, sendInTransaction } from './queue.js';

/**
 * How long a finalize job waits before looking again whether the imports submitted before it have finished: short
 * at first, doubling to a few seconds, so that a long wait does not leave thousands of jobs behind.
 */
const ORDER_POLL_MS = 250;
const ORDER_POLL_MAX_MS = 4000;

/**
 * The job handlers. Each is idempotent: a retried job (after a crash, a lost connection or a timeout) finds
 * what the earlier attempt committed and goes on from there, and any job finds a cancelled or failed import
 * and does nothing.
 */
export class ImportJobs {
  private readonly buffers: BufferPool;

  constructor(private readonly app: App) {
    this.buffers = BufferPool.forChunks(app.config.chunkBytes, app.config.loadConcurrency);
  }

  /**
   * Reads the stored upload once, records its header and plans its chunks, sending a load job for each. One attempt
   * at a time: a retry started while an earlier attempt still runs waits for it, then finds the file read.
   */
  async split(importId: number): Promise<void> {
    const { pool } = this.app.db;
    if (!(await startImport(pool, importId))) return;
    await withSplitLock(pool, importId, async () => {
      const imp = await getImport(pool, importId);
      if (imp?.status === 'running' && imp.chunksTotal === null) await this.splitFile(imp);
    });
  }

  private async splitFile(imp: ImportRecord): Promise<void> {
    const { pool } = this.app.db;
    const importId = imp.id;
    const key = imp.storageKey!;
    if (!(await this.app.uploads.exists(key))) {
      throw new StorageError(`the uploaded file of import ${importId} (${imp.sourceName}) is missing from storage`);
    }
    await createStagingTable(pool, importId);
    const alreadyPlanned = await plannedChunkCount(pool, importId);
    const started = performance.now();
    const tap = new SourceTap();
    const stored = createReadStream(this.app.uploads.path(key), { highWaterMark: 1 << 20 });
    const source = await openDialect(readSource(stored, tap, this.app.config.maxUploadBytes), imp.options);
    await recordDialect(pool, importId, source.detected);
    const splitter = new RecordSplitter(imp.chunkBytes ?? this.app.config.chunkBytes, source.dialect.delimiter.charCodeAt(0), this.buffers.take);
    // Chunks are ranges of the stored file only when the file is what is parsed: not decompressed, not decoded.
    const ownFiles = () => tap.gzip || source.dialect.encoding !== 'utf-8';
    let headerRecorded = false;
    let chunks = 0;
    for await (const chunk of splitStream(source.data, splitter)) {
      if (!headerRecorded) {
        await readHeader(pool, importId, splitter.header!, source);
        headerRecorded = true;
      }
      chunks++;
      try {
        if (chunk.index < alreadyPlanned) continue; // planned and sent by an earlier attempt
        if ((await getImport(pool, importId))?.status !== 'running') return await discardWork(this.app, imp); // cancelled
        const path = ownFiles() && !chunk.skipped ? await this.app.uploads.writeChunk(key, chunk.index, chunk.data) : null;
        const plan = planOf(importId, chunk, path, crc32(chunk.data));
        await inTransaction(pool, async (client) => {
          if (await planChunk(client, plan)) await sendInTransaction(this.app.boss, client, QUEUES.load, { importId, chunkIndex: chunk.index });
        });
      } finally {
        this.buffers.give(chunk.data);
      }
    }
    if (!headerRecorded) await readHeader(pool, importId, splitter.header!, source);
    if (imp.sha256 && tap.sha256() !== imp.sha256) {
      throw new StorageError(`the stored file of import ${importId} is corrupt: it no longer matches what was uploaded (sha256)`);
    }
    const counts = await inTransaction(pool, async (client) => {
      const counts = await recordFileRead(client, importId, {
        sourceBytes: tap.bytes, sha256: tap.sha256(), bytesTotal: splitter.bytesRead, chunksTotal: chunks,
        readMs: performance.now() - started,
      });
      await this.finalizeWhenLoaded(client, importId, counts);
      return counts;
    });
    if (counts.status !== 'running') await discardWork(this.app, imp); // cancelled while the file was read
  }

  /** Parses one planned chunk from storage and loads it; the chunk that completes the import sends the merge. */
  async load(importId: number, chunkIndex: number): Promise<void> {
    const { pool } = this.app.db;
    const imp = await getImport(pool, importId);
    const plan = await getChunkPlan(pool, importId, chunkIndex);
    if (imp?.status !== 'running' || !plan || plan.loaded) return;
    const parseStart = performance.now();
    const parsed = plan.rejection ? rejectedRecord(plan.rejection) : await this.readAndParse(imp, plan);
    try {
      const outcome = await loadChunk(pool, { ...plan, parsed, parseMs: performance.now() - parseStart }, (client, counts) =>
        this.finalizeWhenLoaded(client, importId, counts),
      );
      if (outcome === 'failed') await discardWork(this.app, imp); // its rejected rows failed the import
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      await discardWork(this.app, imp); // cancelled while this chunk loaded: staging may have been left for it
    } finally {
      this.buffers.give(parsed.copyData);
    }
  }

  /**
   * Merges the import once every import submitted before it has finished, so that merges follow submission order;
   * a dry run computes what its merge would do, at once.
   */
  async finalize(importId: number, waits = 0): Promise<void> {
    const imp = await getImport(this.app.db.pool, importId);
    if (imp?.status !== 'running') return;
    if (!imp.options.dryRun && (await waitsForEarlierImports(this.app.db.pool, importId))) {
      const delay = Math.min(ORDER_POLL_MS * 2 ** waits, ORDER_POLL_MAX_MS);
      await this.app.boss.send(QUEUES.finalize, { importId, waits: waits + 1 }, { startAfter: new Date(Date.now() + delay) });
      return;
    }
    try {
      const counts = imp.options.dryRun
        ? await previewImport(this.app.db.pool, importId)
        : await mergeImport(this.app.db.pool, importId, mergeSettings(this.app.config));
      this.app.log.info({ importId, ...counts }, 'import succeeded');
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      await discardWork(this.app, imp); // cancelled while merging: the merge rolled back, its staging can go now
      return;
    }
    await discardWork(this.app, imp);
    await this.app.uploads.remove(imp.storageKey!);
  }

  private async finalizeWhenLoaded(client: PoolClient, importId: number, counts: ChunkCounts): Promise<void> {
    if (allChunksLoaded(counts)) await sendInTransaction(this.app.boss, client, QUEUES.finalize, { importId });
  }

  private async readAndParse(imp: ImportRecord, plan: PlannedChunk): Promise<ParsedChunk> {
    const data = this.buffers.take(plan.byteEnd - plan.byteStart);
    try {
      await this.app.uploads
        .readRange(plan.path ?? this.app.uploads.path(imp.storageKey!), plan.path ? 0 : plan.byteStart, data)
        .catch((error: Error) => {
          throw new StorageError(`chunk ${plan.index} of import ${imp.id} cannot be read from storage: ${error.message}`);
        });
      if (plan.crc32 !== null && crc32(data) !== plan.crc32) {
        throw new StorageError(`the stored file of import ${imp.id} is corrupt: chunk ${plan.index} changed after it was split`);
      }
      const { delimiter } = resolveDialect(imp.options, imp.detected ?? DEFAULT_DIALECT);
      const at = { offset: plan.byteStart, firstLine: plan.firstLine };
      return parseChunk(data, mapColumns(imp.columns ?? []).map, at, this.buffers.take, delimiter.charCodeAt(0));
    } finally {
      this.buffers.give(data);
    }
  }
}

/** Errors that another attempt cannot fix: the import fails at once. */
export function isPermanent(error: unknown): boolean {
  return error instanceof FileFormatError || error instanceof StorageError;
}
