// The API's resources as the dashboard reads them; they mirror the zod schemas in src/api/schemas.ts (the
// OpenAPI document at /openapi.json is generated from those).

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'reverted';

/** Where an unfinished import is; `waiting` means for imports submitted before it. */
export type ImportPhase = 'queued' | 'split' | 'load' | 'waiting' | 'merge';

export type Encoding = 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be';
export type Delimiter = ',' | ';' | '\t' | '|';

/** How the file was asked to be read and applied (what POST /api/imports was given). */
export interface ImportOptions {
  dryRun: boolean;
  mode: 'partial' | 'strict';
  /** null: no limit. */
  maxErrors: number | null;
  encoding: Encoding | 'auto';
  delimiter: Delimiter | 'auto';
}

/** What the first 64 KiB of a file look like. */
export interface Dialect {
  encoding: Encoding;
  delimiter: Delimiter;
}

export interface Import {
  id: number;
  sourceName: string;
  sourceBytes: number | null;
  sha256: string | null;
  status: ImportStatus;
  /** null once finished. */
  phase: ImportPhase | null;
  options: ImportOptions;
  detected: Dialect | null;
  /** An earlier succeeded import of a file with the same sha256. */
  duplicateOf: number | null;
  columns: string[] | null;
  ignoredColumns: string[];
  ignoredColumnCount: number;
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
  /** A finished dry run: how many names would change product count (listed by /name-changes). */
  nameChanges: number | null;
  /** Applied, and what it changed is still kept for a revert. */
  revertible: boolean;
  revert: {
    revertedAt: string;
    /** Products put back as they were before the import. */
    restored: number;
    /** Products the import had created, deleted. */
    removed: number;
    /** Products written since the import, left as they are (a forced revert). */
    kept: number;
  } | null;
}

/** A dry run's name whose product count would change. */
export interface NameChange {
  name: string;
  countBefore: number;
  countAfter: number;
}

export interface RevertResult {
  import: Import;
  /** SKUs written since the import that a forced revert left as they are (the first 1000). */
  kept: string[];
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
