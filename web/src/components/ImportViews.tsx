// An import's live progress, its result counts and its phase timings: shown on the upload page and the detail page.
import { bytes, count, duration, percent, phase, plural, rate } from '../format';
import { href } from '../router';
import type { Import } from '../types';
import { ProgressBar } from './ProgressBar';

/** Rows, rows/s, ETA and phase while an import runs. Fixed-width numbers, so nothing moves as they change. */
export function ImportProgress({ imp }: { imp: Import }) {
  const p = imp.progress;
  return (
    <div class="import-progress">
      <ProgressBar value={imp.status === 'queued' ? 0 : p.percent} label={`Import ${imp.id} progress`} />
      <dl class="facts" aria-live="polite">
        <Fact term="Phase" value={phase(imp)} wide />
        <Fact term="Done" value={percent(p.percent)} />
        <Fact term="Rows" value={count(p.rowsDone)} />
        <Fact term="Speed" value={rate(p.rowsPerSecond)} />
        <Fact term="ETA" value={eta(imp)} />
        <Fact term="Read" value={`${bytes(p.bytesDone)} of ${bytes(p.bytesTotal)}`} wide />
      </dl>
    </div>
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

/** The time each phase took. Splitting and loading overlap, so the phases add up to more than the total. */
export function ImportTimings({ imp }: { imp: Import }) {
  const t = imp.timingsMs;
  return (
    <dl class="facts timings">
      <Fact term="Upload" value={duration(t.upload)} />
      <Fact term="Split" value={duration(t.split)} />
      <Fact term="Parse" value={duration(t.parse)} />
      <Fact term="Load" value={duration(t.load)} />
      <Fact term="Merge" value={duration(t.merge)} />
      <Fact term="Total" value={duration(t.total)} />
      <Fact term="Throughput" value={rate(imp.progress.rowsPerSecond)} />
      <Fact term="Merged by" value={imp.mergeStrategy ?? '-'} />
    </dl>
  );
}

/** Why an import failed, or that it was cancelled: red for a failure, neutral otherwise. */
export function ImportMessage({ imp }: { imp: Import }) {
  if (!imp.error) return null;
  return (
    <div class={`state ${imp.status === 'failed' ? 'state-error' : 'state-note'}`} role="alert" data-import-error>
      <strong>Import {imp.status}</strong>
      <span>{imp.error}</span>
    </div>
  );
}

/** Time left to read the file; the merge that follows is not estimated, so once loaded there is no ETA. */
function eta(imp: Import): string {
  const { etaSeconds, chunksDone, chunksTotal } = imp.progress;
  if (etaSeconds === null || (chunksTotal !== null && chunksDone === chunksTotal)) return '–';
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
