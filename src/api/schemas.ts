import { z } from 'zod';
import { LIMITS } from '../ingest/rows.js';

/** Schemas of the API's requests and responses: they validate, serialize and make up the OpenAPI document. */

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  requestId: z.string(),
});

/** SKUs in paths: the same limit as the column, no control characters. */
export const Sku = z.string().min(1).max(LIMITS.sku).regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');

export const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
export const Cursor = z.string().max(2000).optional();

export const Product = z.object({
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastImportId: z.number().int().nullable(),
});

export const ProductFields = z.object({
  name: z.string().trim().max(LIMITS.name).default(''),
  description: z.string().trim().max(LIMITS.description).default(''),
});

export const Aggregate = z.object({ name: z.string(), productCount: z.number().int() });

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export const ImportStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

export const Import = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  sourceBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  status: ImportStatus,
  columns: z.array(z.string()).nullable(),
  ignoredColumns: z.array(z.string()),
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
});

export const ImportError = z.object({ line: z.number().int(), reason: z.string(), raw: z.string() });

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
