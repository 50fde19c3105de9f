import { FileFormatError } from '../errors.js';
import type { Allocate } from './buffer-pool.js';
import { COMMA, LF, QUOTE, RecordScanner, countLines, isBlank } from './records.js';
import { RAW_RECORD_LIMIT, rawRecord, type Rejection } from './rows.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/**
 * A record longer than this is rejected without being held in memory: no product's values come near it (a
 * description is at most 100,000 characters), so it is a broken row, or a quote left open that the end of the file
 * will tell.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** The header line is at most this long (1,000 columns of 64 characters). */
export const MAX_HEADER_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

export interface Chunk {
  index: number;
  /** Offset of `data` in the decompressed file. */
  offset: number;
  /** Line number of the first line of `data`. */
  firstLine: number;
  data: Buffer;
  /** A record too long to load: `data` is empty, the record's bytes were passed over and it is rejected. */
  skipped?: { bytes: number; rejection: Rejection };
}

/** The start of an over-long record, while the rest of it is passed over. */
interface Oversized {
  line: number;
  raw: Buffer;
  /** Line breaks seen in it so far (quoted ones included). */
  lines: number;
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
  private headerPieces: Buffer[] = [];
  private headerLength = 0;
  /** How much of the header's bytes the last scan for its end saw. */
  private headerScanned = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Offset of the first pending byte. */
  private chunkStart = 0;
  /** Offset just past the last LF seen outside quotes, or -1 if none since `chunkStart`. */
  private lastBoundary = -1;
  /** Offset just past the first LF seen outside quotes since `chunkStart`, or -1. */
  private firstBoundary = -1;
  /** Set while an over-long record is passed over; `pendingBytes` then counts its bytes, none of them kept. */
  private oversized: Oversized | undefined;
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
    for (let from = 0; from < data.length; from += this.chunkBytes) chunks.push(...this.append(data.subarray(from, from + this.chunkBytes)));
    return chunks;
  }

  private append(data: Buffer): Chunk[] {
    const base = this.chunkStart + this.pendingBytes;
    this.scan(data, base);
    if (this.oversized) return this.passOver(data, base);
    this.pending.push(data);
    this.pendingBytes += data.length;
    return this.settle();
  }

  /** Cuts a chunk when there is enough for one; starts passing over a record that grew too long. */
  private settle(): Chunk[] {
    if (this.pendingBytes >= this.chunkBytes && this.lastBoundary > this.chunkStart) return [this.cut(this.lastBoundary)];
    // No record boundary since chunkStart: everything pending is one record.
    if (this.lastBoundary < 0 && this.pendingBytes > MAX_RECORD_BYTES) {
      const head: Buffer[] = [];
      let headBytes = 0;
      let lines = 0;
      for (const piece of this.pending) {
        lines += countLines(piece);
        if (headBytes >= RAW_RECORD_LIMIT) continue;
        const start = piece.subarray(0, RAW_RECORD_LIMIT - headBytes);
        head.push(start);
        headBytes += start.length;
      }
      this.oversized = { line: this.nextLine, raw: Buffer.concat(head), lines };
      this.pending = [];
    }
    return [];
  }

  /** Drops the bytes of an over-long record up to its end; there the record becomes a rejected chunk. */
  private passOver(data: Buffer, base: number): Chunk[] {
    const oversized = this.oversized!;
    if (this.firstBoundary < 0) {
      oversized.lines += countLines(data);
      this.pendingBytes += data.length;
      return [];
    }
    const end = this.firstBoundary - base;
    oversized.lines += countLines(data, 0, end);
    this.pendingBytes += end;
    const chunk = this.rejectOversized();
    const rest = data.subarray(end);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    if (this.lastBoundary <= this.chunkStart) this.lastBoundary = -1;
    return [chunk, ...this.settle()];
  }

  private rejectOversized(): Chunk {
    const { line, raw, lines } = this.oversized!;
    const bytes = this.pendingBytes;
    const rejection = {
      line,
      reason: `is longer than ${MAX_RECORD_BYTES} bytes (${bytes} bytes); no value may be that long`,
      raw: rawRecord(raw, 0, raw.length),
    };
    const chunk: Chunk = { index: this.nextIndex++, offset: this.chunkStart, firstLine: line, data: EMPTY, skipped: { bytes, rejection } };
    this.oversized = undefined;
    this.nextLine = line + lines;
    this.chunkStart += bytes;
    this.pendingBytes = 0;
    this.firstBoundary = -1;
    return chunk;
  }

  /** Call once the input ended: returns the last chunk, if any. */
  finish(): Chunk[] {
    if (this.header === undefined) {
      if (this.headerLength === 0) throw new FileFormatError('the file is empty: a header line such as name,sku,description is required');
      this.takeHeader(EMPTY, true);
      return [];
    }
    if (this.inQuote && !this.closePending) {
      const line = this.oversized?.line ?? this.nextLine + countLines(Buffer.concat(this.pending), 0, this.quoteOpenedAt - this.chunkStart);
      throw new FileFormatError(`the quoted field opened ${this.oversized ? 'in the record ' : ''}at line ${line} is never closed`);
    }
    if (this.oversized) return [this.rejectOversized()];
    return this.pendingBytes > 0 ? [this.cut(this.chunkStart + this.pendingBytes)] : [];
  }

  /**
   * Accumulates bytes until the first record (the header) is complete; returns what follows it. The pieces are
   * joined and scanned again only when a line break arrives and what is held has doubled since the last scan
   * (or at the end, or past the limit), so a header sent a byte at a time costs linear time, not quadratic.
   */
  private takeHeader(data: Buffer, atEnd = false): Buffer {
    this.headerPieces.push(data);
    this.headerLength += data.length;
    const worthScanning = data.includes(LF) && this.headerLength >= 2 * this.headerScanned;
    if (!atEnd && !worthScanning && this.headerLength <= MAX_HEADER_BYTES) return EMPTY;
    const bytes = Buffer.concat(this.headerPieces);
    this.headerPieces = [bytes];
    this.headerScanned = bytes.length;
    const bomLength = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
    const end = new RecordScanner(bytes, this.delimiter).read(bomLength);
    if (end < 0 && atEnd) throw new FileFormatError('the header line has a quote that is never closed');
    const complete = end > 0 && (bytes[end - 1] === LF || atEnd);
    if ((!complete && bytes.length > MAX_HEADER_BYTES) || (complete && end - bomLength > MAX_HEADER_BYTES)) {
      throw new FileFormatError(`the header line is longer than ${MAX_HEADER_BYTES / 1024} KiB (or has a quote that is never closed): is this a CSV file with a header such as name,sku,description?`);
    }
    if (!complete) return EMPTY;
    this.header = bytes.subarray(bomLength, end);
    this.headerPieces = [];
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
        if (lf >= pos) {
          this.lastBoundary = base + lf + 1;
          if (this.firstBoundary < 0) this.firstBoundary = base + data.indexOf(LF, pos) + 1;
        }
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
    this.firstBoundary = -1;
    return chunk;
  }
}

/** Splits an async byte stream; the header is on the splitter once the first chunk (or the end) arrives. */
export async function* splitStream(input: AsyncIterable<Buffer>, splitter: RecordSplitter): AsyncGenerator<Chunk> {
  for await (const data of input) yield* splitter.push(data);
  yield* splitter.finish();
}
