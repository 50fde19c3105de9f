/**
 * npm run bench: lfp's ingest against what a skilled engineer does by hand on the same file and database
 * (psql \copy into an unlogged table, one INSERT ... SELECT DISTINCT ON ... ON CONFLICT, a GROUP BY rebuild of the
 * aggregate table), side by side in one run: into empty tables, again with the same file (every row conflicts,
 * nothing changed) and with a file of the same SKUs and other content (every row conflicts and changes).
 * Both sides must end in identical tables; the bench fails otherwise.
 *
 * --sync adds two scenarios run in sync mode (products the file does not list are deleted: here none, so that the
 * tables still match the reference's), each measured against the plain import doing the same work: every row
 * changing (a rebuild merge, with auto) and the same file again (an upsert that writes nothing).
 *
 * --queue runs only the job path against the in-process engine, into empty tables (no reference, no other scenario):
 * lfp in-process, then queued to one worker, two workers, and one worker with S3 storage.
 *
 * Options: --rows N (500000), --repeat N (3), --skip-reference, --sync, --embedded, --queue. Database: DATABASE_URL, else a
 * database lfp_bench on LFP_BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres), or with
 * --embedded on lfp's own embedded PostgreSQL.
 */
import { createReadStream } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { DATA_DIR, benchFile, recreateDatabase, useEmbeddedServer, warnOfUnsupportedNode } from './support.js';
import { createPool, type Pool } from '../src/db/pool.js';
import { submitImport } from '../src/imports/service.js';
import { isFinished, type ImportRecord } from '../src/imports/model.js';
import { getImport } from '../src/imports/store.js';
import { createLogger } from '../src/log.js';
import { formatBytes, formatCount, formatMs } from '../src/cli/format.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '500000' }, repeat: { type: 'string', default: '3' }, 'skip-reference': { type: 'boolean' },
    sync: { type: 'boolean' }, embedded: { type: 'boolean' }, queue: { type: 'boolean' },
  },
});
const ROWS = Number(values.rows);
const REPEAT = Number(values.repeat);
// The reference gets the same work_mem as lfp's merge: same server, same settings.
const WORK_MEM = loadConfig().mergeWorkMem;

// The reference loads into tables identical to lfp's (columns, constraints, the indexes the API needs), minus
// lfp's triggers: the same schema, loaded by hand.
const REFERENCE_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS bench_ref;
  DROP TABLE IF EXISTS bench_ref.products, bench_ref.product_aggregates;
  CREATE TABLE bench_ref.products (LIKE public.products INCLUDING ALL);
  CREATE TABLE bench_ref.product_aggregates (LIKE public.product_aggregates INCLUDING ALL);`;

/** The hand-written reference, run by psql as one script. */
const referenceScript = (file: string, workMem: string) => `
SET work_mem = '${workMem}';
CREATE UNLOGGED TABLE bench_ref.stage (ord bigint GENERATED ALWAYS AS IDENTITY, name text, sku text, description text);
\\copy bench_ref.stage (name, sku, description) FROM '${file}' WITH (FORMAT csv, HEADER true)
INSERT INTO bench_ref.products AS p (sku, name, description)
SELECT DISTINCT ON (sku) sku, name, description FROM bench_ref.stage ORDER BY sku, ord DESC
ON CONFLICT (sku) DO UPDATE SET name = excluded.name, description = excluded.description, updated_at = now();
TRUNCATE bench_ref.product_aggregates;
INSERT INTO bench_ref.product_aggregates SELECT name, count(*) FROM bench_ref.products GROUP BY name;
DROP TABLE bench_ref.stage;
`;

const DIFFERENCES = `
  SELECT (SELECT count(*) FROM (SELECT sku, name, description FROM products
                                EXCEPT SELECT sku, name, description FROM bench_ref.products) a)
       + (SELECT count(*) FROM (SELECT sku, name, description FROM bench_ref.products
                                EXCEPT SELECT sku, name, description FROM products) b) AS products,
         (SELECT count(*) FROM (SELECT name, product_count FROM product_aggregates
                                EXCEPT SELECT name, product_count FROM bench_ref.product_aggregates) c)
       + (SELECT count(*) FROM (SELECT name, product_count FROM bench_ref.product_aggregates
                                EXCEPT SELECT name, product_count FROM product_aggregates) d) AS aggregates`;

interface Run {
  ms: number;
  rssKb?: number;
  import?: ImportRecord;
  /** Job path: from submission to the start of the split job and of the first chunk load. */
  latency?: { splitMs: number; firstChunkMs: number };
}

type Side = 'ref' | 'lfp' | 'lfp-no-undo' | 'lfp-sync' | 'queue-1' | 'queue-2' | 'queue-s3';
const LABELS: Record<Side, string> = {
  ref: 'hand-written',
  lfp: 'lfp in-process',
  'lfp-no-undo': 'lfp, no undo data',
  'lfp-sync': 'lfp in-process, sync',
  'queue-1': 'lfp queue, 1 worker',
  'queue-2': 'lfp queue, 2 workers',
  'queue-s3': 'lfp queue, 1 worker, S3',
};

/**
 * S3 storage for the queue-s3 side: s3rver (a real S3-protocol server, objects on this machine's disk) in this
 * process, reached over HTTP by the submitting app and the worker as S3 would be.
 */
async function startBenchS3(dir: string): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['dist/bench/s3-server.js', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  childProcesses.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the S3 server exited with ${code}`)));
  });
  const env = {
    AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    LFP_STORAGE_URL: 's3://lfp-bench/uploads/',
  };
  // This process's SDK clients (the submitting app's) read their credentials from the environment, as any would.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { env, close: async () => void (child.kill('SIGTERM'), await exited) };
}

const QUEUE_LATENCY = `
  SELECT extract(epoch FROM min(j.started_on) FILTER (WHERE j.name = 'lfp-split') - i.created_at) * 1000 AS "splitMs",
         extract(epoch FROM min(j.started_on) FILTER (WHERE j.name = 'lfp-load') - i.created_at) * 1000 AS "firstChunkMs"
    FROM imports i, lfp_jobs.job j
   WHERE i.id = $1 AND (j.data->>'importId')::bigint = i.id
   GROUP BY i.created_at`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ ms: performance.now() - started, stdout }) : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

async function runReference(url: string, file: string): Promise<Run> {
  const script = `${DATA_DIR}/reference.sql`;
  await writeFile(script, referenceScript(file, WORK_MEM));
  const { ms } = await run('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', script], {});
  return { ms };
}

/**
 * lfp in a process of its own; without undo data, the merge keeps nothing for a revert (LFP_UNDO_RETENTION_DAYS=0);
 * in sync mode, it deletes the products the file does not list.
 */
async function runLfp(url: string, file: string, side: 'lfp' | 'lfp-no-undo' | 'lfp-sync'): Promise<Run> {
  const env = { DATABASE_URL: url, ...(side === 'lfp-no-undo' ? { LFP_UNDO_RETENTION_DAYS: '0' } : {}) };
  const { ms, stdout } = await run(process.execPath, ['dist/bench/run-ingest.js', file, ...(side === 'lfp-sync' ? ['--sync'] : [])], env);
  const result = JSON.parse(stdout) as { import: ImportRecord; maxRssKb: number };
  if (result.import.status !== 'succeeded') throw new Error(`lfp import failed: ${result.import.error}`);
  return { ms, rssKb: result.maxRssKb, import: result.import };
}

/**
 * The job path end to end, as a user sees it: store the upload and submit it, then wait for `succeeded` while
 * worker processes (started beforehand) do the work. The upload's length is known, as it is to `lfp ingest` and
 * from a raw body's Content-Length.
 */
async function runQueued(app: App, file: string): Promise<Run> {
  const started = performance.now();
  const { import: submitted } = await app.uploadStore.saveFor(createReadStream(file, { highWaterMark: 1 << 20 }), (upload) =>
    submitImport(app, { sourceName: file.split('/').pop()!, upload, uploadMs: performance.now() - started }), (await stat(file)).size);
  let imp = submitted;
  while (!isFinished(imp.status)) {
    await sleep(20);
    imp = (await getImport(app.db.pool, imp.id))!;
  }
  const ms = performance.now() - started;
  if (imp.status !== 'succeeded') throw new Error(`queued import failed: ${imp.error}`);
  const latency = (await app.db.pool.query(QUEUE_LATENCY, [imp.id])).rows[0];
  return { ms, import: imp, latency };
}

/** Every worker and the S3 server, stopped with the bench however it ends (a failed run throws). */
const childProcesses = new Set<ChildProcess>();
process.once('exit', () => childProcesses.forEach((child) => child.kill('SIGKILL')));

/** A worker process, as `lfp worker` runs it. */
async function startWorkerProcess(url: string, dataDir: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/lfp.js', 'worker'], {
    env: { ...process.env, DATABASE_URL: url, LFP_DATA_DIR: dataDir, LFP_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  childProcesses.add(child);
  child.once('exit', () => childProcesses.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      output += d;
      if (output.includes('worker started')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  return child;
}

/** Stops the workers (waiting for them to exit) and starts another in their place. */
async function swapWorkers(workers: ChildProcess[], start: () => Promise<ChildProcess>): Promise<ChildProcess> {
  for (const worker of workers.splice(0)) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  return start();
}

async function openBenchDatabase(): Promise<{ url: string; pool: Pool }> {
  const url = (!values.embedded && process.env.DATABASE_URL) || (await recreateDatabase('lfp_bench'));
  const pool = createPool(url, 2);
  await migrate(pool);
  await pool.query(REFERENCE_SCHEMA);
  return { url, pool };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  warnOfUnsupportedNode();
  const stopServer = values.embedded ? await useEmbeddedServer() : undefined;
  const original = await benchFile(ROWS, 1);
  const changed = await benchFile(ROWS, 2);
  const { url, pool } = await openBenchDatabase();
  const version = (await pool.query('SHOW server_version')).rows[0].server_version;
  console.log(`lfp ingest benchmark: ${formatCount(ROWS)} rows (${formatBytes((await stat(original)).size)}), ` +
    `${REPEAT} runs each, median shown; work_mem ${WORK_MEM} for both; node ${process.version}, PostgreSQL ${version}, ` +
    `${cpus().length} cores\n`);

  const dataDir = `${DATA_DIR}/lfp`;
  const app = await openApp({ ...loadConfig({ ...process.env, LFP_DATA_DIR: dataDir }), databaseUrl: url }, createLogger('warn'));
  const workers = [await startWorkerProcess(url, dataDir)];
  // The S3 side's app and worker store uploads in a bucket; the filesystem workers are stopped while it runs, so
  // that none of them takes its jobs.
  const s3 = await startBenchS3(`${DATA_DIR}/s3`);
  const s3DataDir = `${DATA_DIR}/lfp-s3`;
  const s3App = await openApp({ ...loadConfig({ ...process.env, LFP_DATA_DIR: s3DataDir, ...s3.env }), databaseUrl: url }, createLogger('warn'));

  const reference = !values['skip-reference'] && !values.queue;
  const scenarios: { name: string; file: string; reset: boolean; sides: Side[]; plain?: string }[] = values.queue ? [
    { name: 'empty tables', file: original, reset: true, sides: ['lfp', 'queue-1', 'queue-2', 'queue-s3'] },
  ] : [
    { name: 'empty tables', file: original, reset: true, sides: ['ref', 'lfp', 'lfp-no-undo', 'queue-1', 'queue-2', 'queue-s3'] },
    { name: 'same file again (all rows conflict, none changed)', file: original, reset: false, sides: ['ref', 'lfp'] },
    { name: 'same SKUs, new content (all rows conflict and change)', file: changed, reset: false, sides: ['ref', 'lfp'] },
    // The same work as the scenario before (every row changes), without undo data.
    { name: 'back to the first content (all rows conflict and change)', file: original, reset: false, sides: ['ref', 'lfp-no-undo'] },
    ...(values.sync ? [
      // The work of "same SKUs, new content" and then of "same file again", in sync mode: measured against those.
      { name: 'sync: same SKUs, new content', file: changed, reset: false, sides: ['ref', 'lfp-sync'] as Side[], plain: 'same SKUs, new content (all rows conflict and change)' },
      { name: 'sync: same file again', file: changed, reset: false, sides: ['ref', 'lfp-sync'] as Side[], plain: 'same file again (all rows conflict, none changed)' },
    ] : []),
  ];
  const results = new Map<string, Map<Side, Run[]>>(scenarios.map((s) => [s.name, new Map()]));
  for (let r = 0; r < REPEAT; r++) {
    for (const scenario of scenarios) {
      if (scenario.reset) await pool.query('TRUNCATE products, import_undo_rows, import_undo_created, bench_ref.products, bench_ref.product_aggregates');
      // Alternate which of the two goes first, and checkpoint before each, so neither pays for the other's writes;
      // the others take turns at each place after them, so that none always runs later in the scenario than another.
      const [first, second, ...rest] = scenario.sides;
      const turn = rest.length ? r % rest.length : 0;
      const sides = [...(r % 2 === 0 ? [first!, second!] : [second!, first!]), ...rest.slice(turn), ...rest.slice(0, turn)]
        .filter((side) => side !== 'ref' || reference);
      for (const side of sides) {
        if (scenario.reset && side !== 'ref') await pool.query('TRUNCATE products');
        if (side === 'queue-2' && workers.length < 2) workers.push(await startWorkerProcess(url, dataDir));
        const s3Worker = side === 'queue-s3' ? await swapWorkers(workers, () => startWorkerProcess(url, s3DataDir, s3.env)) : undefined;
        await pool.query('CHECKPOINT');
        const run = side === 'ref' ? await runReference(url, scenario.file)
          : side === 'lfp' || side === 'lfp-no-undo' || side === 'lfp-sync' ? await runLfp(url, scenario.file, side)
          : await runQueued(side === 'queue-s3' ? s3App : app, scenario.file);
        const runs = results.get(scenario.name)!;
        runs.set(side, [...(runs.get(side) ?? []), run]);
        if (side === 'queue-2') workers.pop()!.kill('SIGTERM');
        if (s3Worker) await swapWorkers([s3Worker], () => startWorkerProcess(url, dataDir)).then((w) => workers.push(w));
      }
      if (reference) {
        const diff = (await pool.query(DIFFERENCES)).rows[0];
        if (Number(diff.products) !== 0 || Number(diff.aggregates) !== 0) {
          throw new Error(`lfp and the reference disagree after "${scenario.name}": ${JSON.stringify(diff)}`);
        }
      }
    }
  }
  for (const worker of workers) worker.kill('SIGTERM');
  await app.close();
  await s3App.close();
  await s3.close();

  for (const scenario of scenarios) {
    const runs = results.get(scenario.name)!;
    const medianMs = (side: Side) => median(runs.get(side)!.map((x) => x.ms));
    console.log(scenario.name);
    for (const [side, list] of runs) {
      const ms = medianMs(side);
      const ratios = [
        ...(side !== 'ref' && runs.has('ref') ? [`${(ms / medianMs('ref')).toFixed(2)} x hand-written`] : []),
        ...(side.startsWith('queue') || (side === 'lfp-no-undo' && runs.has('lfp')) ? [`${(ms / medianMs('lfp')).toFixed(2)} x in-process`] : []),
        ...(side === 'lfp-sync' && scenario.plain ? [`${(ms / median(results.get(scenario.plain)!.get('lfp')!.map((x) => x.ms))).toFixed(2)} x the plain import`] : []),
      ];
      const rss = side.startsWith('lfp') ? `   peak RSS ${formatBytes(Math.max(...list.map((x) => x.rssKb!)) * 1024)}` : '';
      console.log(`  ${LABELS[side].padEnd(22)} ${formatMs(ms).padStart(8)}  ${formatCount(ROWS / (ms / 1000)).padStart(9)} rows/s` +
        `${ratios.length ? `   ${ratios.join(', ')}` : ''}   runs: ${list.map((x) => formatMs(x.ms)).join(', ')}${rss}`);
      if (list[0]!.latency) {
        const l = list.map((x) => x.latency!);
        console.log(`  ${''.padEnd(22)} queue latency: split started ${formatMs(median(l.map((x) => x.splitMs)))}, ` +
          `first chunk started ${formatMs(median(l.map((x) => x.firstChunkMs)))} after submission ` +
          `(upload ${formatMs(median(list.map((x) => x.import!.timings.upload!)))})`);
      }
    }
    const last = (runs.get('lfp') ?? runs.get('lfp-no-undo') ?? runs.get('lfp-sync'))!.at(-1)!.import!;
    const t = last.timings;
    console.log(`  lfp phases (last in-process run): split ${formatMs(t.split)}, parse ${formatMs(t.parse)}, load ${formatMs(t.load)}, ` +
      `merge ${formatMs(t.merge)}, total ${formatMs(t.total)}; ${formatCount(last.rowsInserted)} inserted, ` +
      `${formatCount(last.rowsUpdated)} updated, ${formatCount(last.rowsUnchanged)} unchanged, ${formatCount(last.rowsSuperseded)} superseded` +
      `${last.options.sync ? `, ${formatCount(last.rowsDeleted)} deleted` : ''}; merge strategy ${last.mergeStrategy}\n`);
  }
  if (reference) console.log('lfp and the hand-written reference ended in identical products and aggregates after every step.');
  await pool.end();
  await stopServer?.();
}

await main();
