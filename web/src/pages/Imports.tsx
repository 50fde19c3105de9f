// Imports: every import, newest first, with its counts and times; kept current by the event stream of all imports
// (an import submitted elsewhere shows on the first page as it is submitted).
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { DryRunTag } from '../components/ImportViews';
import { Pager } from '../components/Pager';
import { Empty, Loaded } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { bytes, count, dateTime, duration } from '../format';
import { usePager, useResource } from '../hooks';
import { useImportEvents } from '../live';
import { href } from '../router';
import type { Import, ImportList } from '../types';
import { useUploadsInFlight } from '../uploads';

export const PAGE_SIZE = 25;

export function ImportsPage() {
  const pager = usePager('');
  const imports = useResource(
    (signal) => getJson<ImportList>('/imports', { limit: PAGE_SIZE, cursor: pager.cursor }, signal),
    [pager.cursor],
  );
  const uploading = useUploadsInFlight().length;
  // The latest state of every import the stream told of since the page loaded.
  const [live, setLive] = useState<ReadonlyMap<number, Import>>(new Map());
  useImportEvents((imp) => setLive((current) => new Map(current).set(imp.id, imp)));
  const current = (items: Import[]) => {
    const shown = items.map((i) => live.get(i.id) ?? i);
    if (pager.page !== 1) return shown;
    const newest = items[0]?.id ?? 0;
    const added = [...live.values()].filter((i) => i.id > newest).sort((a, b) => b.id - a.id);
    return [...added, ...shown].slice(0, PAGE_SIZE);
  };

  return (
    <>
      <div class="page-title">
        <h1>Imports</h1>
        <a class="button primary" href={href(['upload'])}>Upload files</a>
      </div>
      {uploading > 0 && (
        <p class="state state-note" data-uploading>
          Uploading {uploading === 1 ? '1 file' : `${uploading} files`}: {uploading === 1 ? 'it shows' : 'they show'} here once received. <a href={href(['upload'])}>See the upload</a>
        </p>
      )}
      <Loaded resource={imports}>
        {(page) => current(page.items).length === 0 && pager.page === 1
          ? <Empty>No imports yet. <a href={href(['upload'])}>Upload a file</a> to start one.</Empty>
          : (
            <>
              <ImportsTable imports={current(page.items)} />
              <Pager pager={pager} next={page.next} label="Imports" />
            </>
          )}
      </Loaded>
    </>
  );
}

export function ImportsTable({ imports, compact = false }: { imports: Import[]; compact?: boolean }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Imports table">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">Status</th>
            <th scope="col">File <span class="muted">(size, submitted)</span></th>
            <th scope="col" class="num">Rows</th>
            {!compact && (
              <>
                <th scope="col" class="num">Inserted</th>
                <th scope="col" class="num">Updated</th>
                <th scope="col" class="num">Unchanged</th>
                <th scope="col" class="num">Superseded</th>
                <th scope="col" class="num">Rejected</th>
                <th scope="col" class="num">Upload</th>
                <th scope="col" class="num">Split</th>
                <th scope="col" class="num">Load</th>
                <th scope="col" class="num">Merge</th>
              </>
            )}
            <th scope="col" class="num">Total</th>
            <th scope="col" class="num">Rows/s</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((imp) => (
            <tr key={imp.id}>
              <td class="num"><a href={href(['imports', imp.id])}>{imp.id}</a></td>
              <td class="status-cell"><StatusBadge status={imp.status} /> <DryRunTag imp={imp} /></td>
              <td class="file-cell">
                <a href={href(['imports', imp.id])} title={imp.sourceName}>{imp.sourceName}</a>
                <span class="muted small">{bytes(imp.sourceBytes)} · {dateTime(imp.createdAt)}</span>
              </td>
              <td class="num">{count(imp.counts.rowsRead)}</td>
              {!compact && (
                <>
                  <td class="num">{count(imp.counts.rowsInserted)}</td>
                  <td class="num">{count(imp.counts.rowsUpdated)}</td>
                  <td class="num">{count(imp.counts.rowsUnchanged)}</td>
                  <td class="num">{count(imp.counts.rowsSuperseded)}</td>
                  <td class="num">{count(imp.counts.rowsRejected)}</td>
                  <td class="num">{duration(imp.timingsMs.upload)}</td>
                  <td class="num">{duration(imp.timingsMs.split)}</td>
                  <td class="num">{duration(imp.timingsMs.load)}</td>
                  <td class="num">{duration(imp.timingsMs.merge)}</td>
                </>
              )}
              <td class="num">{duration(imp.timingsMs.total)}</td>
              <td class="num">{count(imp.progress.rowsPerSecond)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
