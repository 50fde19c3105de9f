import { delimiterName, resolveDialect } from '../csv/dialect.js';
import { UNSAFE_CHARACTERS, escapeUnsafe } from '../errors.js';
import type { ImportView } from '../imports/present.js';

/** Pure formatting for the terminal. */


/**
 * Text from data (names, SKUs, file names, messages) as the terminal may show it: what UNSAFE_CHARACTERS matches is written
 * as an escape (\x1b, \u202e), so that an escape sequence in a product name never reaches the terminal raw and a
 * line break in one never breaks a table. Every value of data the CLI prints goes through it.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A value as one line of JSON for --json: JSON.stringify escapes C0 controls but leaves DEL, C1 and the bidirectional
 * characters as they are; they are escaped too (still the same JSON value).
 */
export function jsonLine(value: unknown): string {
  return `${escapeUnsafe(JSON.stringify(value))}\n`;
}

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
  /** How much of the whole work is done, 0 to 1 (for an import: reading and merge, as the API weighs them); null when unknown. */
  fraction: number | null;
  bytesDone: number;
  bytesTotal: number | null;
  /** null when there is no current rate (an upload, a merge). */
  rowsPerSecond: number | null;
  etaMs: number | null;
}

/** One line of progress: bar and percent of the whole work, bytes read, rows/s, ETA and what is going on. */
export function progressLine(state: ProgressState, width = 24): string {
  const parts = [state.label];
  if (state.fraction !== null) {
    const fraction = Math.min(1, Math.max(0, state.fraction));
    const filled = Math.round(fraction * width);
    // Rounded down, as the API's percent: 100% only once it is done.
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`, `${String(Math.floor(fraction * 100)).padStart(3)}%`);
  }
  parts.push(state.bytesTotal ? `${formatBytes(state.bytesDone)}/${formatBytes(state.bytesTotal)}` : formatBytes(state.bytesDone));
  if (state.rowsPerSecond !== null) parts.push(`${formatCount(state.rowsPerSecond)} rows/s`);
  if (state.etaMs !== null) parts.push(`ETA ${formatMs(state.etaMs)}`);
  parts.push(state.phase);
  return parts.join('  ');
}

/** The human summary of a finished import, from what the API shows of it. */
export function importSummary(imp: ImportView): string {
  const dry = imp.options.dryRun;
  const head = `${printable(imp.sourceName)}: ${dry ? 'dry run' : 'import'} ${imp.id} ${imp.status}`;
  if (imp.status === 'failed' || imp.status === 'cancelled') return `${head}: ${printable(imp.error ?? imp.status)}`;
  if (imp.status === 'skipped') return `${head}: the same file as import ${imp.duplicateOf}, not processed again`;
  const t = imp.timingsMs;
  const c = imp.counts;
  const rate = t.total ? ` (${formatCount(c.rowsRead / (t.total / 1000))} rows/s)` : '';
  const [inserted, updated, unchanged, skipped, deleted] = [c.rowsInserted, c.rowsUpdated, c.rowsUnchanged, c.rowsSkipped, c.rowsDeleted].map(formatCount);
  const skipping = imp.options.onConflict === 'skip';
  const outcome = dry
    ? `would insert ${inserted}, update ${updated}, leave ${unchanged} unchanged${skipping ? `, skip ${skipped} existing` : ''}${imp.options.sync ? `, delete ${deleted}` : ''}`
    : `${inserted} inserted, ${updated} updated, ${unchanged} unchanged${skipping ? `, ${skipped} skipped (existing)` : ''}${imp.options.sync ? `, ${deleted} deleted (sync)` : ''}`;
  const lines = [
    head,
    `  rows    ${formatCount(c.rowsRead)} read, ${outcome}, ${formatCount(c.rowsSuperseded)} superseded, ${formatCount(c.rowsRejected)} rejected`,
    `  time    ${t.upload === null ? '' : `upload ${formatMs(t.upload)}, `}split ${formatMs(t.split)}, parse ${formatMs(t.parse)}, ` +
      `load ${formatMs(t.load)}, merge${dry ? ' (dry run)' : ''} ${formatMs(t.merge)}, total ${formatMs(t.total)}${rate}`,
  ];
  if (dry) lines.push(`  names   ${formatCount(imp.nameChanges ?? 0)} would change product count`);
  if (imp.sourceUrl !== null) lines.push(`  source  ${printable(imp.sourceUrl)} (read in place)`);
  if (imp.detected) lines.push(`  read as ${dialectLine(imp)}`);
  if (imp.profile !== null) lines.push(`  profile ${printable(imp.profile)}`);
  const mapped = imp.mappedColumns;
  if (mapped && Object.keys(imp.options.mapping).length > 0) {
    const pairs = Object.entries(mapped).filter(([, column]) => column !== null).map(([product, column]) => `${product} <- "${printable(column!)}"`);
    lines.push(`  columns ${pairs.join(', ')}`);
  }
  if (imp.ignoredColumns.length > 0) lines.push(`  ignored columns: ${imp.ignoredColumns.map(printable).join(', ')}`);
  if (imp.duplicateOf !== null) lines.push(`  note    the same file was imported before, by import ${imp.duplicateOf}`);
  if (imp.revert) {
    const r = imp.revert;
    lines.push(`  revert  ${formatCount(r.restored)} restored, ${formatCount(r.removed)} removed, ${formatCount(r.kept)} kept (written since)`);
  }
  return lines.join('\n');
}

/** The dialect an import was read with, and the server's suggestion when the file looks written otherwise. */
function dialectLine(imp: ImportView): string {
  const { encoding, delimiter } = resolveDialect(imp.options, imp.detected!);
  const used = `${encoding}, delimiter ${delimiterName(delimiter)}`;
  const s = imp.suggestion;
  if (!s) return used;
  const tries = [...(s.encoding ? [`encoding ${s.encoding}`] : []), ...(s.delimiter ? [`delimiter ${delimiterName(s.delimiter)}`] : [])];
  return `${used} (the file looks written with ${tries.join(' and ')}: try that)`;
}
