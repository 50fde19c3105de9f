import type { PgBoss } from 'pg-boss';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Pool } from '../db/pool.js';
import { QUEUES } from '../db/queue.js';
import { PHASES } from '../imports/model.js';
import { lastSucceededTimings } from '../imports/store.js';

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

  constructor(pool: Pool, boss: PgBoss) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lfp_' });
    new Gauge({
      name: 'lfp_queue_depth',
      help: 'jobs waiting in each queue, as pg-boss last counted them (every few seconds)',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of await boss.getQueues(Object.values(QUEUES))) this.set({ queue: queue.name }, queue.queuedCount);
      },
    });
    new Gauge({
      name: 'lfp_last_import_phase_seconds',
      help: 'phase durations of the last succeeded import',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        const last = await lastSucceededTimings(pool);
        if (!last) return;
        for (const phase of [...PHASES, 'total'] as const) this.set({ phase }, (last.timings[phase] ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'lfp_last_import_rows_per_second',
      help: 'rows per second of the last succeeded import, end to end',
      registers: [this.registry],
      async collect() {
        const last = await lastSucceededTimings(pool);
        if (last?.timings.total) this.set(last.rowsRead / (last.timings.total / 1000));
      },
    });
  }

  cacheCounters() {
    return { hit: () => this.cacheHits.inc(), miss: () => this.cacheMisses.inc(), error: () => this.cacheErrors.inc() };
  }
}
