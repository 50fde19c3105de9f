import type { ImportRecord } from './store.js';

/** An import as the API shows it, with live progress derived from its counters. Pure. */
export function presentImport(imp: ImportRecord, now: Date) {
  const finished = imp.finishedAt !== null;
  const started = imp.startedAt?.getTime();
  const elapsedSeconds = started === undefined ? 0 : ((imp.finishedAt ?? now).getTime() - started) / 1000;
  // Until the file is read to its end, its received size stands in for the total (exact unless gzip).
  const bytesTotal = imp.bytesTotal ?? (imp.sourceBytes !== null && imp.sourceBytes >= imp.bytesDone ? imp.sourceBytes : null);
  const fraction = imp.status === 'succeeded' || imp.status === 'reverted' ? 1
    : imp.status === 'skipped' ? null
    : bytesTotal ? Math.min(imp.bytesDone / bytesTotal, 0.999) : null;
  const bytesPerSecond = elapsedSeconds > 0 ? imp.bytesDone / elapsedSeconds : 0;
  const t = imp.timings;
  return {
    id: imp.id,
    sourceName: imp.sourceName,
    sourceBytes: imp.sourceBytes,
    sha256: imp.sha256,
    status: imp.status,
    phase: phaseOf(imp),
    options: imp.options,
    detected: imp.detected,
    duplicateOf: imp.duplicateOf,
    columns: imp.columns,
    ignoredColumns: imp.ignoredColumns,
    ignoredColumnCount: imp.ignoredColumnCount,
    counts: {
      rowsRead: imp.rowsRead,
      rowsRejected: imp.rowsRejected,
      rowsInserted: imp.rowsInserted,
      rowsUpdated: imp.rowsUpdated,
      rowsUnchanged: imp.rowsUnchanged,
      rowsSuperseded: imp.rowsSuperseded,
    },
    progress: {
      bytesDone: imp.bytesDone,
      bytesTotal,
      rowsDone: imp.rowsRead,
      chunksDone: imp.chunksDone,
      chunksTotal: imp.chunksTotal,
      percent: fraction === null ? null : Math.round(fraction * 1000) / 10,
      rowsPerSecond: elapsedSeconds > 0 ? Math.round(imp.rowsRead / elapsedSeconds) : null,
      etaSeconds: !finished && bytesTotal && bytesPerSecond > 0 ? Math.round((bytesTotal - imp.bytesDone) / bytesPerSecond) : null,
    },
    timingsMs: { upload: t.uploadMs, split: t.readMs, parse: t.parseMs, load: t.loadMs, merge: t.mergeMs, total: t.totalMs },
    error: imp.error,
    createdAt: imp.createdAt.toISOString(),
    startedAt: imp.startedAt?.toISOString() ?? null,
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    nameChanges: imp.options.dryRun && imp.status === 'succeeded' ? imp.namesChanged : null,
    revertible: isRevertible(imp),
    revert: imp.revert && { ...imp.revert, revertedAt: imp.revert.revertedAt.toISOString() },
  };
}

/** Applied, with undo data kept and not dropped yet: revertImport may still refuse if products were written since. */
function isRevertible(imp: ImportRecord): boolean {
  return imp.status === 'succeeded' && imp.appliedAt !== null && imp.undoKeptUntil !== null && imp.undoDroppedAt === null;
}

type Phase = 'queued' | 'splitting' | 'loading' | 'waiting' | 'merging';

/**
 * Where an unfinished import is: queued; splitting (reading the file, its first chunks loading meanwhile); loading
 * the last chunks; waiting for imports submitted before it; merging (a dry run: computing what it would do).
 */
function phaseOf(imp: ImportRecord): Phase | null {
  if (imp.status === 'queued') return 'queued';
  if (imp.status !== 'running') return null;
  if (imp.chunksTotal === null) return 'splitting';
  if (imp.chunksDone < imp.chunksTotal) return 'loading';
  return imp.waiting ? 'waiting' : 'merging';
}
