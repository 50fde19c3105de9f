import { z } from 'zod';
import { MergeStrategy } from '../config.js';
import { Dialect, dialectSuggestion } from '../csv/dialect.js';
import { MappedColumns } from '../csv/mapping.js';
import { ImportStatus, PHASES, Phase, Stage, STATUS, stageOf, type ImportRecord } from './model.js';
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

export const ImportView = z.object({
  id: count(),
  sourceName: z.string(),
  sourceBytes: count().nullable(),
  sha256: z.string().nullable(),
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
    percent: z.number().nullable(),
    rowsPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    mergeStep: z.string().nullable().describe('what the merge is doing now (writing rows, building index 1 of 5...), while it runs'),
  }),
  timingsMs: Timings,
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

export function presentImport(imp: ImportRecord, now: Date): ImportView {
  const finished = imp.finishedAt !== null;
  const started = imp.startedAt?.getTime();
  const elapsedSeconds = started === undefined ? 0 : ((imp.finishedAt ?? now).getTime() - started) / 1000;
  // Until the file is read to its end, its received size stands in for the total (exact unless gzip).
  const bytesTotal = imp.bytesTotal ?? (imp.sourceBytes !== null && imp.sourceBytes >= imp.bytesDone ? imp.sourceBytes : null);
  const fraction = imp.status === STATUS.succeeded || imp.status === STATUS.reverted ? 1
    : imp.status === STATUS.skipped ? null
    : bytesTotal ? Math.min(imp.bytesDone / bytesTotal, 0.999) : null;
  const bytesPerSecond = elapsedSeconds > 0 ? imp.bytesDone / elapsedSeconds : 0;
  return {
    id: imp.id,
    sourceName: imp.sourceName,
    sourceBytes: imp.sourceBytes,
    sha256: imp.sha256,
    status: imp.status,
    phase: stageOf(imp),
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
      percent: fraction === null ? null : Math.round(fraction * 1000) / 10,
      // Once finished, over the whole import (submission to end, merge included); while running, since it started.
      rowsPerSecond: finished && imp.timings.total ? Math.round(imp.rowsRead / (imp.timings.total / 1000))
        : elapsedSeconds > 0 ? Math.round(imp.rowsRead / elapsedSeconds) : null,
      etaSeconds: !finished && bytesTotal && bytesPerSecond > 0 ? Math.round((bytesTotal - imp.bytesDone) / bytesPerSecond) : null,
      mergeStep: imp.status === STATUS.running ? imp.mergeStep : null,
    },
    timingsMs: imp.timings,
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

/** Applied, with undo data kept and not dropped yet: revertImport may still refuse if products were written since. */
function isRevertible(imp: ImportRecord): boolean {
  return imp.status === STATUS.succeeded && imp.appliedAt !== null && imp.undoKeptUntil !== null && imp.undoDroppedAt === null;
}
