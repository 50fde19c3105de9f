// Overview: the catalogue's size, imports running (uploads included) and recent, charts of recent imports, the most
// common names. Refreshed by the event stream of all imports, not by polling.
import { useRef } from 'preact/hooks';
import { getJson } from '../api';
import { BarChart } from '../components/BarChart';
import { ImportsChart } from '../components/ImportsChart';
import { Empty, Loaded } from '../components/States';
import { count } from '../format';
import { useResource } from '../hooks';
import { useImportEvents } from '../live';
import { href } from '../router';
import type { AggregateList, ImportList, Stats } from '../types';
import { useUploadsInFlight } from '../uploads';
import { ImportsTable } from './Imports';

const RECENT = 8;
/** Reloads follow events at most this often: a running import changes twice a second. */
const RELOAD_AT_MOST_MS = 1000;

export function OverviewPage() {
  const stats = useResource((signal) => getJson<Stats>('/stats', undefined, signal), []);
  const imports = useResource((signal) => getJson<ImportList>('/imports', { limit: 50 }, signal), []);
  const names = useResource((signal) => getJson<AggregateList>('/aggregates', { limit: 20, sort: 'count' }, signal), []);
  const uploading = useUploadsInFlight().length;
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useImportEvents((imp) => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      stats.reload();
      imports.reload();
      if (imp.status === 'succeeded' || imp.status === 'reverted') names.reload();
    }, RELOAD_AT_MOST_MS);
  });

  return (
    <>
      <h1>Overview</h1>
      <Loaded resource={stats}>
        {(s) => {
          const by = s.importsByStatus;
          const dry = s.dryRunsByStatus;
          // This tab's uploads are among the server's, which counts every client's.
          const uploads = Math.max(s.uploadsInProgress, uploading);
          const queued = by.queued + dry.queued;
          const running = by.running + dry.running + queued + uploads;
          const notes = [uploads && `${count(uploads)} uploading`, queued && `${count(queued)} queued`].filter(Boolean).join(', ');
          return (
            <div class="tiles">
              <Tile label="Products" value={count(s.products)} />
              <Tile label="Distinct names" value={count(s.distinctNames)} />
              <Tile label="Imports running" value={count(running)} note={notes || undefined} />
              <Tile label="Imports succeeded" value={count(by.succeeded)} note={by.failed + by.cancelled ? `${count(by.failed)} failed, ${count(by.cancelled)} cancelled` : undefined} />
              <Tile label="Dry runs" value={count(dry.succeeded)} note={dry.failed ? `${count(dry.failed)} failed` : 'changed nothing'} />
            </div>
          );
        }}
      </Loaded>
      <div class="grid-2">
        <section class="card" aria-labelledby="durations-title">
          <h2 id="durations-title">Recent imports: time taken</h2>
          <Loaded resource={imports}>
            {(page) => <ImportsChart imports={page.items} measure="duration" label="Total time of each recent import" />}
          </Loaded>
        </section>
        <section class="card" aria-labelledby="rate-title">
          <h2 id="rate-title">Import rate</h2>
          <Loaded resource={imports}>
            {(page) => <ImportsChart imports={page.items} measure="rate" label="Rows per second of each recent import, over its total time" />}
          </Loaded>
        </section>
      </div>
      <section class="card" aria-labelledby="top-names-title">
        <h2 id="top-names-title">Top 20 names by products</h2>
        <Loaded resource={names}>
          {(page) => page.items.length === 0
            ? <Empty>No products yet.</Empty>
            : <BarChart
                label="Products per name, top 20"
                bars={page.items.map((a) => ({ label: a.name || '(empty)', value: a.productCount, text: count(a.productCount), href: href(['products'], { name: a.name }) }))}
              />}
        </Loaded>
      </section>
      <section class="card" aria-labelledby="recent-title">
        <div class="card-header">
          <h2 id="recent-title">Recent imports</h2>
          <a href={href(['imports'])}>All imports →</a>
        </div>
        <Loaded resource={imports}>
          {(page) => page.items.length === 0
            ? <Empty>No imports yet. <a href={href(['upload'])}>Upload a file</a> to start one.</Empty>
            : <ImportsTable imports={page.items.slice(0, RECENT)} compact />}
        </Loaded>
      </section>
    </>
  );
}

function Tile({ label, value, note }: { label: string; value: string; note?: string | undefined }) {
  return (
    <div class="tile">
      <span class="tile-label">{label}</span>
      <span class="tile-value num">{value}</span>
      <span class="tile-note">{note ?? '\u00a0'}</span>
    </div>
  );
}
