import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand,
  S3Client, S3ServiceException, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LfpError, StorageError, StorageUnavailableError, errorMessage } from '../errors.js';
import { checkedKey, hashingStream, isUploadKey, UploadStore, type StoredKey, type StoredUpload } from './store.js';

export interface S3Location {
  bucket: string;
  /** Prepended to every object name: `''` or a path ending in `/`. */
  prefix: string;
  region: string;
  /** An S3-compatible service (MinIO, R2, Ceph...): addressed path-style, `endpoint/bucket/key`. */
  endpoint: string | undefined;
}

/**
 * How every client of the bucket is set up (this store's, and the resumable uploads' in `resumable.ts`): the region,
 * and an S3-compatible service's endpoint addressed path-style.
 */
export function s3ClientConfig(where: S3Location): S3ClientConfig {
  return {
    region: where.region,
    ...(where.endpoint ? { endpoint: where.endpoint, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: S3-compatible services do not all know the newer checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** Multipart uploads send the file in parts of this size, this many at once: at most 4 x 8 MiB in memory. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;

/**
 * Uploads as objects of a bucket, `<prefix><key>`; the chunks of gzip input as objects `<prefix><key>.chunks/<n>`.
 * Every process reaches them over HTTP, so workers need no shared disk. An upload is a multipart upload: the object
 * appears only when it completes, and a failed one is aborted. Credentials come from the environment as for any AWS
 * SDK (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
 */
export class S3Store extends UploadStore {
  readonly client: S3Client;

  constructor(readonly where: S3Location) {
    super();
    this.client = new S3Client(s3ClientConfig(where));
  }

  get location(): string {
    return `s3://${this.where.bucket}/${this.where.prefix}`;
  }

  /** The object name of an upload, or of one of its chunks. */
  objectName(key: string, chunk: number | null = null): string {
    const base = `${this.where.prefix}${checkedKey(key)}`;
    return chunk === null ? base : `${base}.chunks/${chunk}`;
  }

  async save(input: AsyncIterable<Buffer> | NodeJS.ReadableStream): Promise<StoredUpload> {
    const key = randomUUID();
    const { tap, stream } = hashingStream();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.where.bucket, Key: this.objectName(key), Body: stream },
      partSize: PART_BYTES,
      queueSize: PARTS_AT_ONCE,
      leavePartsOnError: false,
    });
    // The input's own error (a size limit, a cut connection) is the one to report, not the upload's that follows.
    const feeding = pipeline(input, stream);
    try {
      await Promise.all([feeding, upload.done()]);
    } catch (error) {
      stream.destroy();
      await upload.abort().catch(() => {});
      await Promise.allSettled([feeding]);
      throw this.failure(error);
    }
    return { key, bytes: tap.bytes, sha256: tap.sha256() };
  }

  read(key: string): Readable {
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.objectName(key) })).then(
      (object) => pipeline(object.Body as Readable, out),
      (error: unknown) => out.destroy(this.failure(error)),
    ).catch((error: unknown) => out.destroy(this.failure(error)));
    return out;
  }

  /** Any object this store's client can read (an import's source in another place of the bucket, say), as a stream. */
  async readObject(bucket: string, name: string): Promise<Readable> {
    const object = await this.guarded(this.client.send(new GetObjectCommand({ Bucket: bucket, Key: name })));
    return object.Body as Readable;
  }

  async writeChunk(key: string, index: number, data: Buffer): Promise<string> {
    const name = this.objectName(key, index);
    await this.guarded(this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key: name, Body: data, ContentLength: data.length })));
    return name;
  }

  async readRange(key: string, chunk: number | null, start: number, into: Buffer): Promise<void> {
    if (into.length === 0) return;
    const name = this.objectName(key, chunk);
    const object = await this.guarded(this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: name, Range: `bytes=${start}-${start + into.length - 1}` })));
    let done = 0;
    for await (const data of object.Body as Readable) {
      const part = data as Buffer;
      if (done + part.length > into.length) throw new StorageError(`${name}: the range ${start}+${into.length} came back longer`);
      part.copy(into, done);
      done += part.length;
    }
    if (done < into.length) throw new StorageError(`${name} ends before byte ${start + into.length}`);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.where.bucket, Key: this.objectName(key) }));
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw this.failure(error);
    }
  }

  async removeChunks(key: string): Promise<void> {
    await this.removeAll(await this.names(`${this.objectName(key)}.chunks/`));
  }

  async remove(key: string): Promise<void> {
    await this.removeChunks(key);
    await this.guarded(this.client.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key: this.objectName(key) })));
  }

  async list(): Promise<StoredKey[]> {
    const latest = new Map<string, Date>();
    for await (const object of this.objects(this.where.prefix)) {
      const key = object.name.slice(this.where.prefix.length).split(/[./]/)[0]!;
      if (isUploadKey(key) && object.modified > (latest.get(key) ?? new Date(0))) latest.set(key, object.modified);
    }
    return [...latest].map(([key, modified]) => ({ key, modified }));
  }

  async check(): Promise<void> {
    await this.guarded(this.client.send(new HeadBucketCommand({ Bucket: this.where.bucket })));
  }

  private async names(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const object of this.objects(prefix)) names.push(object.name);
    return names;
  }

  private async *objects(prefix: string): AsyncGenerator<{ name: string; modified: Date }> {
    let token: string | undefined;
    do {
      const page = await this.guarded(this.client.send(new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: prefix, ContinuationToken: token })));
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { name: object.Key, modified: object.LastModified ?? new Date() };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async removeAll(names: string[]): Promise<void> {
    for (let i = 0; i < names.length; i += 1000) {
      const batch = names.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.guarded(this.client.send(new DeleteObjectsCommand({ Bucket: this.where.bucket, Delete: { Objects: batch, Quiet: true } })));
    }
  }

  /** A request's outcome, its failure told in lfp's terms. */
  private guarded<T>(request: Promise<T>): Promise<T> {
    return request.catch((error: unknown) => {
      throw this.failure(error);
    });
  }

  /**
   * What a failed request means to lfp: refused credentials, a missing bucket or an endpoint that does not answer
   * make storage unavailable (503 to a submission); a missing object is the import's StorageError; an error of
   * lfp's own (a size limit met while the input streamed) passes unchanged.
   */
  private failure(error: unknown): Error {
    if (error instanceof LfpError) return error;
    const where = this.location;
    if (error instanceof S3ServiceException) {
      if (error.name === 'NoSuchKey') {
        return new StorageError(`${where}: ${error.name}: the object is missing`);
      }
      const reason = error.name === 'NotFound' || error.name === 'NoSuchBucket' ? 'the bucket does not exist' : `${error.name}: ${error.message}`;
      return new StorageUnavailableError(`upload storage ${where} cannot be used: ${reason}`);
    }
    const code = (error as { code?: string }).code;
    if (code && /^(E[A-Z]+|CredentialsProviderError)$/.test(code) || (error as Error).name === 'CredentialsProviderError') {
      return new StorageUnavailableError(`upload storage ${where} cannot be reached: ${errorMessage(error)}`);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}
