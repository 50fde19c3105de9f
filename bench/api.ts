/**
 * npm run bench:api: does the API stay fast while an import runs? Starts `lfp start` (the API, with its worker in a
 * child process) on a database holding the 500,000-row catalogue, then measures GET /api/products?limit=50 and
 * GET /api/aggregates?limit=50 with autocannon from this process: idle, and while a 500,000-row import (every
 * product renamed: the heaviest merge) runs; with the cache (Redis) and without (LFP_CACHE=off).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { loadConfig } from '../src/config.js';
import { formatCount } from '../src/cli/format.js';
import { createPool } from '../src/db/pool.js';
import { migrate } from '../src/db/migrate.js';
import { ingest } from '../src/ingest/engine.js';
import { mergeSettings } from '../src/ingest/merge.js';
import { createLogger } from '../src/log.js';
import { benchFile, recreateDatabase, warnOfUnsupportedNode } from './support.js';

const ROWS = 500_000;
const PORT = 3219;
const SECONDS = 6;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENDPOINTS = ['/api/products?limit=50', '/api/aggregates?limit=50'];

async function freshDatabase(seedFile: string): Promise<string> {
  const url = await recreateDatabase('lfp_bench_api');
  const pool = createPool(url, 4);
  await migrate(pool);
  const config = loadConfig({});
  await ingest(pool, createReadStream(seedFile), {
    sourceName: 'seed.csv', sourceBytes: (await stat(seedFile)).size, chunkBytes: config.chunkBytes, concurrency: 2,
    merge: mergeSettings(config), log: createLogger('warn'),
  });
  await pool.end();
  return url;
}

async function startService(url: string, cache: 'on' | 'off'): Promise<ChildProcess> {
  await rm('bench/data/lfp-api', { recursive: true, force: true });
  const child = spawn(process.execPath, ['bin/lfp.js', 'start', '--port', String(PORT)], {
    env: { ...process.env, DATABASE_URL: url, LFP_DATA_DIR: 'bench/data/lfp-api', REDIS_URL, LFP_CACHE: cache, LFP_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('lfp start did not become ready');
}

/** Uploads a file with a streaming request, as a client would; resolves with the import id. */
function upload(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, method: 'POST', path: '/api/imports', headers: { 'content-type': 'text/csv' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 202 ? resolve(JSON.parse(body).id) : reject(new Error(body))));
    });
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

async function importStatus(id: number): Promise<string> {
  return ((await (await fetch(`http://127.0.0.1:${PORT}/api/imports/${id}`)).json()) as { status: string }).status;
}

async function cacheCounts(): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? 0);
  return { hits: read('lfp_cache_hits_total'), misses: read('lfp_cache_misses_total') };
}

async function measure(path: string): Promise<autocannon.Result> {
  return autocannon({ url: `http://127.0.0.1:${PORT}${path}`, connections: 4, duration: SECONDS });
}

async function main(): Promise<void> {
  warnOfUnsupportedNode();
  const seed = await benchFile(ROWS, 1);
  const renamed = await benchFile(ROWS, 2);
  console.log(`API latency while importing: ${formatCount(ROWS)}-row catalogue loaded, autocannon 4 connections, ${SECONDS} s per line\n`);
  for (const cache of ['on', 'off'] as const) {
    const url = await freshDatabase(seed);
    const service = await startService(url, cache);
    try {
      for (const during of [false, true]) {
        for (const [i, path] of ENDPOINTS.entries()) {
          const before = await cacheCounts();
          // The import alternates files so that every run renames every product: the heaviest merge.
          const id = during ? await upload(i % 2 === 0 ? renamed : seed) : undefined;
          const result = await measure(path);
          const statusAfter = id === undefined ? '' : await importStatus(id);
          const after = await cacheCounts();
          const reads = after.hits + after.misses - before.hits - before.misses;
          const hitRate = cache === 'on' && reads > 0 ? ` hit rate ${Math.round(((after.hits - before.hits) / reads) * 100)}%` : '';
          console.log(`cache ${cache.padEnd(3)} ${during ? 'during import' : 'idle         '} ${path.padEnd(26)} ` +
            `p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  ` +
            `${formatCount(result.requests.average)} req/s  errors ${result.errors + result.non2xx}${hitRate}` +
            `${id === undefined ? '' : `  (import ${statusAfter} when the run ended)`}`);
          if (id !== undefined) while (!['succeeded', 'failed'].includes(await importStatus(id))) await new Promise((r) => setTimeout(r, 200));
        }
      }
    } finally {
      service.kill('SIGTERM');
      await new Promise((r) => service.once('exit', r));
    }
  }
}

await main();
