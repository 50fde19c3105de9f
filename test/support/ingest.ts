import { Readable } from 'node:stream';
import type { Pool } from '../../src/db/pool.js';
import { ingest } from '../../src/ingest/engine.js';
import type { MergeSettings } from '../../src/ingest/merge.js';
import type { ImportEvents } from '../../src/imports/events.js';
import type { ImportOptions } from '../../src/imports/options.js';
import type { ImportRecord } from '../../src/imports/model.js';
import { createLogger } from '../../src/log.js';

// LFP_TEST_LOG_LEVEL=debug shows what the code under test logs.
export const quietLog = createLogger(process.env.LFP_TEST_LOG_LEVEL ?? 'silent');

/** Ingests `content`, delivered in reads of `readBytes`, as the CLI would. */
export function ingestBuffer(
  pool: Pool,
  content: string | Buffer,
  options: {
    name?: string; chunkBytes?: number; concurrency?: number; readBytes?: number; import?: ImportOptions; strategy?: MergeSettings['strategy'];
    events?: ImportEvents;
  } = {},
): Promise<ImportRecord> {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const readBytes = options.readBytes ?? 64 * 1024;
  const reads: Buffer[] = [];
  for (let pos = 0; pos < data.length; pos += readBytes) reads.push(data.subarray(pos, pos + readBytes));
  return ingest(pool, Readable.from(reads), {
    sourceName: options.name ?? 'test.csv',
    sourceBytes: data.length,
    chunkBytes: options.chunkBytes ?? 1 << 20,
    concurrency: options.concurrency ?? 2,
    merge: { workMem: '64MB', undoRetentionDays: 1, strategy: options.strategy ?? 'auto' },
    import: options.import,
    log: quietLog,
    events: options.events,
  });
}
