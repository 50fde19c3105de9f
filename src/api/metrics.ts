import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Pool } from '../db/pool.js';
import { QUEUE_SCHEMA } from '../jobs/queue.js';

const QUEUE_DEPTH = `SELECT name, count(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE state IN ('created', 'retry') GROUP BY name`;
const LAST_IMPORT = `
  SELECT upload_ms, read_ms, parse_ms, load_ms, merge_ms, total_ms, rows_read
    FROM imports WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1`;

/** Prometheus metrics: HTTP latency, cache hits and misses, uploads, and, read at scrape time, queue depth and
 * the phases and throughput of the last import (whichever worker ran it). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'lfp_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({ name: 'lfp_cache_hits_total', help: 'cached reads served from the cache', registers: [this.registry] });
  readonly cacheMisses = new Counter({ name: 'lfp_cache_misses_total', help: 'cached reads computed by the database', registers: [this.registry] });
  readonly cacheErrors = new Counter({ name: 'lfp_cache_errors_total', help: 'cache operations that failed (served by the database)', registers: [this.registry] });
  readonly uploads = new Counter({ name: 'lfp_uploads_total', help: 'files uploaded and queued', registers: [this.registry] });

  constructor(pool: Pool) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lfp_' });
    new Gauge({
      name: 'lfp_queue_depth',
      help: 'jobs waiting in each queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of (await pool.query<{ name: string; n: number }>(QUEUE_DEPTH)).rows) this.set({ queue: r.name }, r.n);
      },
    });
    new Gauge({
      name: 'lfp_last_import_phase_seconds',
      help: 'phase durations of the last succeeded import',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        const r = (await pool.query(LAST_IMPORT)).rows[0];
        if (!r) return;
        for (const phase of ['upload', 'read', 'parse', 'load', 'merge', 'total']) this.set({ phase }, (r[`${phase}_ms`] ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'lfp_last_import_rows_per_second',
      help: 'rows per second of the last succeeded import, end to end',
      registers: [this.registry],
      async collect() {
        const r = (await pool.query(LAST_IMPORT)).rows[0];
        if (r?.total_ms) this.set(r.rows_read / (r.total_ms / 1000));
      },
    });
  }

  cacheCounters() {
    return { hit: () => this.cacheHits.inc(), miss: () => this.cacheMisses.inc(), error: () => this.cacheErrors.inc() };
  }
}
