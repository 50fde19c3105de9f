import { crc32 } from 'node:zlib';
import type { App } from '../app.js';
import { BufferPool } from '../csv/buffer-pool.js';
import { DEFAULT_DIALECT } from '../csv/dialect.js';
import { withSplitLock } from '../db/locks.js';
import { inTransaction, type PoolClient } from '../db/pool.js';
import { QUEUES, sendInTransaction } from '../db/queue.js';
import { CancelledError, FileFormatError, MergeStrategyError, StorageError, SyncGuardError } from '../errors.js';
import { loadChunk } from '../ingest/load.js';
import { mergeSettings } from '../ingest/merge.js';
import { finishImport, mustWait, parseChunkOf, recordedFile, splitFile } from '../ingest/phases.js';
import { getChunkPlan, planChunk, plannedChunkCount, planOf, type PlannedChunk } from '../imports/chunks.js';
import { importEvents, type ImportEvents } from '../imports/events.js';
import { STATUS, type ImportRecord } from '../imports/model.js';
import { discardWork, importFile } from '../imports/service.js';
import { allChunksLoaded, getImport, recordFileRead, startImport, type ChunkCounts } from '../imports/store.js';
import { RecentChunks } from './recent-chunks.js';

/**
 * How long a finalize job waits before looking again whether the imports submitted before it have finished: short
 * at first, doubling to a few seconds, so that a long wait does not leave thousands of jobs behind.
 */
const ORDER_POLL_MS = 250;
const ORDER_POLL_MAX_MS = 4000;

/**
 * The job handlers: the phases of ingest/phases.ts, one job each (a split, a load per chunk, a finalize). Each is
 * idempotent: a retried job (after a crash, a lost connection or a timeout) finds what the earlier attempt
 * committed and goes on from there, and any job finds a cancelled or failed import and does nothing.
 */
export class ImportJobs {
  private readonly buffers: BufferPool;
  /** As many chunks as this worker loads at once, held from its splits for its loads. */
  private readonly recent: RecentChunks;
  private readonly events: ImportEvents;

  constructor(private readonly app: App) {
    this.buffers = BufferPool.forChunks(app.config.chunkBytes, app.config.loadConcurrency);
    this.recent = new RecentChunks(app.config.loadConcurrency, (data) => this.buffers.give(data));
    this.events = importEvents(app.boss);
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
      if (imp?.status === STATUS.running && imp.chunksTotal === null) await this.splitStored(imp);
    });
  }

  private async splitStored(imp: ImportRecord): Promise<void> {
    const { pool } = this.app.db;
    const importId = imp.id;
    const file = importFile(this.app, imp);
    const missing = await file.missing();
    if (missing) throw new StorageError(`import ${importId} (${imp.sourceName}) cannot be read: ${missing}`);
    const alreadyPlanned = await plannedChunkCount(pool, importId);
    const stored = file.read();
    const settings = { chunkBytes: imp.chunkBytes ?? this.app.config.chunkBytes, maxBytes: this.app.config.maxUploadBytes, allocate: this.buffers.take };
    const read = await splitFile(pool, imp, stored, settings, async (chunk, split) => {
      let handedOver = false;
      try {
        if (chunk.index < alreadyPlanned) return; // planned and sent by an earlier attempt
        if ((await getImport(pool, importId))?.status !== STATUS.running) throw new CancelledError();
        // A chunk is a range of the stored file only when the file is what is parsed: not decompressed, not decoded.
        const path = split.transformed && !chunk.skipped ? await file.writeChunk(chunk.index, chunk.data) : null;
        const plan = planOf(importId, chunk, path, crc32(chunk.data));
        const sent = await inTransaction(pool, async (client) => {
          const planned = await planChunk(client, plan);
          if (planned) await sendInTransaction(this.app.boss, client, QUEUES.load, { importId, chunkIndex: chunk.index });
          return planned;
        });
        // Its bytes are what its load job would read from storage: kept for it, should this worker run it.
        if (sent && plan.crc32 !== null) {
          this.recent.keep(importId, chunk.index, plan.crc32, chunk.data);
          handedOver = true;
        }
      } finally {
        if (!handedOver) this.buffers.give(chunk.data);
      }
    }).catch(async (error) => {
      if (!(error instanceof CancelledError)) throw error;
      await discardWork(this.app, imp); // cancelled while the file was read: stop reading it
    });
    if (!read) return;
    if (imp.sha256 && read.sha256 !== imp.sha256) {
      throw new StorageError(`the stored file of import ${importId} is corrupt: it no longer matches what was uploaded (sha256)`);
    }
    const counts = await inTransaction(pool, async (client) => {
      const counts = await recordFileRead(client, importId, read);
      await this.finalizeWhenLoaded(client, importId, counts);
      return counts;
    });
    if (counts.status !== STATUS.running) await discardWork(this.app, imp); // cancelled while the file was read
  }

  /** Parses one planned chunk from storage and loads it; the chunk that completes the import sends the finalize job. */
  async load(importId: number, chunkIndex: number): Promise<void> {
    const { pool } = this.app.db;
    const imp = await getImport(pool, importId);
    const plan = await getChunkPlan(pool, importId, chunkIndex);
    if (imp?.status !== STATUS.running || !plan || plan.loaded) return;
    const data = plan.rejection ? null : await this.readChunk(imp, plan);
    let chunk: ReturnType<typeof parseChunkOf>;
    try {
      chunk = parseChunkOf(data, plan, recordedFile(imp, imp.detected ?? DEFAULT_DIALECT), this.buffers.take);
    } finally {
      if (data) this.buffers.give(data);
    }
    const { parsed, parseMs } = chunk;
    try {
      const outcome = await loadChunk(pool, { ...plan, parsed, parseMs }, this.events, (client, counts) => this.finalizeWhenLoaded(client, importId, counts));
      if (outcome === 'failed') await discardWork(this.app, imp); // its rejected rows failed the import
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      await discardWork(this.app, imp); // cancelled while this chunk loaded: staging may have been left for it
    } finally {
      this.buffers.give(parsed.copyData);
    }
  }

  /**
   * Finishes the import once every import submitted before it has finished, so that merges follow submission order;
   * a dry run finishes at once.
   */
  async finalize(importId: number, waits = 0): Promise<void> {
    const { pool } = this.app.db;
    const imp = await getImport(pool, importId);
    if (imp?.status !== STATUS.running) return;
    if (await mustWait(pool, imp)) {
      const delay = Math.min(ORDER_POLL_MS * 2 ** waits, ORDER_POLL_MAX_MS);
      await this.app.boss.send(QUEUES.finalize, { importId, waits: waits + 1 }, { startAfter: new Date(Date.now() + delay) });
      return;
    }
    try {
      const counts = await finishImport(pool, imp, mergeSettings(this.app.config), this.events);
      this.app.log.info({ importId, ...counts }, 'import succeeded');
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      await discardWork(this.app, imp); // cancelled while merging: the merge rolled back, its staging can go now
      return;
    }
    await discardWork(this.app, imp);
    await importFile(this.app, imp).remove();
  }

  private async finalizeWhenLoaded(client: PoolClient, importId: number, counts: ChunkCounts): Promise<void> {
    if (allChunksLoaded(counts)) await sendInTransaction(this.app.boss, client, QUEUES.finalize, { importId });
  }

  /**
   * The chunk's bytes, from the split if this worker ran it and still holds them, else from storage; checked
   * against the CRC the split recorded either way.
   */
  private async readChunk(imp: ImportRecord, plan: PlannedChunk): Promise<Buffer> {
    const held = this.recent.take(imp.id, plan.index, plan.crc32);
    const data = held ?? this.buffers.take(plan.byteEnd - plan.byteStart);
    try {
      if (!held) {
        await importFile(this.app, imp)
          .readRange(plan.path ? plan.index : null, plan.path ? 0 : plan.byteStart, data)
          .catch((error: Error) => {
            throw new StorageError(`chunk ${plan.index} of import ${imp.id} cannot be read from storage: ${error.message}`);
          });
      }
      if (plan.crc32 !== null && crc32(data) !== plan.crc32) {
        throw new StorageError(`the stored file of import ${imp.id} is corrupt: chunk ${plan.index} changed after it was split`);
      }
      return data;
    } catch (error) {
      this.buffers.give(data);
      throw error;
    }
  }
}

/** Errors that another attempt cannot fix: the import fails at once. */
export function isPermanent(error: unknown): boolean {
  return error instanceof FileFormatError || error instanceof StorageError || error instanceof MergeStrategyError || error instanceof SyncGuardError;
}
