import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { BadUploadError, LfpError, UNSAFE_CHARACTERS, UploadTooLargeError } from '../errors.js';
import { isGzip } from '../csv/source.js';

/** The client stopped sending, or sends too slowly to ever finish: its upload slot goes to someone else. */
export class UploadTimeoutError extends LfpError {
  constructor(message: string) {
    super(message, 'upload-timeout', 408);
  }
}

export interface UploadBounds {
  maxBytes: number;
  /** No byte for this long ends the upload. */
  idleTimeoutMs: number;
  /** Fewer bytes than this per second, averaged over each idle-timeout window, end the upload. */
  minBytesPerSecond: number;
}

/**
 * Passes an upload through unchanged while enforcing its bounds: the size limit on the bytes received and, for
 * gzip input, on the decompressed bytes too (a small gzip file can inflate to far more than the limit), whatever
 * sizes the client cuts its body into; and a pace, so that a stalled or crawling client cannot hold an upload
 * slot for ever.
 */
export class UploadGuard extends Transform {
  received = 0;
  /** The first bytes, until there are enough to tell gzip by its magic number. */
  private head: Buffer | undefined = Buffer.alloc(0);
  private gunzip: Gunzip | undefined;
  private inflated = 0;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly paceTimer: NodeJS.Timeout;
  private windowBytes = 0;

  constructor(private readonly bounds: UploadBounds) {
    super();
    const { idleTimeoutMs, minBytesPerSecond } = bounds;
    this.idleTimer = setTimeout(() => this.fail(new UploadTimeoutError(`no data received for ${idleTimeoutMs / 1000} s: the upload was closed`)), idleTimeoutMs);
    this.paceTimer = setInterval(() => {
      const rate = (this.windowBytes * 1000) / idleTimeoutMs;
      if (rate < minBytesPerSecond) {
        this.fail(new UploadTimeoutError(`the upload was closed: it arrived at ${Math.round(rate)} bytes/s, below the minimum of ${minBytesPerSecond}`));
      }
      this.windowBytes = 0;
    }, idleTimeoutMs);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += data.length;
    this.windowBytes += data.length;
    this.idleTimer.refresh();
    if (this.received > this.bounds.maxBytes) return done(new UploadTooLargeError(this.bounds.maxBytes));
    let toInflate = data;
    if (this.head) {
      toInflate = this.head = Buffer.concat([this.head, data]);
      if (this.head.length < 2) return done(null, data);
      if (isGzip(this.head)) this.watchInflatedSize();
      this.head = undefined;
    }
    if (this.gunzip && !this.gunzip.write(toInflate)) {
      this.gunzip.once('drain', () => done(null, data));
      return;
    }
    done(null, data);
  }

  override _flush(done: TransformCallback): void {
    this.stopTimers();
    if (!this.gunzip) return done();
    this.gunzip.once('end', () => done()).once('error', (error) => done(error));
    this.gunzip.end();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.stopTimers();
    this.gunzip?.destroy();
    done(error);
  }

  private fail(error: LfpError): void {
    this.stopTimers();
    this.destroy(error);
  }

  private stopTimers(): void {
    clearTimeout(this.idleTimer);
    clearInterval(this.paceTimer);
  }

  private watchInflatedSize(): void {
    this.gunzip = createGunzip();
    this.gunzip.on('data', (chunk: Buffer) => {
      this.inflated += chunk.length;
      if (this.inflated > this.bounds.maxBytes) this.fail(new UploadTooLargeError(this.bounds.maxBytes));
    });
    this.gunzip.on('error', (error) => this.fail(new BadUploadError(`the gzip data is corrupt: ${error.message}`)));
  }
}

/** A file name safe to show and store: its last path segment, printable, no bidi controls, at most 255 characters. */
export function safeFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // Controls go, and bidi overrides, which can make `txt.exe` read as `exe.txt`.
  const printable = last.replace(UNSAFE_CHARACTERS, '').trim().slice(0, 255);
  return printable === '' || printable === '.' || printable === '..' ? 'upload.csv' : printable;
}

/** At most `limit` uploads at once; the next gets a 503 with Retry-After rather than a slow crawl. */
export class UploadLimiter {
  private active = 0;

  constructor(private readonly limit: number) {}

  tryTake(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  release(): void {
    this.active--;
  }

  /** Uploads being received now: each becomes an import once stored. */
  get inProgress(): number {
    return this.active;
  }
}

/** `input` read through `guard`: what comes out is what passed its bounds; a failure of either ends both. */
export function guarded(input: NodeJS.ReadableStream, guard: UploadGuard): AsyncIterable<Buffer> {
  void pipeline(input, guard).catch((error) => guard.destroy(error));
  return guard;
}
