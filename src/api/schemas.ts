import { z } from 'zod';
import { Flag, ImportProfile, ImportRequest } from '../imports/options.js';
import { LIMITS } from '../csv/rows.js';
import { NO_NUL, NUL_MESSAGE, maxChars } from '../csv/text.js';
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
export { Sku, StoredSku } from '../csv/sku.js';

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

export const ResultCount = z.object({
  count: z.number().int(),
  kind: z.enum(['exact', 'estimate', 'at-least'])
    .describe("exact: counted; estimate: from the table's statistics (a large unfiltered list); at-least: more than count, not counted further"),
}).describe('how many results the list has, over all its pages');

/** A keyset page with how many results the whole list has. */
export const countedPage = <T extends z.ZodTypeAny>(item: T) => page(item).extend({ total: ResultCount });

export { ImportStatus } from '../imports/model.js';
export { ImportView as Import } from '../imports/present.js';
import { ImportView } from '../imports/present.js';

/** How a file is to be imported: the query of POST /imports. */
export const SubmitQuery = ImportRequest.extend({
  filename: z.string().max(1000).optional().describe('name to show for the file (default: the multipart file name, or "upload")'),
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional()
    .describe('sending the same key again returns the first import (200) instead of creating another; with another file or options: 422'),
});

/** A resumable upload's Upload-Metadata: the file name and import options, and an idempotency key as the header's. */
export const UploadMetadata = SubmitQuery.extend({ idempotencyKey: IdempotencyHeaders.shape['idempotency-key'] });

export const NameChange = z.object({ name: z.string(), countBefore: z.number().int(), countAfter: z.number().int() });

export const IdempotencyConflict = Problem.extend({ importId: z.number().int().optional().describe('the import the key was first used for') });

/** Why a submission is refused (422): a reused idempotency key, a mapping naming no column of the header, an unknown profile. */
export const SubmitProblem = IdempotencyConflict.extend({
  columns: z.array(z.string()).optional().describe('an unknown column in the mapping: the columns the header has (the first 50)'),
});

export const RevertConflict = Problem.extend({
  conflicts: z.array(z.string()).optional().describe('SKUs written since the import (the first 1000)'),
  conflictCount: z.number().int().optional(),
});

export const ImportError = z.object({ line: z.number().int(), reason: z.string(), raw: z.string() });

export { ImportProfile, ProfileName } from '../imports/options.js';

export const Profile = ImportProfile.extend({ name: z.string(), createdAt: z.string(), updatedAt: z.string() });

export const ErrorSummary = z.object({
  total: z.number().int().describe('rejected rows in all'),
  reasons: z.array(z.object({
    reason: z.string(),
    rows: z.number().int().describe('rows rejected for this reason'),
    firstLine: z.number().int().describe('the first line rejected for it'),
  })).describe('the reasons rows were rejected for, the most frequent first (at most 100)'),
});

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const RevertResult = z.object({
  import: ImportView,
  kept: z.array(z.string()).describe('SKUs written since the import, left as they are by a forced revert (the first 1000)'),
});

/** How the start of a file would be imported (POST /api/imports/preview): the query takes the options that decide it. */
export const PreviewQuery = ImportRequest.pick({ encoding: true, delimiter: true, 'map.sku': true, 'map.name': true, 'map.description': true }).extend({
  complete: Flag.describe('the body is the whole file (else its start: a record cut off at its end is left out)'),
});

export { FilePreview } from '../csv/head.js';
