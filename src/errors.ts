/**
 * Typed errors. Each carries a stable `code` (the problem type's last path segment for the API) and the
 * HTTP status it maps to; the CLI prints `message` on one line and exits non-zero.
 */
export class LfpError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** Members the API adds to the problem (RFC 9457 extensions), for a client to act on. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The environment or a command line is invalid. */
export class ConfigError extends LfpError {
  constructor(message: string) {
    super(message, 'invalid-config', 400);
  }
}

/** The file as a whole cannot be ingested (no header, no sku column, unterminated quote...). */
export class FileFormatError extends LfpError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'invalid-file', 422, details);
  }
}

/** A column mapping names a column the file's header does not have: the header's columns are listed. */
export class UnknownColumnError extends FileFormatError {
  constructor(message: string, columns: string[]) {
    super(message, { columns });
  }
}

/** Sync would delete more of the products than the import allows (maxDeletePercent): nothing was changed. */
export class SyncGuardError extends LfpError {
  constructor(message: string, details: { wouldDelete: number; products: number; maxDeletePercent: number }) {
    super(message, 'sync-guard', 422, details);
  }
}

/** An import names a profile that is not saved. */
export class UnknownProfileError extends LfpError {
  constructor(name: string) {
    super(`there is no import profile named ${quoteInput(name)} (lfp profiles lists them)`, 'unknown-profile', 422);
  }
}

/** The file to import is larger than the upload size limit (LFP_MAX_UPLOAD_BYTES). */
export class UploadTooLargeError extends LfpError {
  constructor(limit: number) {
    super(`the file is larger than the limit of ${limit} bytes (decompressed, for gzip)`, 'too-large', 413);
  }
}

/** The upload itself is wrong: no body, a malformed multipart body, fewer or more bytes than it declared. */
export class BadUploadError extends LfpError {
  constructor(message: string) {
    super(message, 'bad-upload', 400);
  }
}

/** The stored upload (or the object read in place) is missing or no longer what was submitted: the import cannot go on. */
export class StorageError extends LfpError {
  constructor(message: string) {
    super(message, 'storage', 500);
  }
}

/** Upload storage cannot be used: a bucket that does not exist, credentials it refuses, an endpoint that does not answer. */
export class StorageUnavailableError extends LfpError {
  constructor(message: string) {
    super(message, 'storage-unavailable', 503);
  }
}

/** The database cannot be reached or started (the embedded PostgreSQL did not come up, say). */
export class DatabaseUnavailableError extends LfpError {
  constructor(message: string) {
    super(message, 'database-unavailable', 503);
  }
}

/** The merge strategy asked for cannot apply the import (LFP_MERGE_STRATEGY=rebuild on tables that cannot be swapped). */
export class MergeStrategyError extends LfpError {
  constructor(message: string) {
    super(message, 'merge-strategy', 500);
  }
}

/** The request conflicts with the state of the thing it names (cancel a finished import...). */
export class ConflictError extends LfpError {
  constructor(message: string) {
    super(message, 'conflict', 409);
  }
}

/** A revert would overwrite products written since the import: they are listed (the first of them) and counted. */
export class RevertConflictError extends LfpError {
  constructor(message: string, conflicts: string[], conflictCount: number) {
    super(message, 'revert-conflict', 409, { conflicts, conflictCount });
  }
}

/** An idempotency key was sent again with another file or other options. */
export class IdempotencyKeyReusedError extends LfpError {
  constructor(message: string, importId: number) {
    super(message, 'idempotency-key-reused', 422, { importId });
  }
}

export class NotFoundError extends LfpError {
  constructor(message: string) {
    super(message, 'not-found', 404);
  }
}

/** A browser sent a write from a page of another origin (cross-site request forgery, or a mistake). */
export class ForbiddenError extends LfpError {
  constructor(message: string) {
    super(message, 'forbidden', 403);
  }
}

/** The request names a host this server does not serve (DNS rebinding, or a misconfigured proxy). */
export class MisdirectedRequestError extends LfpError {
  constructor(message: string) {
    super(message, 'misdirected-request', 421);
  }
}

/** The import was cancelled while it ran. */
export class CancelledError extends LfpError {
  constructor(message = 'the import was cancelled') {
    super(message, 'cancelled', 409);
  }
}

/** The import has failed (its record says why, the rows it rejected, say): work on it stops. */
export class ImportFailedError extends LfpError {
  constructor(message = 'the import failed') {
    super(message, 'import-failed', 409);
  }
}

/**
 * Outbound requests (src/net/outbound.ts: webhook deliveries, URL imports). A refusal is decided before anything is
 * sent: the URL is not http(s), its host is not one the caller allows, or it resolves to an address that is not
 * public (loopback, private, link-local...). The others describe what the remote end did.
 */
export class OutboundRefusedError extends LfpError {
  constructor(message: string, code: string, details: Record<string, unknown> = {}) {
    super(message, code, 422, details);
  }
}

/** Not an http or https URL (or not a URL at all). */
export class UnsupportedUrlError extends OutboundRefusedError {
  constructor(message: string) {
    super(message, 'unsupported-url');
  }
}

/** The URL's host is not in the list of hosts the caller may reach. */
export class HostNotAllowedError extends OutboundRefusedError {
  constructor(message: string, host: string) {
    super(message, 'host-not-allowed', { host });
  }
}

/** The host resolves to an address outbound requests must not reach (loopback, private, link-local, ...). */
export class AddressRefusedError extends OutboundRefusedError {
  constructor(message: string, host: string, address: string, range: string) {
    super(message, 'address-refused', { host, address, range });
  }
}

/** The remote server did not answer in time. */
export class OutboundTimeoutError extends LfpError {
  constructor(message: string) {
    super(message, 'outbound-timeout', 504);
  }
}

/** The remote server could not be reached, redirected too often, or sent more than allowed. */
export class OutboundFailedError extends LfpError {
  constructor(message: string) {
    super(message, 'outbound-failed', 502);
  }
}

/** The remote server answered with an error status (403, 404...): `status` says which. */
export class OutboundStatusError extends LfpError {
  constructor(message: string, readonly remoteStatus: number) {
    super(message, 'outbound-status', 502, { remoteStatus });
  }
}

/**
 * C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional marks and overrides that reorder
 * what is shown: what must not reach a terminal, a log line or a message raw.
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Unsafe characters written as `\\uXXXX`, so a name or message can go to a terminal, a log or a page as it is. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text from a file or a request quoted in a message: in double quotes, unsafe characters escaped, cut to `max`. */
export function quoteInput(text: string, max = 100): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  return `"${escapeUnsafe(cut.replaceAll('\\', '\\\\').replaceAll('"', '\\"'))}"`;
}

/** How long an error message kept on an import may be: every listing and event carries it. */
export const MAX_ERROR_MESSAGE = 1000;

/** An error message as stored and shown: unsafe characters escaped (NUL cannot even be stored), bounded. */
export function boundedMessage(message: string): string {
  const safe = escapeUnsafe(message);
  return safe.length > MAX_ERROR_MESSAGE ? `${safe.slice(0, MAX_ERROR_MESSAGE)}...` : safe;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
