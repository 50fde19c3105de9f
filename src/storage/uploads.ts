import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SourceTap } from '../csv/source.js';
import { StorageError } from '../errors.js';

export interface StoredUpload {
  key: string;
  bytes: number;
  sha256: string;
}

/**
 * Uploaded files under `<dataDir>/uploads`, named by a random key. Workers on other machines read them from the
 * same path, so the data directory is a shared volume when workers are spread out. Chunks of gzip input are
 * decompressed into `<key>.chunks/` by the split job, because a gzip stream cannot be read from the middle.
 */
export class UploadStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'uploads');
  }

  path(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new StorageError(`invalid upload key ${key}`);
    return join(this.dir, key);
  }

  chunkPath(key: string, index: number): string {
    return join(`${this.path(key)}.chunks`, String(index));
  }

  /** Streams `input` into a new file while hashing it; the file appears under its key only when complete. */
  async save(input: AsyncIterable<Buffer> | NodeJS.ReadableStream): Promise<StoredUpload> {
    await mkdir(this.dir, { recursive: true });
    const key = randomUUID();
    const partial = `${this.path(key)}.part`;
    const tap = new SourceTap();
    const hashing = new Transform({
      transform(data: Buffer, _encoding, done) {
        tap.update(data);
        done(null, data);
      },
    });
    try {
      await pipeline(input, hashing, createWriteStream(partial));
      await rename(partial, this.path(key));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, bytes: tap.bytes, sha256: tap.sha256() };
  }

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

  /** Writes one chunk of decompressed input; atomically, so a reader never sees half of it. */
  async writeChunk(key: string, index: number, data: Buffer): Promise<string> {
    const path = this.chunkPath(key, index);
    await mkdir(join(this.dir, `${key}.chunks`), { recursive: true });
    const file = await open(`${path}.part`, 'w');
    try {
      await file.writeFile(data);
    } finally {
      await file.close();
    }
    await rename(`${path}.part`, path);
    return path;
  }

  /** Reads `[start, end)` of a file into `into` (exactly end - start bytes); throws if the file is shorter. */
  async readRange(path: string, start: number, into: Buffer): Promise<void> {
    const file = await open(path, 'r');
    try {
      for (let done = 0; done < into.length; ) {
        const { bytesRead } = await file.read(into, done, into.length - done, start + done);
        if (bytesRead === 0) throw new StorageError(`${path} ends before byte ${start + into.length}`);
        done += bytesRead;
      }
    } finally {
      await file.close();
    }
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.path(key)).then(
      () => true,
      () => false,
    );
  }

  async removeChunks(key: string): Promise<void> {
    await rm(`${this.path(key)}.chunks`, { recursive: true, force: true });
  }

  async remove(key: string): Promise<void> {
    await this.removeChunks(key);
    await rm(this.path(key), { force: true });
  }
}
