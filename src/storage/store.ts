import { Transform, type Readable } from 'node:stream';
import { SourceTap } from '../csv/source.js';
import { StorageError } from '../errors.js';

export interface StoredUpload {
  key: string;
  bytes: number;
  sha256: string;
}

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
  /** Streams `input` into storage while hashing it; the upload appears under its key only when complete. */
  abstract save(input: AsyncIterable<Buffer> | NodeJS.ReadableStream): Promise<StoredUpload>;
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
   * Stores `input` and hands the upload to `use`. Whoever stores an upload owns removing it: the store removes it
   * again when `use` throws, and when the outcome says no import keeps it (a replayed or skipped submission).
   */
  async saveFor<T extends { keepsUpload: boolean }>(
    input: AsyncIterable<Buffer> | NodeJS.ReadableStream,
    use: (upload: StoredUpload) => Promise<T>,
  ): Promise<T> {
    const upload = await this.save(input);
    const outcome = await use(upload).catch(async (error: unknown) => {
      await this.remove(upload.key);
      throw error;
    });
    if (!outcome.keepsUpload) await this.remove(upload.key);
    return outcome;
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

/** A pass-through that hashes and counts what flows through it. */
export function hashingStream(): { tap: SourceTap; stream: Transform } {
  const tap = new SourceTap();
  const stream = new Transform({
    transform(data: Buffer, _encoding, done) {
      tap.update(data);
      done(null, data);
    },
  });
  return { tap, stream };
}
