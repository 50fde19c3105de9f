import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_DIALECT, ENCODINGS, type Delimiter, type Encoding } from '../ingest/dialect.js';

/** What a user chooses when submitting a file, for the API and the CLI alike. Pure. */

export type ImportMode = 'partial' | 'strict';

export interface ImportOptions {
  /** Run every phase but the apply and report what the import would do. */
  dryRun: boolean;
  /** partial: bad rows are rejected and the rest applied; strict: any rejected row fails the whole import. */
  mode: ImportMode;
  /** Fail the import once more rows than this were rejected; null: no limit. */
  maxErrors: number | null;
  encoding: Encoding | 'auto';
  delimiter: Delimiter | 'auto';
}

export const DEFAULT_OPTIONS: ImportOptions = { dryRun: false, mode: 'partial', maxErrors: null, ...DEFAULT_DIALECT };

/** Delimiters by the names people type on a command line or in a URL. */
export const DELIMITER_NAMES: Record<string, Delimiter | 'auto'> = {
  ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t', '|': '|', pipe: '|', auto: 'auto',
};

/** A flag given as text (a query parameter, a CLI switch): true or false, also 1 or 0; absent means false. */
export const Flag = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

/** The options of a submission as the API's query and the CLI's flags give them, as text. */
export const ImportRequest = z.object({
  dryRun: Flag.describe('run every phase but the apply and report what would happen; products do not change'),
  mode: z.enum(['partial', 'strict']).default('partial')
    .describe('partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied'),
  maxErrors: z.string().regex(/^\d{1,15}$/, 'a whole number of rows').transform(Number).optional()
    .describe('fail the import, nothing applied, once more than this many rows were rejected'),
  encoding: z.enum([...ENCODINGS, 'auto']).default('utf-8')
    .describe('text encoding of the file; auto: what its first 64 KiB look like (the import reports what it detected)'),
  delimiter: z.enum(Object.keys(DELIMITER_NAMES) as [string, ...string[]]).default(',').transform((name) => DELIMITER_NAMES[name]!)
    .describe('field delimiter: , ; | or tab (also comma, semicolon, pipe, \\t), or auto'),
  skipIfSeen: Flag.describe('when a file with the same sha256 was already imported successfully, record a skipped import instead'),
});

/** Splits a parsed request into the import's options and whether to skip a file seen before. */
export function fromRequest(request: z.infer<typeof ImportRequest>): { options: ImportOptions; skipIfSeen: boolean } {
  const { skipIfSeen, maxErrors, ...rest } = request;
  return { options: { ...rest, maxErrors: maxErrors ?? null }, skipIfSeen };
}

export interface RejectionState {
  mode: ImportMode;
  maxErrors: number | null;
  rowsRejected: number;
}

/** Why an import fails for the rows it rejected, or undefined while it may go on. */
export function rejectionLimitMessage(state: RejectionState, first?: { line: number; reason: string }): string | undefined {
  const example = first ? ` (line ${first.line}: ${first.reason})` : '';
  const rows = `${state.rowsRejected} row${state.rowsRejected === 1 ? ' was' : 's were'} rejected`;
  if (state.mode === 'strict' && state.rowsRejected > 0) return `strict mode: ${rows}${example}; nothing was applied`;
  if (state.maxErrors !== null && state.rowsRejected > state.maxErrors) {
    return `more than maxErrors=${state.maxErrors}: ${rows}${example}; nothing was applied`;
  }
  return undefined;
}

/**
 * What makes two submissions "the same request" for an idempotency key: the file's content and every option
 * that changes what the import does (the file's name does not).
 */
export function requestFingerprint(sha256: string, options: ImportOptions, skipIfSeen: boolean): string {
  const canonical = JSON.stringify([sha256, options.dryRun, options.mode, options.maxErrors, options.encoding, options.delimiter, skipIfSeen]);
  return createHash('sha256').update(canonical).digest('hex');
}
