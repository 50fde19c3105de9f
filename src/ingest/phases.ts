import type { Pool } from '../db/pool.js';
import type { Allocate } from '../csv/buffer-pool.js';
import { dialectSuggestion, openDialect, resolveDialect, type Delimiter, type Dialect, type DialectRequest } from '../csv/dialect.js';
import { mapColumns, parseHeader, type ColumnMap, type Header } from '../csv/header.js';
import { parseChunk, rejectedRecord, type ParsedChunk } from '../csv/rows.js';
import { readSource, SourceTap } from '../csv/source.js';
import { RecordSplitter, splitStream, type Chunk } from '../csv/split.js';
import { FileFormatError, UnknownColumnError } from '../errors.js';
import type { ChunkPlan } from '../imports/chunks.js';
import type { ImportEvents } from '../imports/events.js';
import type { ImportRecord, MergeCounts } from '../imports/model.js';
import type { ImportOptions } from '../imports/options.js';
import { createStagingTable } from '../imports/staging.js';
import { recordDialect, recordHeader, waitsForEarlierImports } from '../imports/store.js';
import { mergeImport, type MergeSettings } from './merge.js';
import { previewImport } from './preview.js';

/**
 * The phases of an import, as its drivers run them: the in-process engine (engine.ts) and the queue's job handlers
 * (jobs/handlers.ts) both split with splitFile, parse with parseChunkOf, load with load.ts, and finish with
 * finishImport, which alone decides between a merge and a dry run's preview.
 */

/** How a driver splits a file. */
export interface SplitSettings {
  chunkBytes: number;
  /** Largest the file may grow to once decompressed. */
  maxBytes?: number;
  /** Where chunk buffers come from; the driver gives each back once done with it. */
  allocate: Allocate;
}

/** What the split learnt, for the driver to plan chunks with and to record once the file is read. */
export interface SplitFile {
  dialect: Dialect;
  columns: ColumnMap;
  /** True when a chunk is not a byte range of the stored file as it is (gzip, or decoded to UTF-8). */
  transformed: boolean;
}

export interface FileRead {
  sourceBytes: number;
  sha256: string;
  bytesTotal: number;
  chunksTotal: number;
  splitMs: number;
}

/**
 * The split phase: reads the file once, records its dialect and header on the import (a bad header fails the import
 * here), and hands every chunk, in order, to `each`. Returns what the whole file amounted to, to record.
 */
export async function splitFile(
  pool: Pool,
  imp: Pick<ImportRecord, 'id' | 'options'>,
  input: AsyncIterable<Buffer>,
  settings: SplitSettings,
  each: (chunk: Chunk, file: SplitFile) => Promise<void>,
): Promise<FileRead> {
  const started = performance.now();
  await createStagingTable(pool, imp.id);
  const tap = new SourceTap();
  const source = await openDialect(readSource(input, tap, settings.maxBytes), imp.options);
  await recordDialect(pool, imp.id, source.detected);
  const delimiter = source.dialect.delimiter.charCodeAt(0);
  const splitter = new RecordSplitter(settings.chunkBytes, delimiter, settings.allocate);
  let file: SplitFile | undefined;
  const header = async (): Promise<SplitFile> => ({
    dialect: source.dialect,
    columns: await readHeader(pool, imp.id, splitter.header!, imp.options, source.detected),
    transformed: tap.gzip || source.dialect.encoding !== 'utf-8',
  });
  let chunks = 0;
  for await (const chunk of splitStream(source.data, splitter)) {
    file ??= await header();
    chunks++;
    await each(chunk, file);
  }
  file ??= await header();
  return { sourceBytes: tap.bytes, sha256: tap.sha256(), bytesTotal: splitter.bytesRead, chunksTotal: chunks, splitMs: performance.now() - started };
}

/** Parses the header record and records its columns (a bad header fails the import, with a hint when the file looks written in another dialect). */
async function readHeader(pool: Pool, importId: number, record: Buffer, options: ImportOptions, detected: Dialect): Promise<ColumnMap> {
  let header: Header;
  try {
    header = parseHeader(record, resolveDialect(options, detected).delimiter.charCodeAt(0), options.mapping);
  } catch (error) {
    if (error instanceof UnknownColumnError) throw error;
    throw error instanceof FileFormatError ? new FileFormatError(`${error.message}${dialectHint(options, detected)}`) : error;
  }
  await recordHeader(pool, importId, header);
  return header.map;
}

/**
 * "; the file looks written with semicolons between fields and the windows-1252 encoding: import it again with those
 * settings (or Detect)", or ''. Plain words: the dashboard, the CLI and the API show it alike.
 */
export function dialectHint(request: DialectRequest, detected: Dialect): string {
  const suggestion = dialectSuggestion(request, detected);
  if (!suggestion) return '';
  const looks = [
    ...(suggestion.delimiter ? [`${DELIMITER_WORDS[suggestion.delimiter]} between fields`] : []),
    ...(suggestion.encoding ? [`the ${suggestion.encoding} encoding`] : []),
  ];
  return `; the file looks written with ${looks.join(' and ')}: import it again with ${looks.length > 1 ? 'those settings' : 'that setting'} (or Detect)`;
}

const DELIMITER_WORDS: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes (|)' };

/** The parse phase of one chunk: its rows encoded for COPY, or the rejection the split planned instead (no data). */
export function parseChunkOf(
  data: Buffer | null,
  plan: Pick<ChunkPlan, 'byteStart' | 'firstLine' | 'rejection'>,
  file: Pick<SplitFile, 'columns' | 'dialect'>,
  allocate: Allocate,
): { parsed: ParsedChunk; parseMs: number } {
  const started = performance.now();
  const parsed = plan.rejection || !data
    ? rejectedRecord(plan.rejection!)
    : parseChunk(data, file.columns, { offset: plan.byteStart, firstLine: plan.firstLine }, allocate, file.dialect.delimiter.charCodeAt(0));
  return { parsed, parseMs: performance.now() - started };
}

/** The column map of an import whose header was recorded by an earlier split (a load job on another worker). */
export function recordedFile(imp: ImportRecord, detected: Dialect): Pick<SplitFile, 'columns' | 'dialect'> {
  return { columns: mapColumns(imp.columns ?? [], imp.options.mapping).map, dialect: resolveDialect(imp.options, detected) };
}

/** Whether the import must wait before its last phase: a merge follows the imports submitted before it; a dry run never waits. */
export async function mustWait(pool: Pool, imp: ImportRecord): Promise<boolean> {
  return !imp.options.dryRun && (await waitsForEarlierImports(pool, imp.id));
}

/**
 * The last phase, the one place that decides it: a dry run computes what its merge would do, any other import is
 * merged. Both check in their transaction that the import still runs, and throw CancelledError (nothing applied)
 * when it does not; both tell the outcome through `events` in that transaction.
 */
export async function finishImport(
  pool: Pool,
  imp: Pick<ImportRecord, 'id' | 'options'>,
  settings: MergeSettings,
  events: ImportEvents,
): Promise<MergeCounts> {
  return imp.options.dryRun ? previewImport(pool, imp, events) : mergeImport(pool, imp, settings, events);
}
