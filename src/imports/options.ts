import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_DIALECT, DELIMITER_NAMES, DialectRequest, Encoding } from '../csv/dialect.js';
import { ColumnMapping, MAX_MAPPED_NAME } from '../csv/mapping.js';

/** What a user chooses when submitting a file, for the API and the CLI alike: the one definition. Pure. */

export const ImportMode = z.enum(['partial', 'strict']);
export type ImportMode = z.infer<typeof ImportMode>;

const MODE_HELP = 'partial: bad rows are rejected and the rest applied; strict: any rejected row fails the import, nothing applied';
const DRY_RUN_HELP = 'run every phase but the apply and report what would happen; products do not change';
const MAX_ERRORS_HELP = 'fail the import, nothing applied, once more than this many rows were rejected';
const ON_CONFLICT_HELP = 'update (default): a listed SKU that exists takes the file\'s name and description; skip: it is left as it is ' +
  '(counted as rowsSkipped), only new SKUs are inserted';
const SYNC_HELP = 'the file is the whole catalogue: after the import, products holds exactly its SKUs, the others are deleted ' +
  '(rowsDeleted; a revert brings them back). A rejected row whose SKU can be read keeps its product';
const MAX_DELETE_HELP = 'sync: fail the import, nothing changed, when it would delete more than this percent of the products (default 10)';

export const OnConflict = z.enum(['update', 'skip']);
export type OnConflict = z.infer<typeof OnConflict>;

/** The options an import runs with, as stored on it and shown by the API. */
export const ImportOptions = DialectRequest.extend({
  dryRun: z.boolean().describe(DRY_RUN_HELP),
  mode: ImportMode.describe(MODE_HELP),
  maxErrors: z.number().int().nonnegative().nullable().describe(MAX_ERRORS_HELP),
  mapping: ColumnMapping.describe('the file column each product column is read from; a product column left out is found by its own name'),
  onConflict: OnConflict.describe(ON_CONFLICT_HELP),
  sync: z.boolean().describe(SYNC_HELP),
  maxDeletePercent: z.number().min(0).max(100).describe(MAX_DELETE_HELP),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export const DEFAULT_OPTIONS: ImportOptions = {
  dryRun: false, mode: 'partial', maxErrors: null, ...DEFAULT_DIALECT, mapping: {}, onConflict: 'update', sync: false, maxDeletePercent: 10,
};

/** A saved, named set of options and a mapping (PUT /api/profiles/{name}, lfp profiles), applied with profile=NAME. */
export const ImportProfile = z.strictObject({
  options: ImportOptions.omit({ mapping: true }).partial().strict().default({})
    .describe('options of the imports that use the profile; an option given with an import overrides its profile\'s'),
  mapping: ColumnMapping.default({}).describe('the profile\'s column mapping; a mapping given with an import overrides it column by column'),
});
export type ImportProfile = z.infer<typeof ImportProfile>;

export const ProfileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", at most 64, starting with a letter or digit');

const DELIMITER_CHOICES: Readonly<Record<string, ImportOptions['delimiter']>> = { ...DELIMITER_NAMES, auto: 'auto' };

const FLAG_TEXT = z.enum(['true', 'false', '1', '0']);
const flagValue = (v: string) => v === 'true' || v === '1';
/** A flag given as text (a query parameter, a CLI switch): true or false, also 1 or 0; absent means false. */
export const Flag = FLAG_TEXT.default('false').transform(flagValue);
/** A flag that, absent, leaves the choice to the profile (and then the default). */
const OptionalFlag = FLAG_TEXT.optional().transform((v) => (v === undefined ? undefined : flagValue(v)));
const MappedColumn = (product: string) => z.string().min(1).max(MAX_MAPPED_NAME).optional()
  .describe(`the file column that holds the ${product} (a mapping: "Item Number", say)`);

/**
 * The options of a submission as the API's query and the CLI's flags give them, as text. An option left out is the
 * profile's, if one is named and sets it, else the default.
 */
export const ImportRequest = z.object({
  profile: ProfileName.optional().describe('a saved profile (PUT /api/profiles/{name}): its options and mapping, under those given here'),
  dryRun: OptionalFlag.describe(DRY_RUN_HELP),
  mode: ImportMode.optional().describe(`${MODE_HELP} (default partial)`),
  maxErrors: z.string().regex(/^\d{1,15}$/, 'a whole number of rows').transform(Number).optional().describe(MAX_ERRORS_HELP),
  encoding: z.enum([...Encoding.options, 'auto']).optional()
    .describe('text encoding of the file (default utf-8); auto: what its first 64 KiB look like (the import reports what it detected)'),
  delimiter: z.enum(Object.keys(DELIMITER_CHOICES) as [string, ...string[]]).optional()
    .transform((name) => (name === undefined ? undefined : DELIMITER_CHOICES[name]))
    .describe('field delimiter: , (default) ; | or tab (also comma, semicolon, pipe, \\t), or auto'),
  'map.sku': MappedColumn('SKU'),
  'map.name': MappedColumn('name'),
  'map.description': MappedColumn('description'),
  onConflict: OnConflict.optional().describe(ON_CONFLICT_HELP),
  sync: OptionalFlag.describe(SYNC_HELP),
  maxDeletePercent: z.string().regex(/^\d{1,3}(\.\d{1,6})?$/, 'a percentage from 0 to 100').transform(Number)
    .refine((n) => n <= 100, 'a percentage from 0 to 100').optional().describe(MAX_DELETE_HELP),
  skipIfSeen: Flag.describe('when a file with the same sha256 was already imported successfully, record a skipped import instead'),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export interface Choices {
  options: ImportOptions;
  skipIfSeen: boolean;
  /** The profile the options started from. */
  profile: string | null;
}

/**
 * The options an import ends up with: the defaults, under the profile's (if the request names one), under the
 * request's own; a mapping merges column by column. Also whether to skip a file seen before.
 */
export function fromRequest(request: ImportRequest, profile?: ImportProfile): Choices {
  const given = givenOptions(request);
  return {
    options: { ...DEFAULT_OPTIONS, ...profile?.options, ...given.options, mapping: { ...profile?.mapping, ...given.mapping } },
    skipIfSeen: request.skipIfSeen,
    profile: request.profile ?? null,
  };
}

/** Only the options and mapped columns a request gives: what `lfp profiles save` saves. */
export function givenOptions(request: ImportRequest): ImportProfile {
  const { skipIfSeen: _skip, profile: _profile, 'map.sku': sku, 'map.name': name, 'map.description': description, ...rest } = request;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined));
  return { options: defined(rest), mapping: defined({ sku, name, description }) };
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
 * What makes two submissions "the same request" for an idempotency key: the file (its content's sha256, or an object
 * read in place by its URL and ETag) and every option that changes what the import does (the file's name does not).
 */
export function requestFingerprint(file: string, options: ImportOptions, skipIfSeen: boolean, profile: string | null = null): string {
  const { mapping } = options;
  const canonical = JSON.stringify([
    file, options.dryRun, options.mode, options.maxErrors, options.encoding, options.delimiter, skipIfSeen,
    mapping.sku ?? null, mapping.name ?? null, mapping.description ?? null, options.onConflict, options.sync, options.maxDeletePercent, profile,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
