import { FileFormatError } from '../errors.js';
import { LF, QUOTE, RecordScanner, countLines } from './records.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A record longer than this (beyond the chunk size) means a quote was left open, not a real product. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface Chunk {
  index: number;
  /** Offset of `data` in the decompressed file. */
  offset: number;
  /** Line number of the first line of `data`. */
  firstLine: number;
  data: Buffer;
}

/**
 * Cuts a byte stream into the header record and chunks of about `chunkBytes` that end at record boundaries.
 * Push-based and free of I/O: feed it buffers, collect the chunks it returns. It tracks only quote parity and the
 * last LF seen outside quotes, so its cost is one memchr pass over the quotes of the file.
 */
export class RecordSplitter {
  header: Buffer | undefined;
  /** Bytes pushed so far, header included. */
  bytesRead = 0;
  private headerBytes: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Offset of the first pending byte. */
  private chunkStart = 0;
  /** Offset just past the last LF seen outside quotes, or -1 if none since `chunkStart`. */
  private lastBoundary = -1;
  private inQuote = false;
  private quoteOpenedAt = 0;
  private nextIndex = 0;
  private nextLine = 1;

  constructor(readonly chunkBytes: number) {}

  push(data: Buffer): Chunk[] {
    this.bytesRead += data.length;
    if (this.header === undefined) {
      data = this.takeHeader(data);
      if (this.header === undefined) return [];
    }
    this.scan(data, this.chunkStart + this.pendingBytes);
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= this.chunkBytes && this.lastBoundary > this.chunkStart) {
      return [this.cut(this.lastBoundary)];
    }
    if (this.lastBoundary < 0 && this.pendingBytes > this.chunkBytes + MAX_RECORD_BYTES) {
      throw new FileFormatError(
        `the record at line ${this.nextLine} is longer than ${MAX_RECORD_BYTES} bytes: is a quote left open?`,
      );
    }
    return [];
  }

  /** Call once the input ended: returns the last chunk, if any. */
  finish(): Chunk[] {
    if (this.header === undefined) {
      if (this.headerBytes.length === 0) throw new FileFormatError('the file is empty: a header line such as name,sku,description is required');
      this.takeHeader(Buffer.alloc(0), true);
      return [];
    }
    if (this.inQuote) {
      const data = Buffer.concat(this.pending);
      const line = this.nextLine + countLines(data, 0, this.quoteOpenedAt - this.chunkStart);
      throw new FileFormatError(`the quoted field opened at line ${line} is never closed`);
    }
    return this.pendingBytes > 0 ? [this.cut(this.chunkStart + this.pendingBytes)] : [];
  }

  /** Accumulates bytes until the first record (the header) is complete; returns what follows it. */
  private takeHeader(data: Buffer, atEnd = false): Buffer {
    const bytes = this.headerBytes.length === 0 ? data : Buffer.concat([this.headerBytes, data]);
    const bomLength = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
    const end = new RecordScanner(bytes).read(bomLength);
    if (end < 0 && atEnd) throw new FileFormatError('the header line has a quote that is never closed');
    const complete = end > 0 && (bytes[end - 1] === LF || atEnd);
    if (!complete) {
      if (bytes.length > MAX_RECORD_BYTES) throw new FileFormatError('the header line is too long or has a quote that is never closed');
      this.headerBytes = bytes;
      return Buffer.alloc(0);
    }
    this.header = bytes.subarray(bomLength, end);
    this.headerBytes = Buffer.alloc(0);
    this.chunkStart = end;
    this.nextLine = 1 + countLines(this.header);
    return bytes.subarray(end);
  }

  /** Follows quote parity through `data` (at file offset `base`), noting the last LF outside quotes. */
  private scan(data: Buffer, base: number): void {
    let pos = 0;
    while (pos < data.length) {
      const quote = data.indexOf(QUOTE, pos);
      if (this.inQuote) {
        if (quote < 0) return;
        this.inQuote = false;
      } else {
        const segmentEnd = quote < 0 ? data.length : quote;
        if (segmentEnd > pos) {
          const lf = data.lastIndexOf(LF, segmentEnd - 1);
          if (lf >= pos) this.lastBoundary = base + lf + 1;
        }
        if (quote < 0) return;
        this.inQuote = true;
        this.quoteOpenedAt = base + quote;
      }
      pos = quote + 1;
    }
  }

  /** Emits pending bytes up to file offset `end` as a chunk and keeps the rest. */
  private cut(end: number): Chunk {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const length = end - this.chunkStart;
    const chunk: Chunk = { index: this.nextIndex++, offset: this.chunkStart, firstLine: this.nextLine, data: all.subarray(0, length) };
    this.nextLine += countLines(chunk.data);
    const rest = all.subarray(length);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    this.chunkStart = end;
    this.lastBoundary = -1;
    return chunk;
  }
}

/** Splits an async byte stream; the header is on the splitter once the first chunk (or the end) arrives. */
export async function* splitStream(input: AsyncIterable<Buffer>, splitter: RecordSplitter): AsyncGenerator<Chunk> {
  for await (const data of input) yield* splitter.push(data);
  yield* splitter.finish();
}
