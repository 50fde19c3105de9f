// An import's live progress, its result counts and its phase timings: shown on the upload page and the detail page.
import { useEffect, useState } from 'preact/hooks';
import { bytes, count, duration, percent, phase, plural, rate } from '../format';
import { href } from '../router';
import type { Import, TimelineSpan } from '../types';
import { ProgressBar } from './ProgressBar';

/**
 * Step list, whole-import percent and ETA (the server's, merge included), elapsed time, rows and the current speed
 * while an import runs. Fixed-width numbers, so nothing moves as they change.
 */
export function ImportProgress({ imp }: { imp: Import }) {
  const p = imp.progress;
  const now = useNow(1000);
  const start = Date.parse(imp.createdAt) - (imp.timingsMs.upload ?? 0);
  return (
    <div class="import-progress">
      <ProgressBar value={imp.status === 'queued' ? 0 : p.percent} label={`Import ${imp.id} progress`} />
      <ImportSteps imp={imp} />
      <dl class="facts" aria-live="polite">
        <Fact term="Phase" value={phase(imp)} wide />
        <Fact term="Done" value={percent(p.percent)} />
        <Fact term="Elapsed" value={duration(Math.max(0, now - start))} />
        <Fact term="ETA" value={eta(imp)} />
        <Fact term="Rows" value={count(p.rowsDone)} />
        <Fact term="Speed" value={rate(p.rowsPerSecond)} />
        <Fact term="Read" value={`${bytes(p.bytesDone)} of ${bytes(p.bytesTotal)}`} wide />
      </dl>
    </div>
  );
}

/** The time, every `ms`: a clock that ticks while the component is shown. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

type StepState = 'done' | 'running' | 'pending';

const STEP_LABELS: Record<TimelineSpan['step'], string> = {
  upload: 'Upload',
  queued: 'Queued',
  split: 'Read and split the file',
  load: 'Load chunks',
  waiting: 'Wait for earlier imports',
  merge: 'Merge into products',
};

/**
 * The steps of an import in order, each done, running or still to come, with the time it took (from the API's
 * timeline); the merge names what it is doing. Split and load run side by side, so both may show as running.
 */
export function ImportSteps({ imp }: { imp: Import }) {
  const spans = new Map(imp.timeline.map((s) => [s.step, s]));
  const stateOf = (step: TimelineSpan['step']): StepState => {
    const span = spans.get(step);
    if (!span) return 'pending';
    const open = span.endMs === null && (imp.status === 'running' || (step === 'queued' && imp.status === 'queued'));
    return open ? 'running' : 'done';
  };
  const steps: TimelineSpan['step'][] = ['upload', 'queued', 'split', 'load', ...(spans.has('waiting') ? ['waiting' as const] : []), 'merge'];
  return (
    <ol class="steps" aria-label="Steps">
      {steps.map((step) => {
        const state = stateOf(step);
        const span = spans.get(step);
        const { mergeStep, mergeStepPercent } = imp.progress;
        const detail = step === 'merge' && state === 'running' && mergeStep
          ? `${mergeStep}${mergeStepPercent !== null ? ` (${mergeStepPercent} %)` : ''}`
          : step === 'load' && imp.progress.chunksTotal !== null ? `${count(imp.progress.chunksDone)} of ${plural(imp.progress.chunksTotal, 'chunk')}`
          : undefined;
        return (
          <li key={step} class={`step step-${state}`} data-step={step} data-state={state}>
            <span class="step-mark" aria-hidden="true">{state === 'done' ? '✓' : state === 'running' ? '▸' : '○'}</span>
            <span class="step-label">{STEP_LABELS[step]}</span>
            <span class="visually-hidden">: {state === 'done' ? 'done' : state === 'running' ? 'running' : 'to come'}</span>
            {detail && <span class="step-detail muted">{detail}</span>}
            {span && span.endMs !== null && <span class="step-time num muted">{duration(span.endMs - span.startMs)}</span>}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * When each step ran, as horizontal bars on one time axis: the load runs beside the split, so the bars overlap and
 * the phases add up to more than the total. Hand-made SVG: a few rectangles need no charting library, and the
 * same figures are in the list beside it for screen readers.
 */
export function PhaseTimeline({ imp }: { imp: Import }) {
  const spans = imp.timeline.filter((s) => s.endMs !== null) as (TimelineSpan & { endMs: number })[];
  if (spans.length === 0) return null;
  const end = Math.max(...spans.map((s) => s.endMs), 1);
  const rowHeight = 22;
  const labelWidth = 150;
  const width = 600;
  const scale = (ms: number) => labelWidth + (ms / end) * (width - labelWidth - 70);
  return (
    <figure class="timeline" data-timeline>
      <svg viewBox={`0 0 ${width} ${spans.length * rowHeight + 20}`} role="img" aria-labelledby={`timeline-${imp.id}-caption`}>
        {spans.map((s, i) => (
          <g key={s.step} data-span={s.step}>
            <text x={0} y={i * rowHeight + 15} class="timeline-label">{STEP_LABELS[s.step]}</text>
            <rect x={scale(s.startMs)} y={i * rowHeight + 4} width={Math.max(2, scale(s.endMs) - scale(s.startMs))} height={rowHeight - 8} rx={2} class={`timeline-bar timeline-${s.step}`} />
            <text x={scale(s.endMs) + 4} y={i * rowHeight + 15} class="timeline-value">{duration(s.endMs - s.startMs)}</text>
          </g>
        ))}
        <line x1={labelWidth} x2={scale(end)} y1={spans.length * rowHeight + 4} y2={spans.length * rowHeight + 4} class="timeline-axis" />
        <text x={labelWidth} y={spans.length * rowHeight + 17} class="timeline-value">0</text>
        <text x={scale(end)} y={spans.length * rowHeight + 17} class="timeline-value" text-anchor="end">{duration(end)}</text>
      </svg>
      <figcaption id={`timeline-${imp.id}-caption`}>
        From the start of the upload to the end: {duration(end)}.{' '}
        {spans.map((s) => `${STEP_LABELS[s.step]} ${duration(s.startMs)} to ${duration(s.endMs)}`).join('; ')}.
      </figcaption>
    </figure>
  );
}

/** What the import did to the products; `linkRejected` links the rejected count to the import's page. */
export function ImportCounts({ imp, linkRejected = false }: { imp: Import; linkRejected?: boolean }) {
  const c = imp.counts;
  return (
    <dl class="facts counts">
      <Fact term="Rows read" value={count(c.rowsRead)} />
      <Fact term="Inserted" value={count(c.rowsInserted)} />
      <Fact term="Updated" value={count(c.rowsUpdated)} />
      <Fact term="Unchanged" value={count(c.rowsUnchanged)} />
      <Fact term="Superseded" value={count(c.rowsSuperseded)} />
      {imp.options.onConflict === 'skip' && <Fact term="Skipped (existing)" value={count(c.rowsSkipped)} />}
      {imp.options.sync && <Fact term="Deleted (sync)" value={count(c.rowsDeleted)} />}
      <div class="fact">
        <dt>Rejected</dt>
        <dd class="num">
          {linkRejected && c.rowsRejected > 0
            ? <a href={href(['imports', imp.id])} aria-label={`${count(c.rowsRejected)} rejected rows of import ${imp.id}`}>{count(c.rowsRejected)}</a>
            : count(c.rowsRejected)}
        </dd>
      </div>
    </dl>
  );
}

/**
 * A finished dry run, in one sentence: "Dry run: would insert 5, update 2, leave 1 unchanged; 1 superseded,
 * 0 rejected; 3 names would change count".
 */
export function DryRunSummary({ imp }: { imp: Import }) {
  const c = imp.counts;
  const names = imp.nameChanges ?? 0;
  return (
    <p class="dry-run-summary" data-dry-run-summary>
      <strong>Dry run:</strong> would insert {count(c.rowsInserted)}, update {count(c.rowsUpdated)}, leave {count(c.rowsUnchanged)} unchanged;{' '}
      {imp.options.onConflict === 'skip' && <>leave {count(c.rowsSkipped)} existing as they are; </>}
      {imp.options.sync && <>delete {count(c.rowsDeleted)} the file does not list; </>}
      {count(c.rowsSuperseded)} superseded, {count(c.rowsRejected)} rejected; {plural(names, 'name')} would change count
    </p>
  );
}

/** Beside a status: this import changes nothing. */
export function DryRunTag({ imp }: { imp: Import }) {
  return imp.options.dryRun ? <span class="tag" data-dry-run>dry run</span> : null;
}

/**
 * A finished import's time: the total (submission to end), one throughput (rows over that total) and how it merged;
 * then when each step ran, on one time line, instead of phase figures that overlap and so do not add up.
 */
export function ImportTimings({ imp }: { imp: Import }) {
  const t = imp.timingsMs;
  return (
    <>
      <dl class="facts timings">
        <Fact term="Total" value={duration(t.total)} />
        <Fact term="Throughput" value={rate(imp.progress.rowsPerSecond)} />
        <Fact term="Merged by" value={imp.mergeStrategy ?? '–'} />
      </dl>
      <PhaseTimeline imp={imp} />
    </>
  );
}

/** Time left until the whole import ends, as the server estimates it; unknown while it waits for earlier imports. */
function eta(imp: Import): string {
  const { etaSeconds } = imp.progress;
  if (etaSeconds === null) return imp.phase === 'waiting' ? 'after earlier imports' : '–';
  return etaSeconds < 1 ? 'under 1 s' : duration(etaSeconds * 1000);
}

export function Fact({ term, value, wide = false, code = false }: { term: string; value: string; wide?: boolean; code?: boolean }) {
  return (
    <div class={`fact${wide ? ' fact-wide' : ''}`}>
      <dt>{term}</dt>
      <dd class="num">{code ? <code>{value}</code> : value}</dd>
    </div>
  );
}
