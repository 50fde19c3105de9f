import { cancelImport, requireImport, retryImport, RetryDialect } from '../../imports/service.js';
import { revertImport } from '../../imports/revert.js';
import { ConfigError } from '../../errors.js';
import { listImportErrors } from '../../imports/chunks.js';
import type { ImportRecord } from '../../imports/model.js';
import { presentImport, type ImportView } from '../../imports/present.js';
import { listImports, recentPhaseCosts } from '../../imports/store.js';
import type { Pool } from '../../db/pool.js';
import { listNameChanges } from '../../ingest/preview.js';
import { numberOption, type Command, type ParsedArgs } from '../args.js';
import { commandContext, withApp, withDatabase } from '../context.js';
import { remoteOf, type RemoteServer } from '../remote.js';
import { formatBytes, formatCount, formatMs, importSummary, jsonLine, printable } from '../format.js';

function importId(args: ParsedArgs, command: string): number {
  const id = Number(args.positionals[0]);
  if (args.positionals.length !== 1 || !Number.isSafeInteger(id) || id <= 0) throw new ConfigError(`usage: lfp ${command} ID`);
  return id;
}

/** --json prints the import exactly as the API returns it. */
function print(args: ParsedArgs, imp: ImportView, text: string): void {
  process.stdout.write(args.values.json ? jsonLine(imp) : `${text}\n`);
}

/** Imports as the API presents them, their progress weighed by the same recorded costs. */
async function presented(pool: Pool, imports: ImportRecord[]): Promise<ImportView[]> {
  const costs = await recentPhaseCosts(pool);
  return imports.map((imp) => presentImport(imp, new Date(), costs));
}

const SERVER_OPTION = { type: 'string' } as const;
const SERVER_USAGE = '  --server URL   act on a running lfp over its API (key from LFP_API_KEY) instead of the database';

/** The newest `limit` imports of a running lfp, page by page. */
async function listRemote(remote: RemoteServer, limit: number): Promise<ImportView[]> {
  const imports: ImportView[] = [];
  for (let cursor: string | null = null; imports.length < limit; ) {
    const query = new URLSearchParams({ limit: String(Math.min(200, limit - imports.length)), ...(cursor ? { cursor } : {}) });
    const page: { items: ImportView[]; next: string | null } = await remote.request('GET', `/api/imports?${query}`);
    imports.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return imports;
}

/** A local view and a remote one of the same rejected rows and name changes. */
interface ImportDetail {
  imp: ImportView;
  errors: { line: number; reason: string; raw: string }[];
  changes: { name: string; countBefore: number; countAfter: number }[];
}

export const importsCommand: Command = {
  name: 'imports',
  summary: 'list imports, newest first',
  usage: `lfp imports [--limit N] [--json] [--server URL]

Options:
  --limit N      how many (default 20)
  --json         one line of JSON per import, as the API shows it
  --server URL   ask a running lfp over its API (key from LFP_API_KEY) instead of the database`,
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, server: SERVER_OPTION },
  async run(args) {
    const limit = numberOption(args, 'limit', 20, 1, 10_000);
    const remote = remoteOf(args);
    const imports = remote
      ? await listRemote(remote, limit)
      : await withDatabase(commandContext(), async (db) => presented(db.pool, await listImports(db.pool, limit)));
    if (args.values.json) {
      for (const imp of imports) process.stdout.write(jsonLine(imp));
      return 0;
    }
    const rows = imports.map((i) =>
      [String(i.id), i.status, printable(i.sourceName), formatBytes(i.sourceBytes ?? 0), formatCount(i.counts.rowsRead), formatCount(i.counts.rowsRejected),
        formatMs(i.timingsMs.total), i.createdAt.slice(0, 19).replace('T', ' ')],
    );
    const header = ['id', 'status', 'file', 'size', 'rows', 'rejected', 'total', 'submitted'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    for (const row of [header, ...rows]) process.stdout.write(`${row.map((v, c) => v.padEnd(widths[c]!)).join('  ').trimEnd()}\n`);
    return 0;
  },
};

export const importCommand: Command = {
  name: 'import',
  summary: 'show one import: counts, timings and rejected rows',
  usage: `lfp import ID [--errors N] [--names N] [--json] [--server URL]

Options:
  --errors N     how many rejected rows to list (default 20)
  --names N      a dry run: how many of the names whose product count would change to list (default 20)
  --json         print the import as JSON, exactly as the API returns it
${SERVER_USAGE}`,
  options: { errors: { type: 'string' }, names: { type: 'string' }, json: { type: 'boolean' }, server: SERVER_OPTION },
  async run(args) {
    const id = importId(args, 'import');
    const limit = numberOption(args, 'errors', 20, 0, 100_000);
    const nameLimit = numberOption(args, 'names', 20, 0, 100_000);
    const remote = remoteOf(args);
    const { imp, errors, changes }: ImportDetail = remote
      ? await remoteDetail(remote, id, limit, nameLimit)
      : await withApp(commandContext(), async (app) => {
        const imp = await requireImport(app, id);
        return {
          imp: (await presented(app.db.pool, [imp]))[0]!,
          errors: await listImportErrors(app.db.pool, id, 0, limit),
          changes: imp.options.dryRun ? await listNameChanges(app.db.pool, id, undefined, nameLimit) : [],
        };
      });
    const lines = errors.map((e) => `  line ${e.line}: ${printable(e.reason)}: ${printable(e.raw.slice(0, 80))}`);
    const names = changes.map((c) => `  ${printable(c.name)}: ${formatCount(c.countBefore)} -> ${formatCount(c.countAfter)}`);
    print(args, imp, [
      importSummary(imp),
      ...(lines.length ? ['rejected rows:', ...lines] : []),
      ...(names.length ? ['product counts that would change:', ...names] : []),
    ].join('\n'));
    return 0;
  },
};

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel a queued or running import; the tables stay as they were',
  usage: `lfp cancel ID [--json] [--server URL]

Options:
${SERVER_USAGE}`,
  options: { json: { type: 'boolean' }, server: SERVER_OPTION },
  async run(args) {
    const id = importId(args, 'cancel');
    const remote = remoteOf(args);
    const imp = remote
      ? await remote.request<ImportView>('POST', `/api/imports/${id}/cancel`)
      : await withApp(commandContext(), async (app) => (await presented(app.db.pool, [await cancelImport(app, id)]))[0]!);
    print(args, imp, `import ${imp.id} cancelled`);
    return 0;
  },
};

export const retryCommand: Command = {
  name: 'retry',
  summary: 'submit a failed or cancelled import again',
  usage: `lfp retry ID [--dialect as-before|suggested|detect] [--json]

Queues the import again from its stored upload, as if submitted now (it is merged after imports submitted
before the retry). Run a worker (or lfp start) to process it.

Options:
  --dialect      suggested: read the file with the encoding and delimiter the import suggests; detect: detect both
${SERVER_USAGE}`,
  options: { json: { type: 'boolean' }, dialect: { type: 'string' }, server: SERVER_OPTION },
  async run(args) {
    const id = importId(args, 'retry');
    const dialect = RetryDialect.safeParse(args.values.dialect ?? 'as-before');
    if (!dialect.success) throw new ConfigError(`--dialect: one of ${RetryDialect.options.join(', ')}`);
    const remote = remoteOf(args);
    const imp = remote
      ? await remote.request<ImportView>('POST', `/api/imports/${id}/retry?dialect=${dialect.data}`)
      : await withApp(commandContext(), async (app) => (await presented(app.db.pool, [await retryImport(app, id, dialect.data)]))[0]!);
    print(args, imp, `import ${imp.id} queued again${dialect.data === 'as-before' ? '' : ` (encoding ${imp.options.encoding}, delimiter ${JSON.stringify(imp.options.delimiter)})`}`);
    return 0;
  },
};

export const revertCommand: Command = {
  name: 'revert',
  summary: 'undo an import: the products it created or changed go back to their state before it',
  usage: `lfp revert ID [--force] [--json]

Refuses, listing them, when products the import wrote were written since (by a later import or the API).
Undo data is kept for LFP_UNDO_RETENTION_DAYS (default 7) after an import.

Options:
  --force        revert the products left alone since, keep the others as they are, and list those
${SERVER_USAGE}`,
  options: { force: { type: 'boolean' }, json: { type: 'boolean' }, server: SERVER_OPTION },
  async run(args) {
    const id = importId(args, 'revert');
    const force = args.values.force === true;
    const remote = remoteOf(args);
    const { import: imp, kept } = remote
      ? await remote.request<{ import: ImportView; kept: string[] }>('POST', `/api/imports/${id}/revert?force=${force}`)
      : await withApp(commandContext(), async (app) => {
        const result = await revertImport(app, id, force);
        return { import: (await presented(app.db.pool, [result.import]))[0]!, kept: result.kept };
      });
    if (args.values.json) {
      process.stdout.write(jsonLine({ import: imp, kept }));
      return 0;
    }
    const r = imp.revert!;
    const keptLine = kept.length > 0 ? `\nkept as written since: ${kept.map(printable).join(', ')}${r.kept > kept.length ? ', ...' : ''}` : '';
    process.stdout.write(`import ${imp.id} reverted: ${formatCount(r.restored)} products restored, ${formatCount(r.removed)} removed, ` +
      `${formatCount(r.kept)} kept${keptLine}\n`);
    return 0;
  },
};

async function remoteDetail(remote: RemoteServer, id: number, errorLimit: number, nameLimit: number): Promise<ImportDetail> {
  const imp = await remote.request<ImportView>('GET', `/api/imports/${id}`);
  const errors = errorLimit === 0 ? [] : (await remote.request<{ items: ImportDetail['errors'] }>('GET', `/api/imports/${id}/errors?limit=${Math.min(errorLimit, 1000)}`)).items;
  const changes = !imp.options.dryRun || nameLimit === 0
    ? []
    : (await remote.request<{ items: ImportDetail['changes'] }>('GET', `/api/imports/${id}/name-changes?limit=${Math.min(nameLimit, 1000)}`)).items;
  return { imp, errors, changes };
}
