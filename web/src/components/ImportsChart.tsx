// Recent imports over time as columns, one per import, oldest on the left: how long each took, or the rows per
// second it achieved (rows over its total time, the figure its page shows). Failures are marked in red, dry runs
// drawn hollow; files too small for a rate to mean anything are left out and counted in the caption. Hand-made
// SVG: a few dozen rectangles need no charting library (nothing more to download, audit or keep up to date), and
// each column carries its figures as a tooltip and in the caption's list for screen readers.
import { count, dateTime, duration, rate } from '../format';
import { href, navigate } from '../router';
import type { Import } from '../types';

/** Fewer rows than this say more about fixed overheads than about a rate. */
export const TINY_ROWS = 1000;

export interface ImportsChartProps {
  imports: Import[];
  /** What each column shows. */
  measure: 'duration' | 'rate';
  label: string;
}

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 44;

export function ImportsChart({ imports, measure, label }: ImportsChartProps) {
  const finished = imports.filter((i) => i.finishedAt !== null && i.status !== 'skipped' && i.timingsMs.total !== null);
  const shown = finished.filter((i) => i.counts.rowsRead >= TINY_ROWS || i.status === 'failed').reverse(); // oldest first
  const tiny = finished.length - shown.length;
  const valueOf = (i: Import) => (measure === 'duration' ? i.timingsMs.total ?? 0 : i.status === 'failed' ? 0 : i.progress.rowsPerSecond ?? 0);
  const textOf = (i: Import) => (measure === 'duration' ? duration(i.timingsMs.total) : i.status === 'failed' ? 'failed' : rate(i.progress.rowsPerSecond));
  const max = Math.max(1, ...shown.map(valueOf));
  const slot = (WIDTH - AXIS) / Math.max(shown.length, 1);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const describe = (i: Import) =>
    `#${i.id} ${i.sourceName}${i.options.dryRun ? ' (dry run)' : ''}, ${dateTime(i.createdAt)}: ${i.status === 'failed' ? 'failed after ' + duration(i.timingsMs.total) : `${textOf(i)}, ${count(i.counts.rowsRead)} rows`}`;
  if (shown.length === 0) return <p class="state state-empty">No finished import of {count(TINY_ROWS)} rows or more yet.</p>;
  return (
    <figure class="chart" data-chart={measure}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 20}`} role="img" aria-label={label}>
        {[0.5, 1].map((f) => (
          <g key={f}>
            <line x1={AXIS} x2={WIDTH} y1={HEIGHT - f * (HEIGHT - 10)} y2={HEIGHT - f * (HEIGHT - 10)} class="chart-grid" />
            <text x={AXIS - 4} y={HEIGHT - f * (HEIGHT - 10) + 4} text-anchor="end" class="chart-text">
              {measure === 'duration' ? duration(max * f) : count(Math.round(max * f))}
            </text>
          </g>
        ))}
        <line x1={AXIS} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} class="chart-axis" />
        {shown.map((i, n) => {
          const h = Math.max(i.status === 'failed' ? 0 : 1, (valueOf(i) / max) * (HEIGHT - 10));
          const x = AXIS + n * slot + (slot - barWidth) / 2;
          return (
            <g key={i.id} data-import={i.id} data-failed={i.status === 'failed' ? '' : undefined} data-dry-run={i.options.dryRun ? '' : undefined}
              class="chart-column" onClick={() => navigate(href(['imports', i.id]))}>
              <title>{describe(i)}</title>
              <rect x={x} y={HEIGHT - h} width={barWidth} height={h} class={i.options.dryRun ? 'chart-bar-dry' : 'chart-bar'} />
              {i.status === 'failed' && (
                <path d={`M${x} ${HEIGHT - 12}l${barWidth} 10M${x + barWidth} ${HEIGHT - 12}l${-barWidth} 10`} class="chart-failed" />
              )}
            </g>
          );
        })}
        <text x={AXIS} y={HEIGHT + 15} class="chart-text">{dateTime(shown[0]!.createdAt)}</text>
        <text x={WIDTH} y={HEIGHT + 15} text-anchor="end" class="chart-text">{dateTime(shown[shown.length - 1]!.createdAt)}</text>
      </svg>
      <figcaption>
        {label}, oldest first: {shown.length} imports{tiny > 0 ? ` (${tiny} of fewer than ${count(TINY_ROWS)} rows left out)` : ''}.
        Red crosses: failed; hollow: dry runs.
        <ul class="visually-hidden">
          {shown.map((i) => <li key={i.id}><a href={href(['imports', i.id])}>{describe(i)}</a></li>)}
        </ul>
      </figcaption>
    </figure>
  );
}
