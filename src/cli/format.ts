import type { ImportRecord } from '../imports/store.js';

/** Pure formatting for the terminal. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export interface ProgressState {
  label: string;
  phase: string;
  bytesDone: number;
  bytesTotal: number | null;
  rows: number;
  elapsedMs: number;
}

/** One line of progress: bar, bytes, rows/s and ETA (when the size is known). */
export function progressLine(state: ProgressState, width = 24): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.rows / seconds : 0;
  const parts = [state.label];
  if (state.bytesTotal && state.bytesTotal > 0) {
    const fraction = Math.min(1, state.bytesDone / state.bytesTotal);
    const filled = Math.round(fraction * width);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`, `${String(Math.floor(fraction * 100)).padStart(3)}%`);
    parts.push(`${formatBytes(state.bytesDone)}/${formatBytes(state.bytesTotal)}`);
    const byteRate = seconds > 0 ? state.bytesDone / seconds : 0;
    if (byteRate > 0 && fraction < 1) parts.push(`ETA ${formatMs(((state.bytesTotal - state.bytesDone) / byteRate) * 1000)}`);
  } else {
    parts.push(formatBytes(state.bytesDone));
  }
  parts.push(`${formatCount(rate)} rows/s`, state.phase);
  return parts.join('  ');
}

/** The human summary of a finished import. */
export function importSummary(imp: ImportRecord): string {
  const head = `${imp.sourceName}: import ${imp.id} ${imp.status}`;
  if (imp.status === 'failed' || imp.status === 'cancelled') return `${head}: ${imp.error ?? imp.status}`;
  const t = imp.timings;
  const rate = t.totalMs ? ` (${formatCount(imp.rowsRead / (t.totalMs / 1000))} rows/s)` : '';
  const lines = [
    head,
    `  rows    ${formatCount(imp.rowsRead)} read, ${formatCount(imp.rowsInserted)} inserted, ${formatCount(imp.rowsUpdated)} updated, ` +
      `${formatCount(imp.rowsUnchanged)} unchanged, ${formatCount(imp.rowsSuperseded)} superseded, ${formatCount(imp.rowsRejected)} rejected`,
    `  time    ${t.uploadMs === null ? '' : `upload ${formatMs(t.uploadMs)}, `}split ${formatMs(t.readMs)}, parse ${formatMs(t.parseMs)}, ` +
      `load ${formatMs(t.loadMs)}, merge ${formatMs(t.mergeMs)}, total ${formatMs(t.totalMs)}${rate}`,
  ];
  if (imp.ignoredColumns.length > 0) lines.push(`  ignored columns: ${imp.ignoredColumns.join(', ')}`);
  return lines.join('\n');
}
