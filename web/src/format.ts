// How numbers, sizes, durations and times read everywhere in the dashboard.
import type { Import } from './types';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1234567 → "1,234,567"; null → "–". */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : integer.format(n);
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${decimal.format(value)} ${units[unit]}`;
}

/** 850 → "850 ms", 4962 → "4.96 s", 125000 → "2 min 5 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function rate(rowsPerSecond: number | null | undefined): string {
  return rowsPerSecond === null || rowsPerSecond === undefined ? '–' : `${integer.format(rowsPerSecond)} rows/s`;
}

export function percent(p: number | null | undefined): string {
  return p === null || p === undefined ? '–' : `${decimal.format(p)} %`;
}

/** A local date and time, to the minute: "2026-11-24 07:14". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local date and time to the second, for when something happened exactly: "2026-11-24 07:14:05". */
export function exactTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return `${dateTime(iso)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/**
 * What an import is doing, as the API reports it: the file is read and split while chunks already load; once every
 * chunk is loaded the import waits for the imports submitted before it (they merge first), then merges. Every phase
 * of the API's (generated) type has a case: one added on the server does not compile here until it reads.
 */
export function phase(imp: Import): string {
  const { chunksDone, chunksTotal } = imp.progress;
  switch (imp.phase) {
    case 'queued': return 'Queued';
    case 'split': return 'Splitting and loading';
    case 'load': return chunksTotal === null ? 'Loading' : `Loading chunk ${count(Math.min(chunksDone + 1, chunksTotal))} of ${count(chunksTotal)}`;
    case 'waiting': return 'Waiting for earlier imports';
    case 'merge': {
      const { mergeStep, mergeStepPercent } = imp.progress;
      if (imp.options.dryRun) return 'Working out what would change';
      return mergeStep ? `Merging: ${mergeStep}${mergeStepPercent !== null ? ` (${mergeStepPercent} %)` : ''}` : 'Merging';
    }
    case null: return imp.status.charAt(0).toUpperCase() + imp.status.slice(1);
  }
}

/** How many results a list has: "463,901 products", "about 464,000 products", "more than 10,000 products". */
export function resultCount(total: { count: number; kind: 'exact' | 'estimate' | 'at-least' }, one: string, many = `${one}s`): string {
  const noun = total.count === 1 && total.kind === 'exact' ? one : many;
  if (total.kind === 'exact') return `${count(total.count)} ${noun}`;
  if (total.kind === 'at-least') return `more than ${count(total.count)} ${noun}`;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(total.count, 1))) - 2); // three significant digits
  return `about ${count(Math.round(total.count / magnitude) * magnitude)} ${noun}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
