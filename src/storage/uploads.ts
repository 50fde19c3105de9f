import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SourceTap } from '../csv/source.js';

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
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid upload key ${key}`);
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

  /** Stores a copy of an existing file (the CLI's case): the original may change or go while the import runs. */
  async saveFile(path: string): Promise<StoredUpload> {
    return this.save(createReadStream(path, { highWaterMark: 1 << 20 }));
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
        if (bytesRead === 0) throw new Error(`${path} ends before byte ${start + into.length}`);
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
