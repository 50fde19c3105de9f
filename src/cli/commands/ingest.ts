import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../../errors.js';
import { ingest, type IngestProgress } from '../../ingest/engine.js';
import type { Pool } from '../../db/pool.js';
import { listImportErrors, type ImportRecord } from '../../imports/store.js';
import { numberOption, type Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';
import { importSummary, progressLine } from '../format.js';

const READ_BUFFER_BYTES = 1 << 20;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'import product CSV files (plain or gzip) into PostgreSQL',
  usage: `lfp ingest FILE... | -

Imports each file in turn (- reads standard input) and prints a summary of each: rows read, inserted, updated,
unchanged, superseded by a later row of the same file, rejected, and the time of every phase. On a terminal a
progress bar shows bytes, rows/s and the ETA. Exits 1 if any import failed.

Options:
  --json               print each import as one line of JSON instead of the summary
  --chunk-bytes N      target chunk size in bytes (default: LFP_CHUNK_BYTES or 16 MiB)
  --concurrency N      chunks loaded at once (default: LFP_LOAD_CONCURRENCY or 2)`,
  options: {
    json: { type: 'boolean' },
    'chunk-bytes': { type: 'string' },
    concurrency: { type: 'string' },
  },
  async run(args) {
    if (args.positionals.length === 0) throw new ConfigError('name at least one file to ingest, or - for standard input');
    const context = commandContext();
    const chunkBytes = numberOption(args, 'chunk-bytes', context.config.chunkBytes, 64 * 1024, 1 << 30);
    const concurrency = numberOption(args, 'concurrency', context.config.loadConcurrency, 1, 64);
    const sources = await Promise.all(args.positionals.map(openInput));
    const json = args.values.json === true;
    // Ctrl-C or SIGTERM ends the running import as failed ("interrupted") instead of leaving it running.
    const interrupt = new AbortController();
    const onSignal = () => interrupt.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    return withDatabase(context, async (db) => {
      let failed = 0;
      for (const source of sources) {
        if (interrupt.signal.aborted) break;
        const bar = !json && process.stderr.isTTY ? new ProgressBar(source.name) : undefined;
        const result = await ingest(db.pool, source.stream, {
          sourceName: source.name,
          sourceBytes: source.bytes,
          chunkBytes,
          concurrency,
          mergeWorkMem: context.config.mergeWorkMem,
          log: context.log,
          signal: interrupt.signal,
          onStart: (progress) => bar?.follow(progress),
        });
        bar?.stop();
        if (result.status !== 'succeeded') failed++;
        process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${importSummary(result)}\n${await firstErrors(db.pool, result)}`);
      }
      return failed > 0 || interrupt.signal.aborted ? 1 : 0;
    });
  },
};

interface Input {
  name: string;
  bytes: number | null;
  stream: AsyncIterable<Buffer>;
}

async function openInput(path: string): Promise<Input> {
  if (path === '-') return { name: 'stdin', bytes: null, stream: process.stdin };
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ConfigError(`cannot read ${path}: no such file`);
  return { name: basename(path), bytes: info.size, stream: createReadStream(path, { highWaterMark: READ_BUFFER_BYTES }) };
}

/** The first rejected rows, under the summary. */
async function firstErrors(pool: Pool, result: ImportRecord): Promise<string> {
  if (result.rowsRejected === 0) return '';
  const errors = await listImportErrors(pool, result.id, 0, 5);
  const more = result.rowsRejected > errors.length ? `\n  ... and ${result.rowsRejected - errors.length} more (lfp import ${result.id})` : '';
  return `${errors.map((e) => `  line ${e.line}: ${e.reason}`).join('\n')}${more}\n`;
}

/** Redraws one progress line on stderr while an import runs. */
class ProgressBar {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();

  constructor(private readonly label: string) {}

  follow(progress: IngestProgress): void {
    this.timer = setInterval(() => this.draw(progress), 200);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    process.stderr.write('\r\x1b[K');
  }

  private draw(progress: IngestProgress): void {
    const line = progressLine({
      label: this.label,
      phase: progress.phase,
      bytesDone: progress.tap.bytes,
      bytesTotal: progress.bytesTotal,
      rows: progress.rowsLoaded,
      elapsedMs: performance.now() - this.started,
    });
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
  }
}
