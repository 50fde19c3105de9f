import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand,
  S3Client, S3ServiceException, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ForbiddenError, LfpError, NotFoundError, StorageError, StorageUnavailableError, errorMessage } from '../errors.js';
import {
  checkedKey, hashingStream, ImportFile, isUploadKey, objectUrl, UploadStore, type InPlace, type SourceObject, type StoredKey, type StoredUpload, type UploadInput,
} from './store.js';

export interface S3Location {
  bucket: string;
  /** Prepended to every object name: `''` or a path ending in `/`. */
  prefix: string;
  region: string;
  /** An S3-compatible service (MinIO, R2, Ceph...): addressed path-style, `endpoint/bucket/key`. */
  endpoint: string | undefined;
}

const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

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
    // Without a logger the SDK writes to the console ("an error was encountered in a non-retryable streaming
    // request" when an upload is cut); lfp reports each failure itself.
    logger: QUIET,
  };
}

/** Multipart uploads send the file in parts of this size, this many at once: at most 4 x 8 MiB in memory. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;
/**
 * An upload whose length is known beforehand, up to this size, is one PutObject streamed as it arrives: one request
 * instead of three or more, no part held in memory, no parts for the store to assemble (a JavaScript S3 server
 * copies them all again). Larger, or of unknown length, it is a multipart upload, whose parts are resent on failure
 * and sent several at once. 100 MiB is where AWS advises multipart uploads.
 */
const ONE_REQUEST_MAX_BYTES = 100 * 1024 * 1024;

/** An object being written: its completion, and how to give it up (nothing of it stays). */
interface ObjectWrite {
  done: Promise<unknown>;
  abort(): Promise<void>;
}

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

  async save(input: UploadInput, declaredBytes?: number): Promise<StoredUpload & { object: null }> {
    const key = randomUUID();
    const { tap, stream } = hashingStream(declaredBytes);
    const write = declaredBytes !== undefined && declaredBytes <= ONE_REQUEST_MAX_BYTES
      ? this.putObject(this.objectName(key), stream, declaredBytes)
      : this.putInParts(this.objectName(key), stream);
    // The input's own error (a size limit, a cut connection) is the one to report, not the upload's that follows.
    const feeding = pipeline(input, stream);
    try {
      await Promise.all([feeding, write.done]);
    } catch (error) {
      stream.destroy();
      await write.abort().catch(() => {});
      await Promise.allSettled([feeding]);
      throw this.failure(error);
    }
    return { key, bytes: tap.bytes, sha256: tap.sha256(), object: null };
  }

  private putObject(name: string, body: Readable, bytes: number): ObjectWrite {
    const request = new AbortController();
    const done = this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key: name, Body: body, ContentLength: bytes }), { abortSignal: request.signal });
    return {
      done,
      abort: async () => {
        request.abort();
        await done.catch(() => {});
        // It may have completed before the input failed (an error found at its very end), and an S3-compatible
        // server may keep what an aborted request sent.
        await this.client.send(new DeleteObjectCommand({ Bucket: this.where.bucket, Key: name }));
      },
    };
  }

  private putInParts(name: string, body: Readable): ObjectWrite {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.where.bucket, Key: name, Body: body },
      partSize: PART_BYTES,
      queueSize: PARTS_AT_ONCE,
      leavePartsOnError: false,
    });
    return { done: upload.done(), abort: () => upload.abort() };
  }

  read(key: string): Readable {
    return this.streamed(this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: this.objectName(key) })).then((object) => object.Body as Readable));
  }

  fileOf(key: string, object: SourceObject | null): ImportFile {
    return object ? new ObjectInPlace(this, key, object) : super.fileOf(key, null);
  }

  /**
   * Whether an object name is one of this store's own (an upload, its partial or its chunks): the sweep removes those,
   * so none is ever imported in place.
   */
  holds(bucket: string, name: string): boolean {
    return bucket === this.where.bucket && name.startsWith(this.where.prefix) && isUploadKey(name.slice(this.where.prefix.length).split(/[./]/)[0]!);
  }

  /**
   * An object to import where it is: its size and its version (ETag) now, which every read of it will ask for. Its
   * absence (or the bucket's) and a refusal of this store's credentials are told as such.
   */
  async headObject(bucket: string, name: string): Promise<InPlace> {
    const url = objectUrl({ bucket, name });
    const head = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: name })).catch((error: unknown) => {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 404) throw new NotFoundError(`there is no object ${url} (or no bucket ${bucket})`);
      if (status === 403) throw new ForbiddenError(`lfp's S3 credentials may not read ${url} (403)`);
      throw this.failure(error);
    });
    if (!head.ETag) throw new StorageError(`${url} has no ETag: it cannot be read in place`);
    return { inPlace: { bucket, name, etag: head.ETag }, bytes: head.ContentLength ?? 0 };
  }

  /** The object, in the version it had at submission, as a stream. */
  readObject(object: SourceObject): Readable {
    return this.streamed(this.getVersion(object));
  }

  /** Reads `[start, start + into.length)` of the object, in the version it had at submission, into `into`. */
  async readObjectRange(object: SourceObject, start: number, into: Buffer): Promise<void> {
    if (into.length === 0) return;
    await fill(await this.getVersion(object, byteRange(start, into)), objectUrl(object), start, into);
  }

  /** Why the object, in its version at submission, cannot be read (a StorageError's message), or undefined. */
  async objectMissing(object: SourceObject): Promise<string | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.name, IfMatch: object.etag }));
      this.checkVersion(object, head.ETag);
      return undefined;
    } catch (error) {
      const failure = this.objectFailure(object, error);
      if (failure instanceof StorageError) return failure.message;
      throw failure;
    }
  }

  /**
   * GetObject of the object's version at submission: If-Match its ETag, so that S3 answers 412 once it was replaced,
   * and the answer's ETag checked too, for services that ignore If-Match (s3rver, some S3-compatible ones).
   */
  private async getVersion(object: SourceObject, range?: string): Promise<Readable> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.name, IfMatch: object.etag, Range: range }));
      const body = got.Body as Readable;
      try {
        this.checkVersion(object, got.ETag);
      } catch (error) {
        body.destroy();
        throw error;
      }
      return body;
    } catch (error) {
      throw this.objectFailure(object, error);
    }
  }

  private checkVersion(object: SourceObject, etag: string | undefined): void {
    if (etag !== object.etag) throw this.replaced(object);
  }

  private replaced(object: SourceObject): StorageError {
    return new StorageError(`${objectUrl(object)} was replaced since the import was submitted (it is no longer ETag ${object.etag}): import it again to read the new version`);
  }

  /** What a failed read of an object read in place means: replaced (412), gone (404), or as for any request. */
  private objectFailure(object: SourceObject, error: unknown): Error {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 412) return this.replaced(object);
    if (status === 404) return new StorageError(`${objectUrl(object)} is gone: it was removed since the import was submitted`);
    return this.failure(error);
  }

  async writeChunk(key: string, index: number, data: Buffer): Promise<string> {
    const name = this.objectName(key, index);
    await this.guarded(this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key: name, Body: data, ContentLength: data.length })));
    return name;
  }

  async readRange(key: string, chunk: number | null, start: number, into: Buffer): Promise<void> {
    if (into.length === 0) return;
    const name = this.objectName(key, chunk);
    const object = await this.guarded(this.client.send(new GetObjectCommand({ Bucket: this.where.bucket, Key: name, Range: byteRange(start, into) })));
    await fill(object.Body as Readable, name, start, into);
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

  /** A stream of a body to come; the request's failure, or its body's, is the stream's error. */
  private streamed(body: Promise<Readable>): Readable {
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    body.then((input) => pipeline(input, out)).catch((error: unknown) => out.destroy(this.failure(error)));
    return out;
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

/**
 * An object of a bucket that an import reads where it is (S3 storage reaches it with its own client): the split
 * streams it, the loads read their ranges of it, every read asking for its version at submission. It is not lfp's:
 * nothing removes it, only the chunks of gzip input lfp wrote under the import's key.
 */
class ObjectInPlace extends ImportFile {
  constructor(protected override readonly store: S3Store, key: string, readonly object: SourceObject) {
    super(store, key);
  }

  override read(): Readable {
    return this.store.readObject(this.object);
  }

  override readRange(chunk: number | null, start: number, into: Buffer): Promise<void> {
    return chunk === null ? this.store.readObjectRange(this.object, start, into) : super.readRange(chunk, start, into);
  }

  override missing(): Promise<string | undefined> {
    return this.store.objectMissing(this.object);
  }

  override remove(): Promise<void> {
    return this.store.removeChunks(this.key);
  }
}

/** The HTTP Range of `into.length` bytes from `start`. */
function byteRange(start: number, into: Buffer): string {
  return `bytes=${start}-${start + into.length - 1}`;
}

/** Reads a ranged answer into `into`, which it must fill exactly. */
async function fill(body: Readable, name: string, start: number, into: Buffer): Promise<void> {
  let done = 0;
  for await (const data of body) {
    const part = data as Buffer;
    if (done + part.length > into.length) throw new StorageError(`${name}: the range ${start}+${into.length} came back longer`);
    part.copy(into, done);
    done += part.length;
  }
  if (done < into.length) throw new StorageError(`${name} ends before byte ${start + into.length}`);
}
