// The API's resources as the dashboard reads them; they mirror the zod schemas in src/api/schemas.ts (the
// OpenAPI document at /openapi.json is generated from those).

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'reverted';

export interface Import {
  id: number;
  sourceName: string;
  sourceBytes: number | null;
  sha256: string | null;
  status: ImportStatus;
  columns: string[] | null;
  ignoredColumns: string[];
  counts: {
    rowsRead: number;
    rowsRejected: number;
    rowsInserted: number;
    rowsUpdated: number;
    rowsUnchanged: number;
    rowsSuperseded: number;
  };
  progress: {
    bytesDone: number;
    bytesTotal: number | null;
    rowsDone: number;
    chunksDone: number;
    chunksTotal: number | null;
    percent: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  timingsMs: Record<'upload' | 'split' | 'parse' | 'load' | 'merge' | 'total', number | null>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportError {
  line: number;
  reason: string;
  raw: string;
}

export interface Product {
  sku: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  lastImportId: number | null;
}

export interface Aggregate {
  name: string;
  productCount: number;
}

export interface Stats {
  products: number;
  distinctNames: number;
  importsByStatus: Record<ImportStatus, number>;
  lastImport: Import | null;
}

/** A keyset page: `next` is the opaque cursor of the following page, null on the last. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Queued or running: it may still change. Any other status is final (including ones newer than this code). */
export function isActive(status: ImportStatus): boolean {
  return status === 'queued' || status === 'running';
}
