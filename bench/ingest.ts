/**
 * npm run bench: lfp's ingest against what a skilled engineer does by hand on the same file and database
 * (psql \copy into an unlogged table, one INSERT ... SELECT DISTINCT ON ... ON CONFLICT, a GROUP BY rebuild of the
 * aggregate table), side by side in one run: into empty tables, again with the same file (every row conflicts,
 * nothing changed) and with a file of the same SKUs and other content (every row conflicts and changes).
 * Both sides must end in identical tables; the bench fails otherwise.
 *
 * Options: --rows N (500000), --repeat N (3), --skip-reference. Database: DATABASE_URL, else a database
 * lfp_bench on LFP_BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { createPool, type Pool } from '../src/db/pool.js';
import { generateCsv } from '../src/generate/generator.js';
import type { ImportRecord } from '../src/imports/store.js';
import { formatBytes, formatCount, formatMs } from '../src/cli/format.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '500000' }, repeat: { type: 'string', default: '3' }, 'skip-reference': { type: 'boolean' } },
});
const ROWS = Number(values.rows);
const REPEAT = Number(values.repeat);
const DATA_DIR = 'bench/data';
// The reference gets the same work_mem as lfp's merge: same server, same settings.
const WORK_MEM = loadConfig().mergeWorkMem;

const REFERENCE_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS bench_ref;
  DROP TABLE IF EXISTS bench_ref.products, bench_ref.product_aggregates;
  CREATE TABLE bench_ref.products (
    sku text COLLATE "C" PRIMARY KEY, name text COLLATE "C" NOT NULL DEFAULT '', description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), last_import_id bigint);
  CREATE TABLE bench_ref.product_aggregates (name text COLLATE "C" PRIMARY KEY, product_count bigint NOT NULL);`;

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
}

async function ensureFile(name: string, contentSeed: number): Promise<string> {
  const path = `${DATA_DIR}/${name}`;
  if (!existsSync(path)) {
    await mkdir(DATA_DIR, { recursive: true });
    await pipeline(Readable.from(generateCsv({ rows: ROWS, seed: 1, duplicateRatio: 0.07, contentSeed })), createWriteStream(path));
  }
  return path;
}

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

async function runLfp(url: string, file: string): Promise<Run> {
  const { ms, stdout } = await run(process.execPath, ['dist/bench/run-ingest.js', file], { DATABASE_URL: url });
  const result = JSON.parse(stdout) as { import: ImportRecord; maxRssKb: number };
  if (result.import.status !== 'succeeded') throw new Error(`lfp import failed: ${result.import.error}`);
  return { ms, rssKb: result.maxRssKb, import: result.import };
}

async function openBenchDatabase(): Promise<{ url: string; pool: Pool }> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const server = process.env.LFP_BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS lfp_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE lfp_bench');
    await admin.end();
    const u = new URL(server);
    u.pathname = '/lfp_bench';
    url = u.toString();
  }
  const pool = createPool(url, 2);
  await migrate(pool);
  await pool.query(REFERENCE_SCHEMA);
  return { url, pool };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const original = await ensureFile(`products-${ROWS}.csv`, 1);
  const changed = await ensureFile(`products-${ROWS}-changed.csv`, 2);
  const { url, pool } = await openBenchDatabase();
  const version = (await pool.query('SHOW server_version')).rows[0].server_version;
  console.log(`lfp ingest benchmark: ${formatCount(ROWS)} rows (${formatBytes((await stat(original)).size)}), ` +
    `${REPEAT} runs each, median shown; work_mem ${WORK_MEM} for both; node ${process.version}, PostgreSQL ${version}, ` +
    `${cpus().length} cores\n`);

  const scenarios = [
    { name: 'empty tables', file: original, reset: true },
    { name: 'same file again (all rows conflict, none changed)', file: original, reset: false },
    { name: 'same SKUs, new content (all rows conflict and change)', file: changed, reset: false },
  ];
  const results = new Map<string, { ref: Run[]; lfp: Run[] }>(scenarios.map((s) => [s.name, { ref: [], lfp: [] }]));
  for (let r = 0; r < REPEAT; r++) {
    for (const scenario of scenarios) {
      if (scenario.reset) await pool.query('TRUNCATE products, bench_ref.products, bench_ref.product_aggregates');
      const entry = results.get(scenario.name)!;
      // Alternate which side goes first, and checkpoint before each, so neither pays for the other's writes.
      const sides = r % 2 === 0 ? (['ref', 'lfp'] as const) : (['lfp', 'ref'] as const);
      for (const side of sides) {
        if (side === 'ref' && values['skip-reference']) continue;
        await pool.query('CHECKPOINT');
        entry[side].push(side === 'ref' ? await runReference(url, scenario.file) : await runLfp(url, scenario.file));
      }
      if (!values['skip-reference']) {
        const diff = (await pool.query(DIFFERENCES)).rows[0];
        if (Number(diff.products) !== 0 || Number(diff.aggregates) !== 0) {
          throw new Error(`lfp and the reference disagree after "${scenario.name}": ${JSON.stringify(diff)}`);
        }
      }
    }
  }

  for (const scenario of scenarios) {
    const { ref, lfp } = results.get(scenario.name)!;
    const lfpMs = median(lfp.map((x) => x.ms));
    const last = lfp[lfp.length - 1]!.import!;
    console.log(scenario.name);
    if (ref.length > 0) {
      const refMs = median(ref.map((x) => x.ms));
      console.log(`  hand-written  ${formatMs(refMs).padStart(9)}  ${formatCount(ROWS / (refMs / 1000)).padStart(9)} rows/s` +
        `   runs: ${ref.map((x) => formatMs(x.ms)).join(', ')}`);
      console.log(`  lfp           ${formatMs(lfpMs).padStart(9)}  ${formatCount(ROWS / (lfpMs / 1000)).padStart(9)} rows/s` +
        `   runs: ${lfp.map((x) => formatMs(x.ms)).join(', ')}   peak RSS ${formatBytes(Math.max(...lfp.map((x) => x.rssKb!)) * 1024)}`);
      console.log(`  ratio lfp / hand-written: ${(lfpMs / refMs).toFixed(2)}`);
    } else {
      console.log(`  lfp  ${formatMs(lfpMs)}  ${formatCount(ROWS / (lfpMs / 1000))} rows/s   peak RSS ${formatBytes(Math.max(...lfp.map((x) => x.rssKb!)) * 1024)}`);
    }
    const t = last.timings;
    console.log(`  lfp phases (last run): read ${formatMs(t.readMs)}, parse ${formatMs(t.parseMs)}, load ${formatMs(t.loadMs)}, ` +
      `merge ${formatMs(t.mergeMs)}, total ${formatMs(t.totalMs)}; ${formatCount(last.rowsInserted)} inserted, ` +
      `${formatCount(last.rowsUpdated)} updated, ${formatCount(last.rowsUnchanged)} unchanged, ${formatCount(last.rowsSuperseded)} superseded\n`);
  }
  if (!values['skip-reference']) console.log('lfp and the hand-written reference ended in identical products and aggregates after every step.');
  await pool.end();
}

await main();
