import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../../app.js';
import { ConfigError } from '../../errors.js';
import { startWorker } from '../../jobs/worker.js';
import { presentImport, type ImportView } from '../../imports/present.js';
import { submitImport } from '../../imports/service.js';
import { listImportErrors } from '../../imports/chunks.js';
import { isFinished, STATUS, type ImportRecord } from '../../imports/model.js';
import { getImport, recentPhaseCosts } from '../../imports/store.js';
import { ImportRequest } from '../../imports/options.js';
import { resolveChoices } from '../../imports/profiles.js';
import { parseMapArgument } from '../../csv/mapping.js';
import { DELIVERY_TIMEOUT_MS } from '../../webhooks/deliver.js';
import { deliveriesNotTried } from '../../webhooks/store.js';
import { isSourceUrl, openUrlSource, sourceName } from '../../imports/url-source.js';
import type { InPlace, UploadInput } from '../../storage/store.js';
import { numberOption, type Command, type ParsedArgs } from '../args.js';
import { commandContext, withApp } from '../context.js';
import { importSummary, jsonLine, printable, progressLine } from '../format.js';
import { remoteOf, type RemoteServer } from '../remote.js';
import { waitForSignal } from '../signals.js';

const POLL_MS = 200;

/** The switches of an import's options, as lfp ingest and lfp profiles save take them. */
export const IMPORT_OPTIONS: Command['options'] = {
  'dry-run': { type: 'boolean' },
  mode: { type: 'string' },
  'max-errors': { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'skip-if-seen': { type: 'boolean' },
  map: { type: 'string', multiple: true },
  profile: { type: 'string' },
  'on-conflict': { type: 'string' },
  sync: { type: 'boolean' },
  'max-delete-percent': { type: 'string' },
};

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'import product CSV files (plain or gzip) into PostgreSQL',
  usage: `lfp ingest FILE... | - | https://host/file.csv.gz | s3://bucket/key
lfp ingest --server URL FILE...

Stores each file (- reads standard input), submits it to the job queue, and works as a worker until the imports
are done, so it finishes even when no other worker runs. Then prints a summary of each: rows read, inserted,
updated, unchanged, superseded by a later row of the same file, rejected, and the time of every phase. On a
terminal a progress bar shows the whole import (reading and merge), bytes, rows/s, the ETA and the merge's step.
Exits 1 if any import failed. Imports are applied in the order they were submitted. Webhooks (lfp webhooks) are sent their first attempt before the command exits.
A URL is read where the file is, from the hosts and buckets listed in
LFP_SOURCE_HOSTS: https:// is copied into upload storage; s3:// is read in place with S3 upload storage (never
copied or removed; an object replaced before the import has read it fails the import), and copied into a
filesystem upload storage with the standard AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials).

With --server, the files go to a running lfp over its API instead (key from LFP_API_KEY; no database needed
here): each is uploaded with the tus protocol, resumed after a cut connection (and by running the same command
again), and its import followed as it runs, with the same progress, summary and exit codes.

Options:
  --dry-run            run every phase but the apply: report what would be inserted, updated, left unchanged,
                       superseded and rejected, and how many names would change product count; nothing changes
  --mode M             partial (default): bad rows are rejected, the rest applied; strict: any rejected row fails
                       the import and nothing is applied
  --max-errors N       fail the import, nothing applied, once more than N rows were rejected
  --encoding E         utf-8 (default), windows-1252, latin1, or auto (what the start of the file looks like)
  --delimiter D        , (default) ; | tab, or auto
  --map COLUMN=NAME    read a product column (sku, name or description) from the file's column NAME, as in
                       --map sku="Item Number" --map name=Title; repeat for each
  --profile NAME       start from a saved profile's options and mapping (lfp profiles); options given here win
  --on-conflict P      update (default): a listed SKU that exists takes the file's values; skip: existing products
                       are left as they are (counted as skipped), only new SKUs are inserted
  --sync               the file is the whole catalogue: products it does not list are deleted (counted, and brought
                       back by lfp revert); a rejected row whose SKU can be read keeps its product
  --max-delete-percent N  with --sync: fail, nothing changed, if more than N percent of the products would be
                       deleted (default 10)
  --skip-if-seen       do not process a file that an earlier import already applied (same sha256)
  --idempotency-key K  submitting again with the same key finds the first import instead of making another
  --detach             only submit: print the import ids and exit (workers elsewhere do the work)
  --json               print each import as one line of JSON, exactly as the API returns it, instead of the summary
  --concurrency N      chunks this process loads at once while it waits (default: LFP_LOAD_CONCURRENCY or 2)
  --server URL         upload to a running lfp (http://host:3000) and follow its imports there`,
  options: {
    ...IMPORT_OPTIONS,
    'idempotency-key': { type: 'string' },
    detach: { type: 'boolean' },
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
    server: { type: 'string' },
  },
  async run(args) {
    if (args.positionals.length === 0) throw new ConfigError('name at least one file to ingest, or - for standard input');
    const context = commandContext();
    const concurrency = numberOption(args, 'concurrency', context.config.loadConcurrency, 1, 64);
    const request = importRequest(args);
    const idempotencyKey = args.values['idempotency-key'] as string | undefined;
    if (idempotencyKey !== undefined && args.positionals.length > 1) throw new ConfigError('--idempotency-key names one submission: give one file');
    const remote = remoteOf(args);
    if (remote) {
      if (idempotencyKey !== undefined) throw new ConfigError('--idempotency-key does not go with --server: an upload makes one import, however often it is resumed');
      return ingestRemote(remote, args);
    }
    const sources = await Promise.all(args.positionals.map(openInput));
    const json = args.values.json === true;
    return withApp(context, async (app) => {
      const choices = await resolveChoices(app.db.pool, request);
      const submitted: ImportRecord[] = [];
      for (const source of sources) {
        const started = performance.now();
        const { input, bytes } = await source.open(app);
        const { import: imp, replayed } = await app.uploadStore.saveFor(input, (upload) => submitImport(app, {
          sourceName: source.name, upload, uploadMs: performance.now() - started, ...choices, idempotencyKey,
        }), bytes);
        if (replayed && !json) process.stderr.write(`the idempotency key was used before: import ${imp.id}, nothing new submitted\n`);
        submitted.push(imp);
      }
      if (args.values.detach) {
        for (const imp of submitted) {
          process.stdout.write(json ? jsonLine(presentImport(imp, new Date(), await recentPhaseCosts(app.db.pool))) : `import ${imp.id} ${imp.status}: ${printable(imp.sourceName)}\n`);
        }
        return 0;
      }
      const worker = await startWorker(app, concurrency);
      let finished: ImportRecord[] | undefined;
      try {
        // Ctrl-C stops waiting; the imports are durable and go on with any worker (lfp worker, lfp start).
        const signal = waitForSignal();
        finished = await Promise.race([waitForImports(app, submitted, !json && process.stderr.isTTY), signal]);
        if (finished) await Promise.race([firstDeliveryAttempts(app, finished), signal]);
      } finally {
        await worker.stop();
      }
      if (!finished) {
        process.stderr.write(`\r\x1b[Kinterrupted: ${submitted.map((i) => `import ${i.id}`).join(', ')} will go on when a worker runs ` +
          `(lfp worker or lfp start); lfp imports shows where they are\n`);
        return 130;
      }
      const costs = await recentPhaseCosts(app.db.pool);
      for (const imp of finished) {
        const view = presentImport(imp, new Date(), costs);
        process.stdout.write(json ? jsonLine(view) : `${importSummary(view)}\n${await firstErrors(app, imp)}`);
      }
      return exitCode(finished);
    });
  },
};

/**
 * The import options of the command line as the API's query (and an upload's metadata) spells them; a switch left
 * out is undefined, so that a profile's value holds.
 */
function importQuery(args: ParsedArgs): Record<string, string | undefined> {
  const flag = (name: string) => (args.values[name] ? 'true' : undefined);
  const text = (name: string) => args.values[name] as string | undefined;
  const mapping: Record<string, string> = {};
  for (const text of (args.values.map as string[] | undefined) ?? []) {
    const pair = parseMapArgument(text);
    if (!pair) throw new ConfigError(`--map ${JSON.stringify(text)}: expected sku=COLUMN, name=COLUMN or description=COLUMN`);
    mapping[`map.${pair[0]}`] = pair[1];
  }
  return {
    dryRun: flag('dry-run'),
    mode: text('mode'),
    maxErrors: text('max-errors'),
    encoding: text('encoding'),
    delimiter: text('delimiter'),
    skipIfSeen: flag('skip-if-seen'),
    profile: text('profile'),
    onConflict: text('on-conflict'),
    sync: flag('sync'),
    maxDeletePercent: text('max-delete-percent'),
    ...mapping,
  };
}

/** The import options of the command line, checked as the API checks its query. */
export function importRequest(args: ParsedArgs): ImportRequest {
  const parsed = ImportRequest.safeParse(importQuery(args));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = String(issue.path[0]);
    const option = path.startsWith('map.') ? 'map' : path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new ConfigError(`--${option}: ${issue.message}`);
  }
  return parsed.data;
}

interface Input {
  name: string;
  /** What UploadStore.saveFor takes (bytes to store, or an object to read in place), and the length when known. */
  open: (app: App) => Promise<{ input: UploadInput | InPlace; bytes?: number }>;
}

async function openInput(path: string): Promise<Input> {
  if (path === '-') return { name: 'stdin', open: async () => ({ input: process.stdin }) };
  if (isSourceUrl(path)) return { name: sourceName(path), open: (app) => openUrlSource(app, path) };
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new ConfigError(`cannot read ${path}: no such file`);
  return { name: basename(path), open: async () => ({ input: createReadStream(path, { highWaterMark: 1 << 20 }), bytes: info.size }) };
}

/** Polls the imports until all have finished, drawing a progress line for the one in progress. */
async function waitForImports(app: App, imports: ImportRecord[], showProgress: boolean): Promise<ImportRecord[]> {
  const current = [...imports];
  for (;;) {
    for (let i = 0; i < current.length; i++) current[i] = (await getImport(app.db.pool, current[i]!.id)) ?? current[i]!;
    const pending = current.find((imp) => !isFinished(imp.status));
    if (!pending) break;
    if (showProgress) process.stderr.write(`\r\x1b[K${progressOf(presentImport(pending, new Date())).slice(0, (process.stderr.columns || 120) - 1)}`);
    await sleep(POLL_MS);
  }
  if (showProgress) process.stderr.write('\r\x1b[K');
  return current;
}

function progressOf(imp: ImportView): string {
  const { progress, phase } = imp;
  return progressLine({
    label: `${printable(imp.sourceName)} (import ${imp.id})`,
    phase: phase === 'waiting' ? 'waiting for earlier imports' : phase === 'merge' && progress.mergeStep ? `merge: ${progress.mergeStep}${progress.mergeStepPercent !== null ? ` (${progress.mergeStepPercent}%)` : ''}` : phase ?? imp.status,
    fraction: progress.percent === null ? null : progress.percent / 100,
    bytesDone: progress.bytesDone,
    bytesTotal: progress.bytesTotal,
    rowsPerSecond: progress.rowsPerSecond,
    etaMs: progress.etaSeconds === null ? null : progress.etaSeconds * 1000,
  });
}

/**
 * Gives the webhook deliveries of these imports their first attempt before the worker stops (a bounded wait: the
 * deliveries are durable, and any worker sends what is left, and the retries).
 */
async function firstDeliveryAttempts(app: App, imports: ImportRecord[]): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS + 5_000;
  const ids = imports.map((imp) => imp.id);
  while (Date.now() < deadline && (await deliveriesNotTried(app.db.pool, ids)) > 0) await sleep(POLL_MS);
}

/** Whether every import ended as asked: 0, or 1 when any failed or was cancelled. */
function exitCode(imports: Pick<ImportView, 'status'>[]): number {
  return imports.every((imp) => imp.status === STATUS.succeeded || imp.status === STATUS.skipped) ? 0 : 1;
}

/** lfp ingest --server: upload each file with tus, then follow its import's events, as the local command waits. */
async function ingestRemote(remote: RemoteServer, args: ParsedArgs): Promise<number> {
  const json = args.values.json === true;
  const showProgress = !json && process.stderr.isTTY;
  const paths = args.positionals;
  if (paths.includes('-')) throw new ConfigError('--server uploads files: standard input cannot be resumed, name a file');
  await Promise.all(paths.map(openInput));
  const metadata = Object.fromEntries(Object.entries(importQuery(args)).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const submitted: ImportView[] = [];
  for (const path of paths) {
    const name = basename(path);
    const started = Date.now();
    const onProgress = (sent: number, total: number) => {
      if (showProgress) {
        const byteRate = sent / Math.max(1, Date.now() - started);
        const line = progressLine({
          label: printable(name), phase: 'upload', fraction: total > 0 ? sent / total : null, bytesDone: sent, bytesTotal: total,
          rowsPerSecond: null, etaMs: byteRate > 0 && sent < total ? (total - sent) / byteRate : null,
        });
        process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
      }
    };
    submitted.push(await remote.upload(path, { ...metadata, filename: name }, onProgress));
  }
  if (showProgress) process.stderr.write('\r\x1b[K');
  if (args.values.detach) {
    for (const imp of submitted) process.stdout.write(json ? jsonLine(imp) : `import ${imp.id} ${imp.status}: ${printable(imp.sourceName)}\n`);
    return 0;
  }
  const finished: ImportView[] = [];
  for (const imp of submitted) {
    finished.push(await remote.follow(imp.id, (latest) => {
      if (showProgress && !isFinished(latest.status)) process.stderr.write(`\r\x1b[K${progressOf(latest).slice(0, (process.stderr.columns || 120) - 1)}`);
    }));
  }
  if (showProgress) process.stderr.write('\r\x1b[K');
  for (const imp of finished) {
    let errors = '';
    if (!json && imp.counts.rowsRejected > 0) {
      const { items } = await remote.request<{ items: { line: number; reason: string }[] }>('GET', `/api/imports/${imp.id}/errors?limit=5`);
      errors = rejectedLines(imp, items);
    }
    process.stdout.write(json ? jsonLine(imp) : `${importSummary(imp)}\n${errors}`);
  }
  return exitCode(finished);
}

/** The first rejected rows, under the summary. */
async function firstErrors(app: App, imp: ImportRecord): Promise<string> {
  if (imp.rowsRejected === 0) return '';
  return rejectedLines(presentImport(imp, new Date()), await listImportErrors(app.db.pool, imp.id, 0, 5));
}

function rejectedLines(imp: ImportView, errors: { line: number; reason: string }[]): string {
  const rejected = imp.counts.rowsRejected;
  const more = rejected > errors.length ? `\n  ... and ${rejected - errors.length} more (lfp import ${imp.id})` : '';
  return `${errors.map((e) => `  line ${e.line}: ${printable(e.reason)}`).join('\n')}${more}\n`;
}
