// Imports: every import, newest first, with its counts and the time of each phase; refreshed while any runs.
import { getJson } from '../api';
import { DryRunTag } from '../components/ImportViews';
import { Pager } from '../components/Pager';
import { Empty, Loaded } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { bytes, count, dateTime, duration } from '../format';
import { usePager, useRefresh, useResource } from '../hooks';
import { href } from '../router';
import { isActive, type Import, type ImportList } from '../types';

export const PAGE_SIZE = 25;
const REFRESH_MS = 2000;

export function ImportsPage() {
  const pager = usePager('');
  const imports = useResource(
    (signal) => getJson<ImportList>('/imports', { limit: PAGE_SIZE, cursor: pager.cursor }, signal),
    [pager.cursor],
  );
  const active = imports.data?.items.some((i) => isActive(i.status));
  // Refresh only while something on the page is still moving.
  useRefresh(imports.reload, active ? REFRESH_MS : undefined);

  return (
    <>
      <div class="page-title">
        <h1>Imports</h1>
        <a class="button primary" href={href(['upload'])}>Upload files</a>
      </div>
      <Loaded resource={imports}>
        {(page) => page.items.length === 0 && pager.page === 1
          ? <Empty>No imports yet. <a href={href(['upload'])}>Upload a file</a> to start one.</Empty>
          : (
            <>
              <ImportsTable imports={page.items} />
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
