import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { SourceTap } from '../csv/source.js';
import { BadUploadError, ConfigError, StorageError } from '../errors.js';

/** An object of a bucket that an import reads where it is, in the version (ETag) it had when it was submitted. */
export interface SourceObject {
  bucket: string;
  name: string;
  etag: string;
}

/** The object's URL, for messages and the API. */
export function objectUrl(object: Pick<SourceObject, 'bucket' | 'name'>): string {
  return `s3://${object.bucket}/${object.name}`;
}

/** Bytes to store as an upload. */
export type UploadInput = AsyncIterable<Buffer> | NodeJS.ReadableStream;

/** An object to import where it is, with its size, as HeadObject found them at submission. */
export interface InPlace {
  inPlace: SourceObject;
  bytes: number;
}

export function isInPlace(input: UploadInput | InPlace): input is InPlace {
  return 'inPlace' in input;
}

/**
 * A submitted file. `key` names what lfp keeps of it in upload storage: the upload itself and, for gzip input, its
 * decompressed chunks; or, for an object read in place, only those chunks: its sha256 is known once it is read.
 */
export type StoredUpload =
  | { key: string; bytes: number; sha256: string; object: null }
  | { key: string; bytes: number; sha256: null; object: SourceObject };

/** What one upload has in storage (its file, a partial one, its chunks), by the time of its last change. */
export interface StoredKey {
  key: string;
  modified: Date;
}

/**
 * Uploaded files, named by a random key, and the chunks of decompressed gzip input written back beside them (a gzip
 * stream cannot be read from the middle). Two backends: a directory (`filesystem.ts`), which workers on other
 * machines reach only through a shared volume, and an S3-compatible bucket (`s3.ts`), which they reach over HTTP.
 */
export abstract class UploadStore {
  /** Where uploads go, for messages and logs: a directory or `s3://bucket/prefix`. */
  abstract readonly location: string;
  /**
   * Streams `input` into storage while hashing it; the upload appears under its key only when complete.
   * `declaredBytes`, when the length is known beforehand (a file's size, a Content-Length), is the length it must
   * have: an input that ends early or runs on is refused.
   */
  abstract save(input: UploadInput, declaredBytes?: number): Promise<StoredUpload & { object: null }>;
  /** The whole stored upload, as a stream. */
  abstract read(key: string): Readable;
  /** Writes one chunk of decompressed input, atomically; returns where it is, as recorded in its chunk's plan. */
  abstract writeChunk(key: string, index: number, data: Buffer): Promise<string>;
  /**
   * Reads `[start, start + into.length)` of the upload (chunk `null`) or of its chunk `chunk` into `into`; throws
   * if it is shorter.
   */
  abstract readRange(key: string, chunk: number | null, start: number, into: Buffer): Promise<void>;
  abstract exists(key: string): Promise<boolean>;
  abstract removeChunks(key: string): Promise<void>;
  /** Removes the upload, its chunks and any partial upload left under its key. */
  abstract remove(key: string): Promise<void>;
  /** Every key something is stored under, for the sweep. */
  abstract list(): Promise<StoredKey[]>;
  /** Throws StorageUnavailableError when storage cannot be used (wrong credentials, a missing bucket...). */
  abstract check(): Promise<void>;

  /**
   * The file an import reads: the upload stored under `key`, or `object` read where it is, which only a store that
   * reaches buckets can read (S3Store).
   */
  fileOf(key: string, object: SourceObject | null): ImportFile {
    if (object) throw new ConfigError(`${objectUrl(object)} is read with the S3 upload storage's client: set LFP_STORAGE_URL to s3://...`);
    return new ImportFile(this, key);
  }

  /**
   * Stores `input` and hands the upload to `use`; an object read in place is handed as it is, under a new key for
   * what lfp will make of it. Whoever stores an upload owns removing it: the store removes it again when `use`
   * throws, and when the outcome says no import keeps it (a replayed or skipped submission).
   */
  async saveFor<T extends { keepsUpload: boolean }>(
    input: UploadInput | InPlace,
    use: (upload: StoredUpload) => Promise<T>,
    declaredBytes?: number,
  ): Promise<T> {
    const upload: StoredUpload = isInPlace(input)
      ? { key: randomUUID(), bytes: input.bytes, sha256: null, object: input.inPlace }
      : await this.save(input, declaredBytes);
    const outcome = await use(upload).catch(async (error: unknown) => {
      await this.remove(upload.key);
      throw error;
    });
    if (!outcome.keepsUpload) await this.remove(upload.key);
    return outcome;
  }
}

/** Why an import whose upload was removed (by its retention, or by hand) cannot be read. */
export const UPLOAD_GONE = 'its uploaded file is no longer stored';

/**
 * The file an import reads, whichever kind: here the upload stored under `key`; an object of a bucket read where it
 * is in S3Store's subclass. The chunks of decompressed gzip input are lfp's own in both cases, stored under `key`.
 */
export class ImportFile {
  constructor(protected readonly store: UploadStore, readonly key: string) {}

  /** The whole file, as a stream. */
  read(): Readable {
    return this.store.read(this.key);
  }

  /** Reads `[start, start + into.length)` of the file (chunk `null`) or of its chunk `chunk` into `into`. */
  readRange(chunk: number | null, start: number, into: Buffer): Promise<void> {
    return this.store.readRange(this.key, chunk, start, into);
  }

  writeChunk(index: number, data: Buffer): Promise<string> {
    return this.store.writeChunk(this.key, index, data);
  }

  /** Why the file can no longer be read, as a sentence ends after "the import cannot be read: "; undefined if it can. */
  async missing(): Promise<string | undefined> {
    return (await this.store.exists(this.key)) ? undefined : UPLOAD_GONE;
  }

  /** Removes what lfp keeps of the file, once no retry will read it: the upload and its chunks. */
  remove(): Promise<void> {
    return this.store.remove(this.key);
  }
}

const KEY = /^[0-9a-f-]{36}$/;

export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new StorageError(`invalid upload key ${key}`);
  return key;
}

export function isUploadKey(name: string): boolean {
  return KEY.test(name);
}

/**
 * A pass-through that hashes and counts what flows through it; with `declaredBytes`, it fails as soon as more
 * arrive, or at the end if fewer did.
 */
export function hashingStream(declaredBytes?: number): { tap: SourceTap; stream: Transform } {
  const tap = new SourceTap();
  const mismatch = () => new BadUploadError(`the upload declared ${declaredBytes} bytes but ${tap.bytes > declaredBytes! ? 'sent more' : `ended after ${tap.bytes}`}`);
  const stream = new Transform({
    transform(data: Buffer, _encoding, done) {
      tap.update(data);
      done(declaredBytes !== undefined && tap.bytes > declaredBytes ? mismatch() : null, data);
    },
    flush(done) {
      done(declaredBytes !== undefined && tap.bytes !== declaredBytes ? mismatch() : null);
    },
  });
  return { tap, stream };
}
