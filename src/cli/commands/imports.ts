import { cancelImport, requireImport, retryImport, RetryDialect } from '../../imports/service.js';
import { revertImport } from '../../imports/revert.js';
import { ConfigError } from '../../errors.js';
import { listImportErrors } from '../../imports/chunks.js';
import type { ImportRecord } from '../../imports/model.js';
import { presentImport, type RecordedCosts } from '../../imports/present.js';
import { listImports, recentPhaseCosts } from '../../imports/store.js';
import { listNameChanges } from '../../ingest/preview.js';
import { numberOption, type Command, type ParsedArgs } from '../args.js';
import { commandContext, withApp, withDatabase } from '../context.js';
import { formatBytes, formatCount, formatMs, importSummary, jsonLine, printable } from '../format.js';

function importId(args: ParsedArgs, command: string): number {
  const id = Number(args.positionals[0]);
  if (args.positionals.length !== 1 || !Number.isSafeInteger(id) || id <= 0) throw new ConfigError(`usage: lfp ${command} ID`);
  return id;
}

/** --json prints the import exactly as the API returns it (its progress weighed by the same recorded costs). */
function print(args: ParsedArgs, imp: ImportRecord, costs: RecordedCosts, text: string): void {
  process.stdout.write(args.values.json ? jsonLine(presentImport(imp, new Date(), costs)) : `${text}\n`);
}

export const importsCommand: Command = {
  name: 'imports',
  summary: 'list imports, newest first',
  usage: `lfp imports [--limit N] [--json]

Options:
  --limit N   how many (default 20)
  --json      one line of JSON per import, as the API shows it`,
  options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args) {
    const limit = numberOption(args, 'limit', 20, 1, 10_000);
    const [imports, costs] = await withDatabase(commandContext(), (db) => Promise.all([listImports(db.pool, limit), recentPhaseCosts(db.pool)]));
    if (args.values.json) {
      for (const imp of imports) process.stdout.write(jsonLine(presentImport(imp, new Date(), costs)));
      return 0;
    }
    const rows = imports.map((i) =>
      [String(i.id), i.status, printable(i.sourceName), formatBytes(i.sourceBytes ?? 0), formatCount(i.rowsRead), formatCount(i.rowsRejected),
        formatMs(i.timings.total), i.createdAt.toISOString().slice(0, 19).replace('T', ' ')],
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
  usage: `lfp import ID [--errors N] [--names N] [--json]

Options:
  --errors N   how many rejected rows to list (default 20)
  --names N    a dry run: how many of the names whose product count would change to list (default 20)
  --json       print the import as JSON, exactly as the API returns it`,
  options: { errors: { type: 'string' }, names: { type: 'string' }, json: { type: 'boolean' } },
  async run(args) {
    const id = importId(args, 'import');
    const limit = numberOption(args, 'errors', 20, 0, 100_000);
    const nameLimit = numberOption(args, 'names', 20, 0, 100_000);
    await withApp(commandContext(), async (app) => {
      const imp = await requireImport(app, id);
      const errors = await listImportErrors(app.db.pool, id, 0, limit);
      const lines = errors.map((e) => `  line ${e.line}: ${printable(e.reason)}: ${printable(e.raw.slice(0, 80))}`);
      const changes = imp.options.dryRun ? await listNameChanges(app.db.pool, id, undefined, nameLimit) : [];
      const names = changes.map((c) => `  ${printable(c.name)}: ${formatCount(c.countBefore)} -> ${formatCount(c.countAfter)}`);
      const costs = await recentPhaseCosts(app.db.pool);
      print(args, imp, costs, [
        importSummary(presentImport(imp, new Date(), costs)),
        ...(lines.length ? ['rejected rows:', ...lines] : []),
        ...(names.length ? ['product counts that would change:', ...names] : []),
      ].join('\n'));
    });
    return 0;
  },
};

export const cancelCommand: Command = {
  name: 'cancel',
  summary: 'cancel a queued or running import; the tables stay as they were',
  usage: 'lfp cancel ID [--json]',
  options: { json: { type: 'boolean' } },
  async run(args) {
    const id = importId(args, 'cancel');
    const [imp, costs] = await withApp(commandContext(), async (app) => [await cancelImport(app, id), await recentPhaseCosts(app.db.pool)] as const);
    print(args, imp, costs, `import ${imp.id} cancelled`);
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
  --dialect   suggested: read the file with the encoding and delimiter the import suggests; detect: detect both`,
  options: { json: { type: 'boolean' }, dialect: { type: 'string' } },
  async run(args) {
    const id = importId(args, 'retry');
    const dialect = RetryDialect.safeParse(args.values.dialect ?? 'as-before');
    if (!dialect.success) throw new ConfigError(`--dialect: one of ${RetryDialect.options.join(', ')}`);
    const [imp, costs] = await withApp(commandContext(), async (app) => [await retryImport(app, id, dialect.data), await recentPhaseCosts(app.db.pool)] as const);
    print(args, imp, costs, `import ${imp.id} queued again${dialect.data === 'as-before' ? '' : ` (encoding ${imp.options.encoding}, delimiter ${JSON.stringify(imp.options.delimiter)})`}`);
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
  --force   revert the products left alone since, keep the others as they are, and list those`,
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args) {
    const id = importId(args, 'revert');
    const [{ import: imp, kept }, costs] = await withApp(commandContext(), async (app) =>
      [await revertImport(app, id, args.values.force === true), await recentPhaseCosts(app.db.pool)] as const);
    if (args.values.json) {
      process.stdout.write(jsonLine({ import: presentImport(imp, new Date(), costs), kept }));
      return 0;
    }
    const r = imp.revert!;
    const keptLine = kept.length > 0 ? `\nkept as written since: ${kept.map(printable).join(', ')}${r.kept > kept.length ? ', ...' : ''}` : '';
    process.stdout.write(`import ${imp.id} reverted: ${formatCount(r.restored)} products restored, ${formatCount(r.removed)} removed, ` +
      `${formatCount(r.kept)} kept${keptLine}\n`);
    return 0;
  },
};
