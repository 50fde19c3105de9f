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

/**
 * The file's content as a stream of buffers: gzip input (recognised by its magic bytes, not its name) is
 * decompressed on the fly, and every received byte passes through `tap`.
 */
export async function* readSource(input: AsyncIterable<Buffer>, tap: SourceTap): AsyncGenerator<Buffer> {
  const received = tapped(input, tap);
  const first = await received.next();
  if (first.done) return;
  const all = prepend(first.value, received);
  if (!(first.value[0] === GZIP_MAGIC[0] && first.value[1] === GZIP_MAGIC[1])) {
    yield* all;
    return;
  }
  tap.gzip = true;
  const gunzip = pipeline(Readable.from(all), createGunzip(), () => {});
  try {
    for await (const data of gunzip) yield data as Buffer;
  } catch (error) {
    const zlibError = String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
    throw zlibError ? new FileFormatError(`the gzip data is corrupt: ${errorMessage(error)}`) : error;
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
