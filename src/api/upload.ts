import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { LfpError } from '../errors.js';

export class UploadTooLargeError extends LfpError {
  constructor(limit: number) {
    super(`the file is larger than the limit of ${limit} bytes (decompressed, for gzip)`, 'too-large', 413);
  }
}

export class BadUploadError extends LfpError {
  constructor(message: string) {
    super(message, 'bad-upload', 400);
  }
}

/**
 * Passes an upload through unchanged while enforcing the size limit on the bytes received and, for gzip input, on
 * the decompressed bytes too (a small gzip file can inflate to far more than the limit).
 */
export class UploadLimit extends Transform {
  received = 0;
  private gunzip: Gunzip | undefined;
  private inflated = 0;
  private first = true;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += data.length;
    if (this.first) {
      this.first = false;
      if (data[0] === 0x1f && data[1] === 0x8b) this.watchInflatedSize();
    }
    if (this.received > this.maxBytes) return done(new UploadTooLargeError(this.maxBytes));
    if (this.gunzip && !this.gunzip.write(data)) {
      this.gunzip.once('drain', () => done(null, data));
      return;
    }
    done(null, data);
  }

  override _flush(done: TransformCallback): void {
    if (!this.gunzip) return done();
    this.gunzip.once('end', () => done()).once('error', (error) => done(error));
    this.gunzip.end();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.gunzip?.destroy();
    done(error);
  }

  private watchInflatedSize(): void {
    this.gunzip = createGunzip();
    this.gunzip.on('data', (chunk: Buffer) => {
      this.inflated += chunk.length;
      if (this.inflated > this.maxBytes) this.destroy(new UploadTooLargeError(this.maxBytes));
    });
    this.gunzip.on('error', (error) => this.destroy(new BadUploadError(`the gzip data is corrupt: ${error.message}`)));
  }
}

/** A file name safe to show and store: its last path segment, printable, at most 255 characters. */
export function safeFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const printable = last.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return printable === '' || printable === '.' || printable === '..' ? 'upload.csv' : printable;
}

/** At most `limit` uploads at once; the next gets a 503 with Retry-After rather than a slow crawl. */
export class UploadSlots {
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
}
