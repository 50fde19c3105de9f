import { FileFormatError } from '../errors.js';
import type { Allocate } from './buffer-pool.js';
import { COMMA, LF, QUOTE, RecordScanner, countLines, isBlank } from './records.js';

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
 * Push-based and free of I/O: feed it buffers, collect the chunks it returns. It tracks only whether it is inside
 * a quoted field and the last LF seen outside one, so its cost is about one memchr pass over the quotes of the file.
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
  /** A quote ended the previous buffer inside a quoted field: closing, or the first half of `""`. */
  private closePending = false;
  /** The last byte other than space or tab outside quoted fields; a quote after a delimiter or LF opens one. */
  private lastNonBlank = LF;
  private quoteOpenedAt = 0;
  private nextIndex = 0;
  private nextLine = 1;

  constructor(
    readonly chunkBytes: number,
    readonly delimiter: number = COMMA,
    /** Where chunk buffers come from; a pool lets an import reuse them. */
    private readonly allocate: Allocate = Buffer.allocUnsafe,
  ) {}

  push(data: Buffer): Chunk[] {
    this.bytesRead += data.length;
    if (this.header === undefined) {
      data = this.takeHeader(data);
      if (this.header === undefined) return [];
    }
    // Slices of at most chunkBytes keep every chunk under about twice the target, whatever the read size.
    const chunks: Chunk[] = [];
    for (let from = 0; from < data.length; from += this.chunkBytes) {
      const chunk = this.append(data.subarray(from, from + this.chunkBytes));
      if (chunk) chunks.push(chunk);
    }
    return chunks;
  }

  private append(data: Buffer): Chunk | undefined {
    this.scan(data, this.chunkStart + this.pendingBytes);
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= this.chunkBytes && this.lastBoundary > this.chunkStart) return this.cut(this.lastBoundary);
    if (this.lastBoundary < 0 && this.pendingBytes > this.chunkBytes + MAX_RECORD_BYTES) {
      throw new FileFormatError(
        `the record at line ${this.nextLine} is longer than ${MAX_RECORD_BYTES} bytes: is a quote left open?`,
      );
    }
    return undefined;
  }

  /** Call once the input ended: returns the last chunk, if any. */
  finish(): Chunk[] {
    if (this.header === undefined) {
      if (this.headerBytes.length === 0) throw new FileFormatError('the file is empty: a header line such as name,sku,description is required');
      this.takeHeader(Buffer.alloc(0), true);
      return [];
    }
    if (this.inQuote && !this.closePending) {
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
    const end = new RecordScanner(bytes, this.delimiter).read(bomLength);
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

  /**
   * Follows the quoting of `data` (at file offset `base`) as RecordScanner reads it, noting the last LF outside
   * quoted fields. Only quotes are searched for: a quote opens a field when the last non-blank byte before it is
   * a delimiter or LF, and a quote right after a closing quote (possibly in the next buffer) is an escaped one.
   */
  private scan(data: Buffer, base: number): void {
    let pos = 0;
    if (this.closePending) {
      this.closePending = false;
      if (data[0] === QUOTE) pos = 1;
      else this.closeQuote();
    }
    while (pos < data.length) {
      const quote = data.indexOf(QUOTE, pos);
      if (this.inQuote) {
        if (quote < 0) return;
        if (quote + 1 === data.length) {
          this.closePending = true;
          return;
        }
        if (data[quote + 1] === QUOTE) {
          pos = quote + 2;
          continue;
        }
        this.closeQuote();
        pos = quote + 1;
        continue;
      }
      const segmentEnd = quote < 0 ? data.length : quote;
      if (segmentEnd > pos) {
        const lf = data.lastIndexOf(LF, segmentEnd - 1);
        if (lf >= pos) this.lastBoundary = base + lf + 1;
        let last = segmentEnd - 1;
        while (last >= pos && isBlank(data[last]!) && data[last] !== this.delimiter) last--;
        if (last >= pos) this.lastNonBlank = data[last]!;
      }
      if (quote < 0) return;
      if (this.lastNonBlank === this.delimiter || this.lastNonBlank === LF) {
        this.inQuote = true;
        this.quoteOpenedAt = base + quote;
      } else {
        this.lastNonBlank = QUOTE; // an ordinary character inside an unquoted field
      }
      pos = quote + 1;
    }
  }

  private closeQuote(): void {
    this.inQuote = false;
    this.lastNonBlank = QUOTE;
  }

  /** Emits pending bytes up to file offset `end` as a chunk and keeps the rest. */
  private cut(end: number): Chunk {
    const length = end - this.chunkStart;
    const data = this.allocate(length);
    const rest: Buffer[] = [];
    let filled = 0;
    for (const piece of this.pending) {
      const taken = Math.min(piece.length, length - filled);
      filled += piece.copy(data, filled, 0, taken);
      // The tail of the piece the cut falls in is copied, so that it does not pin that piece's buffer.
      if (taken < piece.length) rest.push(taken > 0 ? Buffer.from(piece.subarray(taken)) : piece);
    }
    const chunk: Chunk = { index: this.nextIndex++, offset: this.chunkStart, firstLine: this.nextLine, data };
    this.nextLine += countLines(data);
    this.pending = rest;
    this.pendingBytes -= length;
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
