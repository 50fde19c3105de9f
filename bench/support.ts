import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { generateCsv } from '../src/generate/generator.js';
import type { ImportRecord } from '../src/imports/model.js';
import { createLogger } from '../src/log.js';

export const DATA_DIR = 'bench/data';

/**
 * Figures describe lfp only on a runtime it supports (package.json's `engines`): on an older Node, says so before
 * measuring, and how to run the same bench on Node 22 from the npm registry.
 */
export function warnOfUnsupportedNode(): void {
  const wanted = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
  const [major, minor] = wanted.replace(/^>=/, '').split('.').map(Number) as [number, number];
  const [ownMajor, ownMinor] = process.versions.node.split('.').map(Number) as [number, number];
  if (ownMajor > major || (ownMajor === major && ownMinor >= minor)) return;
  const script = process.env.npm_lifecycle_event ?? 'bench';
  console.error(`bench: node ${process.version} is not a runtime lfp supports (${wanted}); measure on one: npx -y -p node@22 -c 'npm run ${script}'`);
}

let SERVER = process.env.LFP_BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * With `--embedded`, the benchmark's server is lfp's own embedded PostgreSQL (what `npm start` runs without
 * DATABASE_URL, with lfp's bulk settings), its cluster in bench/data/embedded; both sides of a comparison use it.
 * Returns how to stop it.
 */
export async function useEmbeddedServer(): Promise<() => Promise<void>> {
  const server = await startEmbeddedPostgres(`${DATA_DIR}/embedded`, createLogger('warn'));
  const url = new URL(server.url);
  url.pathname = '/postgres';
  SERVER = url.toString();
  return server.stop;
}

/**
 * The benchmark file of `rows` rows (seed 1, 7% repeated SKUs), generated once and kept under bench/data (not
 * committed). Content seed 2 gives the same SKUs with other names and descriptions.
 */
export async function benchFile(rows: number, contentSeed: 1 | 2): Promise<string> {
  const path = `${DATA_DIR}/products-${rows}${contentSeed === 2 ? '-changed' : ''}.csv`;
  if (!existsSync(path)) {
    await mkdir(DATA_DIR, { recursive: true });
    // Written aside and renamed once complete: a run stopped halfway must not leave a short file for the next one.
    await pipeline(Readable.from(generateCsv({ rows, seed: 1, duplicateRatio: 0.07, contentSeed })), createWriteStream(`${path}.part`));
    await rename(`${path}.part`, path);
  }
  return path;
}

/** Drops and creates database `name` (a copy of `template`, if given) on the benchmark's server; returns its URL. */
export async function recreateDatabase(name: string, template?: string): Promise<string> {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database `name`, a copy of `template`; returns its URL. */
export const copyDatabase = (template: string, name: string) => recreateDatabase(name, template);

export async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function admin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export interface InProcessRun {
  /** Wall time of the whole process, from spawn to exit. */
  ms: number;
  import: ImportRecord;
  maxRssKb: number;
}

/**
 * One in-process ingest (bench/run-ingest.ts) in a process of its own, so that its peak RSS is its own; `env` adds
 * to the environment (LFP_MERGE_STRATEGY, LFP_UNDO_RETENTION_DAYS...). Rejects unless the import succeeded.
 */
export function ingestInProcess(url: string, file: string, env: NodeJS.ProcessEnv = {}): Promise<InProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/bench/run-ingest.js', file], {
      env: { ...process.env, DATABASE_URL: url, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`run-ingest exited with ${code}`));
      const result = JSON.parse(out) as { import: ImportRecord; maxRssKb: number };
      if (result.import.status !== 'succeeded') return reject(new Error(`import failed: ${result.import.error}`));
      return resolve({ ms: performance.now() - started, ...result });
    });
  });
}
