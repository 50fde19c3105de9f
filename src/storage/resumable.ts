import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { ERRORS, type DataStore } from '@tus/server';
import type { StorageSetting } from '../config.js';
import { errorMessage, StorageUnavailableError } from '../errors.js';
import { isUploadKey } from './store.js';

/** A tus datastore, as both of lfp's backends are: they can read an upload back whole. */
export type ResumableDatastore = DataStore & { read(storeId: string): Readable | Promise<Readable> };

/**
 * Resumable uploads (tus 1.0) while they are in progress, beside the stored uploads: in the directory's
 * `resumable/`, as @tus/file-store keeps them, when upload storage is a directory; in the bucket under
 * `<prefix>resumable/`, as @tus/s3-store keeps them, when it is S3, so that any API process can take an upload up
 * where another left it, with no shared disk. Built here, held by the App, so that the API serves uploads and the
 * sweep of any worker expires them. The upload store's `list` never takes them for uploads: `resumable` is no key.
 *
 * An upload is named in URLs by a UUID (its `urlId`); the datastore may name it otherwise (`storeId`): the S3 store
 * has no prefix of its own, so its names carry the bucket's path.
 */
export class ResumableUploads {
  private opened: Promise<ResumableDatastore> | undefined;

  constructor(
    private readonly openDatastore: () => Promise<ResumableDatastore>,
    /** Prepended to an upload's UUID to make its name in the datastore. */
    private readonly storePrefix: string,
  ) {}

  /** The datastore, made when first needed (by the API, or by a sweep), and again after a failure to make it. */
  datastore(): Promise<ResumableDatastore> {
    this.opened ??= this.openDatastore().catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  /** The datastore's name of a new upload. */
  newStoreId(): string {
    return `${this.storePrefix}${randomUUID()}`;
  }

  /** The datastore's name of the upload a URL names; undefined when it names none lfp could have made. */
  storeIdOf(urlId: string): string | undefined {
    return isUploadKey(urlId) ? `${this.storePrefix}${urlId}` : undefined;
  }

  urlId(storeId: string): string {
    return storeId.slice(this.storePrefix.length);
  }

  /** A complete upload, whole. */
  async read(storeId: string): Promise<Readable> {
    return (await this.datastore()).read(storeId);
  }

  /** Removes whatever is left of an upload; one already gone is no failure. */
  async discard(storeId: string): Promise<void> {
    await (await this.datastore()).remove(storeId).catch((error: unknown) => {
      if (error !== ERRORS.FILE_NOT_FOUND) throw error;
    });
  }

  /** Removes the uploads not completed within the expiry (LFP_UPLOAD_EXPIRY_HOURS) of their creation; returns how many. */
  async expire(): Promise<number> {
    return (await this.datastore()).deleteExpired();
  }
}

/**
 * Where resumable uploads gather for the configured upload storage, removed `expiryMs` after their creation if not
 * completed. The AWS SDK is loaded only for S3 storage.
 */
export function resumableUploads(storage: StorageSetting, expiryMs: number): ResumableUploads {
  if (storage.kind === 'file') {
    const directory = join(storage.dir, 'resumable');
    return new ResumableUploads(async () => {
      // FileStore makes its directory too, but a failure there is thrown from a callback, where nothing catches it.
      await mkdir(directory, { recursive: true }).catch((error: unknown) => {
        throw new StorageUnavailableError(`upload storage ${directory} cannot be used: ${errorMessage(error)}`);
      });
      return new FileStore({ directory, expirationPeriodInMilliseconds: expiryMs });
    }, '');
  }
  const prefix = `${storage.prefix}resumable/`;
  return new ResumableUploads(async () => {
    const { BucketResumableStore } = await import('./resumable-s3.js');
    return new BucketResumableStore(storage, prefix, expiryMs);
  }, prefix);
}
