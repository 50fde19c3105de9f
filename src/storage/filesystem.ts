import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError, StorageUnavailableError, errorMessage } from '../errors.js';
import { checkedKey, hashingStream, isUploadKey, UploadStore, type StoredKey, type StoredUpload, type UploadInput } from './store.js';

/**
 * Uploads as files of a directory (`<dataDir>/uploads` by default), each named by its key; the chunks of gzip input
 * under `<key>.chunks/`. Workers on other machines read them from the same path, so the directory is a shared volume
 * when workers are spread out.
 */
export class FileSystemStore extends UploadStore {
  constructor(readonly dir: string) {
    super();
  }

  get location(): string {
    return this.dir;
  }

  path(key: string): string {
    return join(this.dir, checkedKey(key));
  }

  private chunkPath(key: string, index: number): string {
    return join(`${this.path(key)}.chunks`, String(index));
  }

  async save(input: UploadInput, declaredBytes?: number): Promise<StoredUpload & { object: null }> {
    await mkdir(this.dir, { recursive: true });
    const key = randomUUID();
    const partial = `${this.path(key)}.part`;
    const { tap, stream } = hashingStream(declaredBytes);
    const file = createWriteStream(partial);
    try {
      await pipeline(input, stream, file);
      await rename(partial, this.path(key));
    } catch (error) {
      // An input that fails at once can fail before the file is even open: it is created (and closed) after
      // that, so it is removed only once closed, or it would stay behind.
      if (!file.closed) await new Promise<void>((closed) => file.once('close', () => closed()));
      await rm(partial, { force: true });
      throw error;
    }
    return { key, bytes: tap.bytes, sha256: tap.sha256(), object: null };
  }

  read(key: string): Readable {
    return createReadStream(this.path(key), { highWaterMark: 1 << 20 });
  }

  async writeChunk(key: string, index: number, data: Buffer): Promise<string> {
    const path = this.chunkPath(key, index);
    await mkdir(`${this.path(key)}.chunks`, { recursive: true });
    const file = await open(`${path}.part`, 'w');
    try {
      await file.writeFile(data);
    } finally {
      await file.close();
    }
    await rename(`${path}.part`, path);
    return path;
  }

  async readRange(key: string, chunk: number | null, start: number, into: Buffer): Promise<void> {
    const path = chunk === null ? this.path(key) : this.chunkPath(key, chunk);
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
    await rm(`${this.path(key)}.part`, { force: true });
    await rm(this.path(key), { force: true });
  }

  async list(): Promise<StoredKey[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const latest = new Map<string, Date>();
    for (const name of names) {
      const key = name.split('.')[0]!;
      if (!isUploadKey(key)) continue;
      const modified = await stat(join(this.dir, name)).then((s) => s.mtime, () => undefined);
      if (modified && modified > (latest.get(key) ?? new Date(0))) latest.set(key, modified);
    }
    return [...latest].map(([key, modified]) => ({ key, modified }));
  }

  async check(): Promise<void> {
    await mkdir(this.dir, { recursive: true }).catch((error: unknown) => {
      throw new StorageUnavailableError(`upload storage ${this.dir} cannot be used: ${errorMessage(error)}`);
    });
  }
}
