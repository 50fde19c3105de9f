// One import: live progress while it runs, its counts (or for a dry run what it would do), its options, phase
// timings and error, cancel, retry and revert, rejected rows.
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, download, getJson, sendJson, watchImport } from '../api';
import { apiKey } from '../auth';
import { FileProblem, type DialectFix } from '../components/FileProblem';
import { DuplicateNote, OptionsFacts } from '../components/ImportNotes';
import { DryRunSummary, DryRunTag, Fact, ImportCounts, ImportProgress, ImportTimings } from '../components/ImportViews';
import { NameChanges } from '../components/NameChanges';
import { Pager } from '../components/Pager';
import { RevertSection } from '../components/Revert';
import { Empty, ErrorBox, Loaded, Loading } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { bytes, count, dateTime, exactTime, plural } from '../format';
import { usePager, useResource } from '../hooks';
import { href } from '../router';
import { isActive, type ErrorSummary, type Import, type ImportErrorList } from '../types';
import { PAGE_SIZE } from './Imports';

export function ImportDetailPage({ id }: { id: number }) {
  const [imp, setImp] = useState<Import>();
  const [error, setError] = useState<Error>();
  const [action, setAction] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  // Bumped by a retry, which makes a finished import run again: watching starts over.
  const [run, setRun] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    getJson<Import>(`/imports/${id}`, undefined, controller.signal)
      .then((loaded) => {
        setImp(loaded);
        if (isActive(loaded.status)) return watchImport(id, setImp, controller.signal);
        return undefined;
      })
      .catch((e: Error) => !controller.signal.aborted && setError(e));
    return () => controller.abort();
  }, [id, run]);

  const act = async (verb: 'cancel' | 'retry', fix?: DialectFix) => {
    setAction({ busy: true });
    try {
      setImp(await sendJson<Import>('POST', `/imports/${id}/${verb}`, undefined, fix ? { dialect: fix.kind } : undefined));
      setAction({ busy: false });
      if (verb === 'retry') setRun((r) => r + 1);
    } catch (e) {
      setAction({ busy: false, error: e as Error });
    }
  };

  if (!imp) return error ? <ErrorBox error={error} /> : <Loading />;
  const active = isActive(imp.status);
  const retryable = imp.status === 'failed' || imp.status === 'cancelled';
  return (
    <>
      <p class="breadcrumb"><a href={href(['imports'])}>Imports</a> / #{imp.id}</p>
      <div class="page-title">
        <h1 class="file-name" title={imp.sourceName}>{imp.sourceName}</h1>
        <StatusBadge status={imp.status} />
        <DryRunTag imp={imp} />
        {/* Only the actions that can apply: none on a succeeded import (its revert has a section of its own). */}
        {(active || retryable) && (
          <div class="actions">
            {active && <button type="button" onClick={() => act('cancel')} disabled={action.busy}>Cancel import</button>}
            {retryable && <button type="button" onClick={() => act('retry')} disabled={action.busy}>Retry import</button>}
          </div>
        )}
      </div>
      {action.error && <ErrorBox error={action.error} title="The action failed" />}
      {error && <ErrorBox error={error} title="Live updates stopped" />}
      <FileProblem imp={imp} busy={action.busy} onFix={retryable ? (fix) => act('retry', fix) : undefined} />
      <DuplicateNote imp={imp} />
      {/* The counts of a running import are not final (inserted and the like come with the merge). */}
      {active ? (
        <section class="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <ImportProgress imp={imp} />
        </section>
      ) : imp.options.dryRun && imp.status === 'succeeded' ? (
        <DryRunResult imp={imp} />
      ) : (
        <section class="card" aria-labelledby="result-title">
          <h2 id="result-title">Result</h2>
          <ImportCounts imp={imp} />
        </section>
      )}
      <RevertSection imp={imp} onReverted={setImp} />
      <section class="card" aria-labelledby="options-title">
        <h2 id="options-title">Options</h2>
        <OptionsFacts imp={imp} />
      </section>
      {!active && imp.status !== 'skipped' && (
        <section class="card" aria-labelledby="timings-title">
          <h2 id="timings-title">Time</h2>
          <ImportTimings imp={imp} />
        </section>
      )}
      <section class="card" aria-labelledby="file-title">
        <h2 id="file-title">File</h2>
        <dl class="facts">
          <Fact term="Size" value={bytes(imp.sourceBytes)} />
          {imp.sourceUrl !== null && <Fact term="Read in place" value={imp.sourceUrl} wide code />}
          <Fact term="Submitted" value={dateTime(imp.createdAt)} />
          <Fact term="Started" value={exactTime(imp.startedAt)} />
          <Fact term="Finished" value={exactTime(imp.finishedAt)} />
          <Fact term="Columns" value={imp.columns?.join(', ') || '–'} wide />
          {imp.profile !== null && <Fact term="Profile" value={imp.profile} />}
          {Object.keys(imp.options.mapping).length > 0 && imp.mappedColumns && (
            <Fact term="Mapped columns" value={Object.entries(imp.mappedColumns).filter(([, c]) => c !== null).map(([p, c]) => `${p} from "${c}"`).join(', ')} wide />
          )}
          {imp.options.onConflict === 'skip' && <Fact term="Existing products" value="left as they were (skip)" wide />}
          {imp.options.sync && <Fact term="Sync" value={`products the file does not list deleted; at most ${imp.options.maxDeletePercent}%`} wide />}
          {imp.ignoredColumnCount > 0 && (
            <Fact term="Ignored columns" value={imp.ignoredColumns.join(', ') + (imp.ignoredColumnCount > imp.ignoredColumns.length ? ` and ${imp.ignoredColumnCount - imp.ignoredColumns.length} more` : '')} wide />
          )}
          <Fact term="SHA-256" value={imp.sha256 ?? '–'} wide code />
        </dl>
      </section>
      <RejectedRows imp={imp} />
    </>
  );
}

/** A dry run's counts are what the import would do; the names it would change are listed. */
function DryRunResult({ imp }: { imp: Import }) {
  return (
    <section class="card" aria-labelledby="result-title">
      <h2 id="result-title">What this import would do</h2>
      <DryRunSummary imp={imp} />
      <ImportCounts imp={imp} />
      <p class="hint">Nothing was applied. To apply it, upload the file again without Dry run (the upload page's card of this dry run has an Import for real button).</p>
      <NameChanges imp={imp} pageSize={PAGE_SIZE} />
    </section>
  );
}

function RejectedRows({ imp }: { imp: Import }) {
  const [reason, setReason] = useState<string>();
  const pager = usePager(`${imp.id}:${reason ?? ''}`);
  // Rejected rows arrive as chunks load: while the import runs, each change of the count reloads the page.
  const rows = useResource(
    (signal) => getJson<ImportErrorList>(`/imports/${imp.id}/errors`, { limit: PAGE_SIZE, cursor: pager.cursor, reason }, signal),
    [imp.id, pager.cursor, reason, imp.counts.rowsRejected],
  );
  const summary = useResource(
    (signal) => imp.counts.rowsRejected === 0
      ? Promise.resolve<ErrorSummary>({ total: 0, reasons: [] })
      : getJson<ErrorSummary>(`/imports/${imp.id}/errors/summary`, undefined, signal),
    [imp.id, imp.counts.rowsRejected],
  );
  const reasons = summary.data?.reasons ?? [];
  return (
    <section class="card" aria-labelledby="rejected-title">
      <div class="card-header">
        <h2 id="rejected-title">Rejected rows <span class="muted num">({count(imp.counts.rowsRejected)})</span></h2>
        {imp.counts.rowsRejected > 0 && <DownloadLink imp={imp} reason={reason} />}
      </div>
      {reasons.length > 0 && (
        <div role="group" aria-label="Rejected rows by reason" data-reasons>
          <p class="muted small">By reason (choose one to list only its rows):</p>
          <ul class="reasons">
            {reasons.map((r) => (
              <li key={r.reason}>
                <button type="button" aria-pressed={reason === r.reason} onClick={() => setReason(reason === r.reason ? undefined : r.reason)} data-reason={r.reason}>
                  {r.reason} <span class="num">({plural(r.rows, 'row')})</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Loaded resource={rows}>
        {(page) => page.items.length === 0
          ? <Empty>No rejected rows.</Empty>
          : (
            <>
              <div class="table-scroll" tabIndex={0} role="region" aria-label="Rejected rows table">
                <table class="rejected">
                  <thead>
                    <tr>
                      <th scope="col" class="num">Line</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Row as read</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((e) => (
                      <tr key={e.line}>
                        <td class="num">{count(e.line)}</td>
                        <td>{e.reason}</td>
                        <td><code class="raw">{e.raw}</code></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pager={pager} next={page.next} label="Rejected rows" />
            </>
          )}
      </Loaded>
    </section>
  );
}

/**
 * The CSV of every rejected row. A plain link streams it to disk; with an API key the link cannot carry the
 * header, so the file comes through fetch instead (and is held in memory until saved).
 */
function DownloadLink({ imp, reason }: { imp: Import; reason: string | undefined }) {
  const [error, setError] = useState<Error>();
  const fileName = `import-${imp.id}-errors.csv`;
  const query = { format: 'csv', reason };
  return (
    <span class="download">
      <a
        class="button"
        href={apiUrl(`/imports/${imp.id}/errors`, query)}
        download={fileName}
        onClick={(event) => {
          if (!apiKey()) return;
          event.preventDefault();
          download(`/imports/${imp.id}/errors`, query, fileName).catch(setError);
        }}
      >
        {reason ? 'Download these as CSV' : 'Download CSV'}
      </a>
      {error && <ErrorBox error={error} title="Download failed" />}
    </span>
  );
}
