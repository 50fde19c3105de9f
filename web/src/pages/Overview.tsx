// Overview: the catalogue's size, imports running and recent, the most common names, recent throughput.
import { getJson } from '../api';
import { BarChart } from '../components/BarChart';
import { Empty, Loaded } from '../components/States';
import { count, rate } from '../format';
import { useRefresh, useResource } from '../hooks';
import { href } from '../router';
import type { AggregateList, ImportList, Stats } from '../types';
import { ImportsTable } from './Imports';

const REFRESH_MS = 5000;
const RECENT = 8;
const THROUGHPUT_OF = 10;

export function OverviewPage() {
  const stats = useResource((signal) => getJson<Stats>('/stats', undefined, signal), []);
  const imports = useResource((signal) => getJson<ImportList>('/imports', { limit: 50 }, signal), []);
  const names = useResource((signal) => getJson<AggregateList>('/aggregates', { limit: 20, sort: 'count' }, signal), []);
  useRefresh(stats.reload, REFRESH_MS);
  useRefresh(imports.reload, REFRESH_MS);
  useRefresh(names.reload, REFRESH_MS);

  return (
    <>
      <h1>Overview</h1>
      <Loaded resource={stats}>
        {(s) => {
          const by = s.importsByStatus;
          return (
            <div class="tiles">
              <Tile label="Products" value={count(s.products)} />
              <Tile label="Distinct names" value={count(s.distinctNames)} />
              <Tile label="Imports running" value={count(by.running + by.queued)} note={by.queued ? `${count(by.queued)} queued` : undefined} />
              <Tile label="Imports succeeded" value={count(by.succeeded)} note={by.failed + by.cancelled ? `${count(by.failed)} failed, ${count(by.cancelled)} cancelled` : undefined} />
            </div>
          );
        }}
      </Loaded>
      <div class="grid-2">
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
        <section class="card" aria-labelledby="throughput-title">
          <h2 id="throughput-title">Throughput of the last imports</h2>
          <Loaded resource={imports}>
            {(page) => {
              const done = page.items.filter((i) => i.status === 'succeeded').slice(0, THROUGHPUT_OF);
              return done.length === 0
                ? <Empty>No import has succeeded yet.</Empty>
                : <BarChart
                    label="Rows per second of the last succeeded imports"
                    bars={done.map((i) => ({ label: `#${i.id} ${i.sourceName}`, value: i.progress.rowsPerSecond ?? 0, text: rate(i.progress.rowsPerSecond), href: href(['imports', i.id]) }))}
                  />;
            }}
          </Loaded>
        </section>
      </div>
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
