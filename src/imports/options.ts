import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_DIALECT, DELIMITER_NAMES, DialectRequest, Encoding } from '../csv/dialect.js';

/** What a user chooses when submitting a file, for the API and the CLI alike: the one definition. Pure. */

export const ImportMode = z.enum(['partial', 'strict']);
export type ImportMode = z.infer<typeof ImportMode>;

const MODE_HELP = 'partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied';
const DRY_RUN_HELP = 'run every phase but the apply and report what would happen; products do not change';
const MAX_ERRORS_HELP = 'fail the import, nothing applied, once more than this many rows were rejected';

/** The options an import runs with, as stored on it and shown by the API. */
export const ImportOptions = DialectRequest.extend({
  dryRun: z.boolean().describe(DRY_RUN_HELP),
  mode: ImportMode.describe(MODE_HELP),
  maxErrors: z.number().int().nullable().describe(MAX_ERRORS_HELP),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export const DEFAULT_OPTIONS: ImportOptions = { dryRun: false, mode: 'partial', maxErrors: null, ...DEFAULT_DIALECT };

const DELIMITER_CHOICES = { ...DELIMITER_NAMES, auto: 'auto' } as const;

/** A flag given as text (a query parameter, a CLI switch): true or false, also 1 or 0; absent means false. */
export const Flag = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

/** The options of a submission as the API's query and the CLI's flags give them, as text. */
export const ImportRequest = z.object({
  dryRun: Flag.describe(DRY_RUN_HELP),
  mode: ImportMode.default(DEFAULT_OPTIONS.mode).describe(MODE_HELP),
  maxErrors: z.string().regex(/^\d{1,15}$/, 'a whole number of rows').transform(Number).optional().describe(MAX_ERRORS_HELP),
  encoding: z.enum([...Encoding.options, 'auto']).default(DEFAULT_OPTIONS.encoding)
    .describe('text encoding of the file; auto: what its first 64 KiB look like (the import reports what it detected)'),
  delimiter: z.enum(Object.keys(DELIMITER_CHOICES) as [string, ...string[]]).default(DEFAULT_OPTIONS.delimiter)
    .transform((name) => DELIMITER_CHOICES[name as keyof typeof DELIMITER_CHOICES])
    .describe('field delimiter: , ; | or tab (also comma, semicolon, pipe, \\t), or auto'),
  skipIfSeen: Flag.describe('when a file with the same sha256 was already imported successfully, record a skipped import instead'),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

/** Splits a parsed request into the import's options and whether to skip a file seen before. */
export function fromRequest(request: ImportRequest): { options: ImportOptions; skipIfSeen: boolean } {
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
