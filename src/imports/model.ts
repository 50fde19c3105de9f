import { z } from 'zod';
import type { MergeStrategy } from '../config.js';
import type { Dialect } from '../csv/dialect.js';
import type { MappedColumns } from '../csv/mapping.js';
import type { SourceObject } from '../storage/store.js';
import type { ImportOptions } from './options.js';

/**
 * The import as a record: its vocabulary (statuses, phases) and its shape. Pure. The zod enums are the one
 * definition: the store's SQL, the API's schemas (and through /openapi.json the dashboard's types), the CLI and the
 * database's check constraints (held against them by a test) all follow them.
 */

export const ImportStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped', 'reverted']);
export type ImportStatus = z.infer<typeof ImportStatus>;
export const STATUS = ImportStatus.enum;

/** Statuses an import never leaves on its own (a succeeded one may still be reverted on request). */
export const FINISHED: readonly ImportStatus[] = [STATUS.succeeded, STATUS.failed, STATUS.cancelled, STATUS.skipped, STATUS.reverted];
export const isFinished = (status: ImportStatus): boolean => FINISHED.includes(status);

/**
 * The phases of an import, each timed under this name (the `<phase>_ms` column, `timingsMs.<phase>` in the API,
 * the `phase` label of the metrics): receiving the upload; reading and splitting the file; parsing chunks (summed
 * over them); loading chunks into staging (from the import's start to the last chunk loaded: it overlaps the
 * split); merging into products (a dry run: working out what the merge would do).
 */
export const Phase = z.enum(['upload', 'split', 'parse', 'load', 'merge']);
export type Phase = z.infer<typeof Phase>;
export const PHASES = Phase.options;

/** Where an unfinished import is: a phase, or queued, or waiting for the imports submitted before it to finish. */
export const Stage = z.enum(['queued', Phase.enum.split, Phase.enum.load, 'waiting', Phase.enum.merge]);
export type Stage = z.infer<typeof Stage>;

/** The window the current rate of a running import is measured over: long enough to span several chunk loads. */
export const RATE_WINDOW_SECONDS = 5;

/**
 * What the phases of an import cost, per unit of work, as recent succeeded imports of its kind (applied or dry run)
 * measured them: what an import's percent and ETA weigh its phases by.
 */
export interface PhaseCosts {
  /** Reading (split and load, which overlap): milliseconds per byte of the file. */
  readMsPerByte: number;
  /** The merge (a dry run: its preview): milliseconds per row staged. */
  mergeMsPerRow: number;
  /** Bytes per row: the rows of a file foreseen from its size before many are read. */
  bytesPerRow: number;
}

/**
 * Costs to go by when no import has succeeded yet: the README's 500,000-row file (90 MB) on a 2-core machine,
 * loaded in 2.3 s and merged in 7 s. A dry run's preview writes nothing, so it is taken as a third of a merge.
 */
export const FALLBACK_COSTS: Record<'applied' | 'dryRun', PhaseCosts> = {
  applied: { readMsPerByte: 2300 / 90e6, mergeMsPerRow: 7000 / 500_000, bytesPerRow: 180 },
  dryRun: { readMsPerByte: 2300 / 90e6, mergeMsPerRow: 2300 / 500_000, bytesPerRow: 180 },
};

/** Milliseconds per phase, and in all from submission to the end; null: not run (yet). */
export type PhaseTimings = Record<Phase | 'total', number | null>;

export interface ImportRecord {
  id: number;
  sourceName: string;
  sourceBytes: number | null;
  sha256: string | null;
  status: ImportStatus;
  options: ImportOptions;
  /** The saved profile the options started from. */
  profile: string | null;
  /** The file column each product column was read from, once the header was read. */
  mappedColumns: MappedColumns | null;
  /** What the start of the file looked like, once read. */
  detected: Dialect | null;
  /** An earlier succeeded import of a file with the same sha256. */
  duplicateOf: number | null;
  /** What lfp keeps of the file in upload storage: the upload, or, for an object read in place, its gzip chunks. */
  storageKey: string | null;
  /** The object of a bucket the import reads where it is (never copied, never removed); null: the upload is the file. */
  sourceObject: SourceObject | null;
  chunkBytes: number | null;
  submittedSeq: number;
  columns: string[] | null;
  /** The first of the columns the import ignores, and how many it ignores in all. */
  ignoredColumns: string[];
  ignoredColumnCount: number;
  bytesTotal: number | null;
  bytesDone: number;
  chunksTotal: number | null;
  chunksDone: number;
  rowsRead: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsSuperseded: number;
  /** Products a sync deleted (a dry run: would delete). */
  rowsDeleted: number;
  /** Existing products listed by the file that onConflict=skip left as they were. */
  rowsSkipped: number;
  timings: PhaseTimings;
  error: string | null;
  /** How the merge applied the import (null: not merged, or a dry run). */
  mergeStrategy: MergeStrategy | null;
  /** What the running merge is doing now. */
  mergeStep: string | null;
  /** How far the running merge step is, where PostgreSQL reports it (an index build). */
  mergeStepPercent: number | null;
  /** When the running (or last) merge, or a dry run's preview, began. */
  mergeStartedAt: Date | null;
  /** When the last of its chunks was loaded: the end of the reading, once every chunk is loaded. */
  lastLoadedAt: Date | null;
  /** A running import: the rows of the chunks loaded in the last RATE_WINDOW_SECONDS (null once finished). */
  rowsRecent: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When the merge applied the import (its rows carry this as updated_at); null if it never did. */
  appliedAt: Date | null;
  /** Undo data is kept until then (null: none was kept), unless dropped earlier by a revert or the sweep. */
  undoKeptUntil: Date | null;
  undoDroppedAt: Date | null;
  revert: RevertCounts | null;
  /** A dry run's names whose product count would change. */
  namesChanged: number;
  /** Loaded, and its merge waits for imports submitted before it. */
  waiting: boolean;
}

export interface RevertCounts {
  revertedAt: Date;
  restored: number;
  removed: number;
  kept: number;
}

/** What an import's merge (or a dry run's preview) found: the import's outcome counts. */
export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  /** Products deleted by a sync. */
  deleted: number;
  /** Existing SKUs of the file left as they were (onConflict=skip). */
  skipped: number;
}

/** Where an unfinished import is, from its counters; null once finished. */
export function stageOf(imp: Pick<ImportRecord, 'status' | 'chunksTotal' | 'chunksDone' | 'waiting'>): Stage | null {
  if (imp.status === STATUS.queued) return 'queued';
  if (imp.status !== STATUS.running) return null;
  if (imp.chunksTotal === null) return 'split';
  if (imp.chunksDone < imp.chunksTotal) return 'load';
  return imp.waiting ? 'waiting' : 'merge';
}
