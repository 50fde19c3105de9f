import { createHash, type Hash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FileFormatError, errorMessage } from '../errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** What was read of the file as received: its size and hash, updated as the stream is consumed. */
export class SourceTap {
  bytes = 0;
  gzip = false;
  private readonly hash: Hash = createHash('sha256');

  update(data: Buffer): void {
    this.bytes += data.length;
    this.hash.update(data);
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }
}

export function isGzip(head: Buffer): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The decompressed content would be larger than the limit: a gzip bomb, or a file too large for this service. */
export class InflatedTooLargeError extends FileFormatError {
  constructor(maxBytes: number) {
    super(`the file decompresses to more than the limit of ${maxBytes} bytes`);
  }
}

/**
 * The file's content as a stream of buffers: gzip input (recognised by its magic bytes, not its name, however the
 * input is cut) is decompressed on the fly, at most `maxBytes` of it, and every received byte passes through `tap`.
 */
export async function* readSource(input: AsyncIterable<Buffer>, tap: SourceTap, maxBytes = Infinity): AsyncGenerator<Buffer> {
  const received = tapped(input, tap);
  let head: Buffer = Buffer.alloc(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await received.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  if (head.length === 0) return;
  const all = prepend(head, received);
  if (!isGzip(head)) {
    yield* all;
    return;
  }
  tap.gzip = true;
  const gunzip = pipeline(Readable.from(all), createGunzip(), () => {});
  let inflated = 0;
  try {
    for await (const data of gunzip) {
      inflated += (data as Buffer).length;
      if (inflated > maxBytes) throw new InflatedTooLargeError(maxBytes);
      yield data as Buffer;
    }
  } catch (error) {
    const zlibError = String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
    throw zlibError ? new FileFormatError(`the gzip data is corrupt: ${errorMessage(error)}`) : error;
  } finally {
    gunzip.destroy();
  }
}

async function* tapped(input: AsyncIterable<Buffer>, tap: SourceTap): AsyncGenerator<Buffer> {
  for await (const data of input) {
    tap.update(data);
    yield data;
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}
