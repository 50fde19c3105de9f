import type { App } from '../app.js';
import { readHeaderRecord } from '../csv/head.js';
import { parseHeader } from '../csv/header.js';
import { z } from 'zod';
import { dialectSuggestion, type DialectRequest } from '../csv/dialect.js';
import { inTransaction } from '../db/pool.js';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, UnknownColumnError } from '../errors.js';
import { QUEUES, sendInTransaction } from '../db/queue.js';
import { objectUrl, UPLOAD_GONE, type ImportFile, type StoredUpload } from '../storage/store.js';
import { clearChunks } from './chunks.js';
import { importEvents } from './events.js';
import { STATUS, type ImportRecord, type ImportStatus } from './model.js';
import { DEFAULT_OPTIONS, requestFingerprint, type ImportOptions } from './options.js';
import { dropStagingTable, dropStagingTableNow } from './staging.js';
import {
  findByIdempotencyKey, findObjectSha256, findSucceededImportOf, getImport, insertSubmittedImport, linkResumableUpload, markCancelled, markFailed,
  resetForRetry,
} from './store.js';

/** What users do with imports, for the CLI and the API alike. */

export interface SubmitRequest {
  sourceName: string;
  upload: StoredUpload;
  uploadMs: number;
  options?: ImportOptions;
  /** A client's key for this submission: sending it again returns the first import instead of a second one. */
  idempotencyKey?: string;
  /** Do not process a file that an earlier import already applied (same sha256). */
  skipIfSeen?: boolean;
  /** The saved profile the options started from (resolveChoices). */
  profile?: string | null;
  /** The resumable upload the file came from (its id in /api/uploads/<id>): linked to the import made or replayed. */
  resumableUploadId?: string;
}

export interface Submitted {
  import: ImportRecord;
  /** The idempotency key was known: this is the import its first submission made, and the upload was not used. */
  replayed: boolean;
  /** Whether the import keeps the upload; if not (replayed, or skipped), whoever stored it removes it. */
  keepsUpload: boolean;
}

/**
 * Queues a stored upload (or an object read in place): the imports row and its split job commit together. A file
 * already applied by an earlier import is reported as its duplicate and, with skipIfSeen, recorded as skipped instead
 * of queued. An object read in place is known by its content only in a version an import read before; otherwise its
 * duplicate is found once the split has read it, too late to skip it. The upload stays its caller's
 * (UploadStore.saveFor removes it) unless the result says the import keeps it.
 */
export async function submitImport(app: App, request: SubmitRequest): Promise<Submitted> {
  const options = request.options ?? DEFAULT_OPTIONS;
  const skipIfSeen = request.skipIfSeen ?? false;
  const profile = request.profile ?? null;
  const key = request.idempotencyKey;
  const { upload } = request;
  const sha256 = upload.object ? (await findObjectSha256(app.db.pool, upload.object)) ?? null : upload.sha256;
  // An object is the same request again in the same version, whether or not its content is known yet.
  const identity = upload.object ? `${objectUrl(upload.object)} ${upload.object.etag}` : upload.sha256;
  const fingerprint = requestFingerprint(identity, options, skipIfSeen, profile);
  await checkMapping(app, upload, options);
  const submitted = await inTransaction(app.db.pool, async (client) => {
    const duplicateOf = sha256 === null ? null : (await findSucceededImportOf(client, sha256)) ?? null;
    const skipped = skipIfSeen && duplicateOf !== null;
    const importId = await insertSubmittedImport(client, {
      sourceName: request.sourceName,
      storageKey: upload.key,
      sourceObject: upload.object,
      sourceBytes: upload.bytes,
      sha256,
      chunkBytes: app.config.chunkBytes,
      uploadMs: request.uploadMs,
      options,
      profile,
      duplicateOf,
      idempotency: key === undefined ? null : { key, fingerprint },
      skipped,
    });
    if (importId !== undefined && !skipped) await sendInTransaction(app.boss, client, QUEUES.split, { importId });
    if (importId !== undefined && skipped) await importEvents(app.boss).finished(client, importId, STATUS.skipped);
    if (importId !== undefined && request.resumableUploadId) await linkResumableUpload(client, request.resumableUploadId, importId);
    return importId;
  });
  if (submitted === undefined) {
    const first = await replay(app, key!, fingerprint);
    if (request.resumableUploadId) await linkResumableUpload(app.db.pool, request.resumableUploadId, first.id);
    return { import: first, replayed: true, keepsUpload: false };
  }
  const imp = (await getImport(app.db.pool, submitted))!;
  app.log.info({ importId: imp.id, source: request.sourceName, bytes: upload.bytes, status: imp.status }, 'import submitted');
  return { import: imp, replayed: false, keepsUpload: imp.status !== STATUS.skipped };
}

/**
 * A mapping that names a column the file's header lacks is refused at once (UnknownColumnError, listing the
 * header), before anything is queued: the header is read from the stored file's start. Any other problem with the
 * header is the import's to report, with its dialect hints.
 */
async function checkMapping(app: App, upload: StoredUpload, options: ImportOptions): Promise<void> {
  if (Object.keys(options.mapping).length === 0) return;
  try {
    const { record, dialect } = await readHeaderRecord(app.uploadStore.fileOf(upload.key, upload.object).read(), options);
    parseHeader(record, dialect.delimiter.charCodeAt(0), options.mapping);
  } catch (error) {
    if (error instanceof UnknownColumnError) throw error;
  }
}

/** The import an idempotency key was first used for, if this request is the same one. */
async function replay(app: App, key: string, fingerprint: string): Promise<ImportRecord> {
  const first = (await findByIdempotencyKey(app.db.pool, key))!;
  if (first.fingerprint !== fingerprint) {
    throw new IdempotencyKeyReusedError(
      `the Idempotency-Key was first used for import ${first.id} with another file or other options; use a new key for a new request`,
      first.id,
    );
  }
  return requireImport(app, first.id);
}

export async function requireImport(app: App, importId: number): Promise<ImportRecord> {
  const found = await getImport(app.db.pool, importId);
  if (!found) throw new NotFoundError(`there is no import ${importId}`);
  return found;
}

/** Why a finished import cannot be cancelled, as a sentence ends. */
const FINISHED_AS: Partial<Record<ImportStatus, string>> = {
  [STATUS.succeeded]: 'has already succeeded',
  [STATUS.failed]: 'has already failed',
  [STATUS.cancelled]: 'was already cancelled',
  [STATUS.skipped]: 'was skipped: it never ran',
  [STATUS.reverted]: 'has already succeeded (and was reverted since)',
};

/** Stops an import: its remaining jobs find it cancelled and do nothing; its staging data goes now. */
export async function cancelImport(app: App, importId: number): Promise<ImportRecord> {
  const current = await requireImport(app, importId);
  const cancelled = await inTransaction(app.db.pool, async (client) => {
    const changed = await markCancelled(client, importId);
    if (changed) await importEvents(app.boss).finished(client, importId, STATUS.cancelled);
    return changed;
  });
  if (!cancelled) {
    const { status } = await requireImport(app, importId);
    throw new ConflictError(`import ${importId} ${FINISHED_AS[status] ?? `is ${status}`}`);
  }
  await discardWork(app, current);
  app.log.info({ importId }, 'import cancelled');
  return requireImport(app, importId);
}

/** Submits a failed or cancelled import again, from its stored upload. */
/** How a retry reads the file: as before, with the dialect the server suggested for it, or detecting both. */
export const RetryDialect = z.enum(['as-before', 'suggested', 'detect']);
export type RetryDialect = z.infer<typeof RetryDialect>;

export async function retryImport(app: App, importId: number, dialect: RetryDialect = 'as-before'): Promise<ImportRecord> {
  const current = await requireImport(app, importId);
  if (current.status !== STATUS.failed && current.status !== STATUS.cancelled) {
    throw new ConflictError(`import ${importId} is ${current.status}: only a failed or cancelled import can be retried`);
  }
  const suggestion = current.detected && dialectSuggestion(current.options, current.detected);
  if (dialect === 'suggested' && !suggestion) throw new ConflictError(`import ${importId} has no other encoding or delimiter to try`);
  const readWith: DialectRequest = dialect === 'detect' ? { encoding: 'auto', delimiter: 'auto' }
    : { encoding: current.options.encoding, delimiter: current.options.delimiter, ...(dialect === 'suggested' ? suggestion : {}) };
  const missing = current.storageKey ? await importFile(app, current).missing() : UPLOAD_GONE;
  if (missing) throw new ConflictError(`import ${importId} cannot be retried: ${missing}`);
  const retried = await inTransaction(app.db.pool, async (client) => {
    if (!(await resetForRetry(client, importId, readWith))) return false;
    await dropStagingTableNow(client, importId); // rows of the earlier attempt, if any survived
    await clearChunks(client, importId);
    await sendInTransaction(app.boss, client, QUEUES.split, { importId });
    return true;
  });
  if (!retried) throw new ConflictError(`import ${importId} changed meanwhile and was not retried`);
  app.log.info({ importId }, 'import retried');
  return requireImport(app, importId);
}

/** Fails an import with a message users can act on, and drops what it had staged. */
export async function failImport(app: App, importId: number, message: string): Promise<void> {
  await inTransaction(app.db.pool, async (client) => {
    if (await markFailed(client, importId, message)) await importEvents(app.boss).finished(client, importId, STATUS.failed);
  });
  const found = await getImport(app.db.pool, importId);
  if (found) await discardWork(app, found);
  app.log.warn({ importId, error: message }, 'import failed');
}

/** The file a queued import reads: its stored upload, or the object it reads in place. */
export function importFile(app: App, imp: ImportRecord): ImportFile {
  return app.uploadStore.fileOf(imp.storageKey!, imp.sourceObject);
}

/** Drops staging and decompressed chunks; the upload stays for a retry. */
export async function discardWork(app: App, imp: ImportRecord): Promise<void> {
  await dropStagingTable(app.db.pool, imp.id);
  if (imp.storageKey) await app.uploadStore.removeChunks(imp.storageKey);
}
