import { z } from 'zod';
import { MergeStrategy } from '../config.js';
import { Dialect, dialectSuggestion } from '../csv/dialect.js';
import { MappedColumns } from '../csv/mapping.js';
import { objectUrl } from '../storage/store.js';
import {
  FALLBACK_COSTS, ImportStatus, PHASES, Phase, RATE_WINDOW_SECONDS, Stage, STATUS, stageOf, type ImportRecord, type PhaseCosts,
} from './model.js';
import { ImportOptions } from './options.js';

/**
 * An import as the API shows it (and the CLI's --json prints), with live progress derived from its counters: the
 * schema is the contract (validated, serialized, in /openapi.json, and the dashboard's types are generated from it),
 * presentImport the one function that fills it. Pure.
 */

const count = () => z.number().int();

export const Timings = z.object(
  Object.fromEntries([...PHASES, 'total'].map((phase) => [phase, z.number().nullable()])) as Record<Phase | 'total', z.ZodNullable<z.ZodNumber>>,
).describe('milliseconds per phase (load overlaps split: it runs from the start to the last chunk loaded), and in all');

/** The steps of an import on one time line: the phases, and the time it spent queued and waiting between them. */
export const TimelineStep = z.enum(['upload', 'queued', 'split', 'load', 'waiting', 'merge']);
export type TimelineStep = z.infer<typeof TimelineStep>;

export const TimelineSpan = z.object({
  step: TimelineStep,
  startMs: z.number().describe('milliseconds from the start of the upload'),
  endMs: z.number().nullable().describe('null: still running'),
});
export type TimelineSpan = z.infer<typeof TimelineSpan>;

export const ImportView = z.object({
  id: count(),
  sourceName: z.string(),
  sourceBytes: count().nullable(),
  sourceUrl: z.string().nullable()
    .describe('the s3:// object the import reads where it is, in the version it had at submission (never copied, never removed); null: an upload, or a file copied from an https URL'),
  sha256: z.string().nullable().describe('of the file as received; null until read, for an object read in place'),
  status: ImportStatus,
  phase: Stage.nullable()
    .describe('where an unfinished import is: queued, a phase, or waiting for imports submitted before it; null once finished'),
  options: ImportOptions.describe('the options the import ran with: the defaults, under its profile\'s, under those given with it'),
  profile: z.string().nullable().describe('the saved profile the options started from'),
  detected: Dialect.nullable().describe('what the first 64 KiB of the file look like: encoding and delimiter'),
  suggestion: Dialect.partial().nullable()
    .describe('the encoding and delimiter to try instead, when the file looks written otherwise than it was read; null when they agree'),
  duplicateOf: count().nullable().describe('an earlier succeeded import of a file with the same sha256'),
  columns: z.array(z.string()).nullable(),
  mappedColumns: MappedColumns.nullable().describe('the file column each product column was read from (by the mapping, or by its name); null until the header is read'),
  ignoredColumns: z.array(z.string()).describe('columns the import ignores: the first 50, names cut to 200 characters'),
  ignoredColumnCount: count().describe('how many columns the import ignores in all'),
  counts: z.object({
    rowsRead: count(),
    rowsRejected: count(),
    rowsInserted: count(),
    rowsUpdated: count(),
    rowsUnchanged: count(),
    rowsSuperseded: count(),
    rowsDeleted: count().describe('sync: products the file does not list, deleted (a dry run: that would be)'),
    rowsSkipped: count().describe('onConflict=skip: existing products the file lists, left as they were'),
  }),
  progress: z.object({
    bytesDone: count(),
    bytesTotal: count().nullable(),
    rowsDone: count(),
    chunksDone: count(),
    chunksTotal: count().nullable(),
    percent: z.number().nullable()
      .describe('of the whole import (reading and merge, each weighted by what it cost recent imports), to a tenth; below 100 until it succeeds'),
    rowsPerSecond: z.number().nullable()
      .describe('running: the rows read in the last few seconds, per second (null while it waits or merges); finished: rows over the total time'),
    etaSeconds: z.number().nullable().describe('until the whole import ends, merge included; null when unknown (queued, waiting for earlier imports)'),
    mergeStep: z.string().nullable().describe('what the merge is doing now (writing rows, building index 1 of 5...), while it runs'),
    mergeStepPercent: z.number().int().nullable()
      .describe("how far that step is, where PostgreSQL reports it (an index build, from pg_stat_progress_create_index)"),
  }),
  timingsMs: Timings,
  timeline: z.array(TimelineSpan)
    .describe('when each step ran, on one time line (the load runs beside the split, so the spans overlap); the steps not run are left out'),
  mergeStrategy: MergeStrategy.nullable()
    .describe('how the merge applied the import: upsert (in place) or rebuild (a new table swapped in); null until merged, and for a dry run'),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  nameChanges: count().nullable().describe('a dry run: how many names would change product count (listed at /name-changes)'),
  revertible: z.boolean().describe('applied, and what it changed is still kept for a revert'),
  revert: z.object({
    revertedAt: z.string(),
    restored: count().describe('products put back as they were before the import'),
    removed: count().describe('products the import had created, deleted'),
    kept: count().describe('products written since the import, left as they are (forced revert)'),
  }).nullable(),
});
export type ImportView = z.infer<typeof ImportView>;

/** Recent phase costs by kind of import: what recentPhaseCosts found, FALLBACK_COSTS standing in for a kind missing. */
export type RecordedCosts = Partial<Record<'applied' | 'dryRun', PhaseCosts>>;

export function presentImport(imp: ImportRecord, now: Date, recorded: RecordedCosts = {}): ImportView {
  const finished = imp.finishedAt !== null;
  const started = imp.startedAt?.getTime();
  const elapsedSeconds = started === undefined ? 0 : ((imp.finishedAt ?? now).getTime() - started) / 1000;
  // Until the file is read to its end, its received size stands in for the total (exact unless gzip).
  const bytesTotal = imp.bytesTotal ?? (imp.sourceBytes !== null && imp.sourceBytes >= imp.bytesDone ? imp.sourceBytes : null);
  const kind = imp.options.dryRun ? 'dryRun' : 'applied';
  const whole = wholeImport(imp, bytesTotal, imp.finishedAt ?? now, recorded[kind] ?? FALLBACK_COSTS[kind]);
  const stage = stageOf(imp);
  return {
    id: imp.id,
    sourceName: imp.sourceName,
    sourceBytes: imp.sourceBytes,
    sourceUrl: imp.sourceObject && objectUrl(imp.sourceObject),
    sha256: imp.sha256,
    status: imp.status,
    phase: stage,
    options: imp.options,
    profile: imp.profile,
    detected: imp.detected,
    suggestion: imp.detected && dialectSuggestion(imp.options, imp.detected),
    duplicateOf: imp.duplicateOf,
    columns: imp.columns,
    mappedColumns: imp.mappedColumns,
    ignoredColumns: imp.ignoredColumns,
    ignoredColumnCount: imp.ignoredColumnCount,
    counts: {
      rowsRead: imp.rowsRead,
      rowsRejected: imp.rowsRejected,
      rowsInserted: imp.rowsInserted,
      rowsUpdated: imp.rowsUpdated,
      rowsUnchanged: imp.rowsUnchanged,
      rowsSuperseded: imp.rowsSuperseded,
      rowsDeleted: imp.rowsDeleted,
      rowsSkipped: imp.rowsSkipped,
    },
    progress: {
      bytesDone: imp.bytesDone,
      bytesTotal,
      rowsDone: imp.rowsRead,
      chunksDone: imp.chunksDone,
      chunksTotal: imp.chunksTotal,
      percent: whole.fraction === null ? null : Math.round(whole.fraction * 1000) / 10,
      // Once finished, over the whole import (submission to end, merge included); while reading, the current rate.
      rowsPerSecond: finished
        ? imp.timings.total ? Math.round(imp.rowsRead / (imp.timings.total / 1000)) : elapsedSeconds > 0 ? Math.round(imp.rowsRead / elapsedSeconds) : null
        : (stage === 'split' || stage === 'load') && imp.rowsRecent !== null && elapsedSeconds > 0
          ? Math.round(imp.rowsRecent / Math.min(RATE_WINDOW_SECONDS, elapsedSeconds))
          : null,
      etaSeconds: finished || whole.remainingMs === null ? null : Math.round(whole.remainingMs / 1000),
      mergeStep: imp.status === STATUS.running ? imp.mergeStep : null,
      mergeStepPercent: imp.status === STATUS.running ? imp.mergeStepPercent : null,
    },
    timingsMs: imp.timings,
    timeline: timelineOf(imp),
    mergeStrategy: imp.mergeStrategy,
    error: imp.error,
    createdAt: imp.createdAt.toISOString(),
    startedAt: imp.startedAt?.toISOString() ?? null,
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    nameChanges: imp.options.dryRun && imp.status === STATUS.succeeded ? imp.namesChanged : null,
    revertible: isRevertible(imp),
    revert: imp.revert && { ...imp.revert, revertedAt: imp.revert.revertedAt.toISOString() },
  };
}

/**
 * How far the whole import is at `at` (its end, once finished): the reading (split and load) and the merge in
 * milliseconds each is expected to take, and how many of them are done and left. The reading's length is projected
 * from its own pace once it has read something (the recorded costs before), the merge's from the rows it will
 * apply at the recorded cost per row. Time spent queued or waiting for earlier imports is left out: nothing says
 * how long it will be, so the ETA is unknown then.
 */
function wholeImport(imp: ImportRecord, bytesTotal: number | null, at: Date, costs: PhaseCosts): { fraction: number | null; remainingMs: number | null } {
  if (imp.status === STATUS.succeeded || imp.status === STATUS.reverted) return { fraction: 1, remainingMs: 0 };
  if (imp.status === STATUS.skipped || bytesTotal === null) return { fraction: null, remainingMs: null };
  const readShare = bytesTotal > 0 ? Math.min(imp.bytesDone / bytesTotal, 1) : 1;
  const readEnded = imp.chunksTotal !== null && imp.chunksDone >= imp.chunksTotal;
  const sinceStart = imp.startedAt ? Math.max(at.getTime() - imp.startedAt.getTime(), 0) : 0;
  const foreseenReadMs = bytesTotal * costs.readMsPerByte;
  // Every byte loaded (the split may not have recorded the file's end yet): the reading took until the last chunk.
  const readMs = readEnded || readShare >= 1
    ? imp.startedAt && imp.lastLoadedAt ? Math.max(imp.lastLoadedAt.getTime() - imp.startedAt.getTime(), 0) : foreseenReadMs
    : readShare > 0 ? sinceStart / readShare : Math.max(sinceStart, foreseenReadMs);
  const stagedRows = readEnded ? imp.rowsRead - imp.rowsRejected
    : imp.bytesDone > 0 && imp.rowsRead > 0 ? (imp.rowsRead - imp.rowsRejected) / imp.bytesDone * bytesTotal
    : bytesTotal / costs.bytesPerRow;
  const mergeMs = stagedRows * costs.mergeMsPerRow;
  const merging = readEnded && imp.mergeStartedAt !== null;
  const mergeElapsed = merging ? Math.max(at.getTime() - imp.mergeStartedAt!.getTime(), 0) : 0;
  const done = readShare * readMs + mergeMs * mergeShare(mergeElapsed, mergeMs);
  const total = readMs + mergeMs;
  const fraction = total > 0 ? Math.min(done / total, 0.999) : imp.status === STATUS.queued ? 0 : 0.999;
  const waiting = imp.status === STATUS.queued || imp.waiting;
  const remainingMs = waiting || imp.startedAt === null ? null : (1 - readShare) * readMs + mergeLeft(mergeElapsed, mergeMs);
  return { fraction, remainingMs };
}

/** A merge's estimate is trusted in proportion until MERGE_KNEE of it; past that its share closes in on 1 without reaching it. */
const MERGE_KNEE = 0.9;

/** The share done of a merge expected to take `expectedMs`, after `elapsedMs`: a merge slower than foreseen still moves. */
export function mergeShare(elapsedMs: number, expectedMs: number): number {
  if (expectedMs <= 0) return 1;
  const knee = MERGE_KNEE * expectedMs;
  if (elapsedMs <= knee) return elapsedMs / expectedMs;
  const tail = (1 - MERGE_KNEE) * expectedMs;
  return 1 - (1 - MERGE_KNEE) * Math.exp(-(elapsedMs - knee) / tail);
}

/** What is left of the merge: the rest of the estimate, or once past its knee the tail's time constant (it slows down as the share does). */
function mergeLeft(elapsedMs: number, expectedMs: number): number {
  if (expectedMs <= 0) return 0;
  return elapsedMs <= MERGE_KNEE * expectedMs ? expectedMs - elapsedMs : (1 - MERGE_KNEE) * expectedMs;
}

/** The spans of the steps run so far, in milliseconds from the start of the upload. */
function timelineOf(imp: ImportRecord): TimelineSpan[] {
  const origin = imp.createdAt.getTime() - (imp.timings.upload ?? 0);
  const at = (date: Date | null) => (date === null ? null : date.getTime() - origin);
  const spans: TimelineSpan[] = [];
  const span = (step: TimelineStep, start: number | null, end: number | null) => {
    if (start !== null) spans.push({ step, startMs: start, endMs: end === null ? null : Math.max(end, start) });
  };
  const created = at(imp.createdAt)!;
  const started = at(imp.startedAt);
  const ended = at(imp.finishedAt);
  const merged = at(imp.mergeStartedAt);
  const readEnded = imp.chunksTotal !== null && imp.chunksDone >= imp.chunksTotal;
  if (imp.timings.upload !== null) span('upload', 0, created);
  if (imp.status !== STATUS.skipped) span('queued', created, started ?? ended);
  if (started !== null) {
    span('split', started, imp.timings.split !== null ? started + imp.timings.split : ended);
    const loaded = readEnded ? at(imp.lastLoadedAt) ?? started : ended;
    span('load', started, loaded);
    if (readEnded && (merged !== null || imp.status === STATUS.running)) {
      const loadEnd = loaded ?? started;
      if (merged === null || merged - loadEnd >= 1) span('waiting', loadEnd, merged ?? null);
    }
    span('merge', merged, ended);
  }
  return spans;
}

/** Applied, with undo data kept and not dropped yet: revertImport may still refuse if products were written since. */
function isRevertible(imp: ImportRecord): boolean {
  return imp.status === STATUS.succeeded && imp.appliedAt !== null && imp.undoKeptUntil !== null && imp.undoDroppedAt === null;
}
