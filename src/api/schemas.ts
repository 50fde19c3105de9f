import { z } from 'zod';
import { ImportRequest } from '../imports/options.js';
import { DELIMITERS, ENCODINGS } from '../ingest/dialect.js';
import { LIMITS } from '../ingest/rows.js';
import { NO_NUL, NUL_MESSAGE, maxChars } from '../products/text.js';
import { MAX_CURSOR_LENGTH } from './cursor.js';

/** Schemas of the API's requests and responses: they validate, serialize and make up the OpenAPI document. */

export { Flag } from '../imports/options.js';

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  requestId: z.string(),
});

/** Sku for what creates a product, StoredSku for what looks one up (products stored before the rule included). */
export { Sku, StoredSku } from '../products/sku.js';

/** Text of at most `max` characters, as the column counts them; NUL is refused (PostgreSQL cannot store it). */
export const Text = (max: number, base = z.string()) => maxChars(base, max).regex(NO_NUL, NUL_MESSAGE);

export const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
export const Cursor = z.string().max(MAX_CURSOR_LENGTH).optional();

export const Product = z.object({
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastImportId: z.number().int().nullable(),
});

/** Other control characters than NUL are kept, as an import keeps them (tabs and line breaks in descriptions). */
export const ProductFields = z.object({
  name: Text(LIMITS.name, z.string().trim()).default(''),
  description: Text(LIMITS.description, z.string().trim()).default(''),
});

export const Aggregate = z.object({ name: z.string(), productCount: z.number().int() });

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export const ImportStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped', 'reverted']);

export const Encoding = z.enum(ENCODINGS);
export const Delimiter = z.enum(DELIMITERS);
const Dialect = z.object({ encoding: Encoding, delimiter: Delimiter });

export const ImportOptions = z.object({
  dryRun: z.boolean(),
  mode: z.enum(['partial', 'strict']),
  maxErrors: z.number().int().nullable(),
  encoding: z.union([Encoding, z.literal('auto')]),
  delimiter: z.union([Delimiter, z.literal('auto')]),
});

export const Import = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  sourceBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  status: ImportStatus,
  phase: z.enum(['queued', 'splitting', 'loading', 'waiting', 'merging']).nullable()
    .describe('where an unfinished import is: waiting means for imports submitted before it; null once finished'),
  options: ImportOptions,
  detected: Dialect.nullable().describe('what the first 64 KiB of the file look like: encoding and delimiter'),
  duplicateOf: z.number().int().nullable().describe('an earlier succeeded import of a file with the same sha256'),
  columns: z.array(z.string()).nullable(),
  ignoredColumns: z.array(z.string()).describe('columns the import ignores: the first 50, names cut to 200 characters'),
  ignoredColumnCount: z.number().int().describe('how many columns the import ignores in all'),
  counts: z.object({
    rowsRead: z.number().int(),
    rowsRejected: z.number().int(),
    rowsInserted: z.number().int(),
    rowsUpdated: z.number().int(),
    rowsUnchanged: z.number().int(),
    rowsSuperseded: z.number().int(),
  }),
  progress: z.object({
    bytesDone: z.number().int(),
    bytesTotal: z.number().int().nullable(),
    rowsDone: z.number().int(),
    chunksDone: z.number().int(),
    chunksTotal: z.number().int().nullable(),
    percent: z.number().nullable(),
    rowsPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  }),
  timingsMs: z.object({
    upload: z.number().nullable(),
    split: z.number().nullable(),
    parse: z.number().nullable(),
    load: z.number().nullable(),
    merge: z.number().nullable(),
    total: z.number().nullable(),
  }),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  nameChanges: z.number().int().nullable().describe('a dry run: how many names would change product count (listed at /name-changes)'),
  revertible: z.boolean().describe('applied, and what it changed is still kept for a revert'),
  revert: z.object({
    revertedAt: z.string(),
    restored: z.number().int().describe('products put back as they were before the import'),
    removed: z.number().int().describe('products the import had created, deleted'),
    kept: z.number().int().describe('products written since the import, left as they are (forced revert)'),
  }).nullable(),
});

/** How a file is to be imported: the query of POST /imports. */
export const SubmitQuery = ImportRequest.extend({
  filename: z.string().max(1000).optional().describe('name to show for the file (default: the multipart file name, or "upload")'),
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional()
    .describe('sending the same key again returns the first import (200) instead of creating another; with another file or options: 422'),
});

export const NameChange = z.object({ name: z.string(), countBefore: z.number().int(), countAfter: z.number().int() });

export const IdempotencyConflict = Problem.extend({ importId: z.number().int().optional().describe('the import the key was first used for') });

export const RevertConflict = Problem.extend({
  conflicts: z.array(z.string()).optional().describe('SKUs written since the import (the first 1000)'),
  conflictCount: z.number().int().optional(),
});

export const ImportError = z.object({ line: z.number().int(), reason: z.string(), raw: z.string() });

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const RevertResult = z.object({
  import: Import,
  kept: z.array(z.string()).describe('SKUs written since the import, left as they are by a forced revert (the first 1000)'),
});
