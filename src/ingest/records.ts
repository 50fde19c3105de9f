/**
 * Byte-level CSV scanning shared by the splitter, the header reader and the row parser.
 *
 * Quoting follows RFC 4180 read as parity: a quote opens or closes a quoted run, so a doubled quote inside a
 * quoted field is a close immediately followed by a reopen. A delimiter or LF ends a field or a record only
 * outside quotes. The splitter uses the same rule, so chunk boundaries and record boundaries always agree.
 * Scanning uses Buffer.indexOf (memchr) with cached next positions, so each byte is looked at a constant number
 * of times and long quoted descriptions cost almost nothing.
 */

export const LF = 0x0a;
export const QUOTE = 0x22;
export const COMMA = 0x2c;

export function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/** A field's value inside `buf[start, end)`, with `doubledQuotes` `""` pairs still to collapse. */
export interface FieldSpan {
  start: number;
  end: number;
  doubledQuotes: number;
}

function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

/** Finds the fields of one record at a time; reuse one scanner for a whole buffer. */
export class RecordScanner {
  fieldCount = 0;
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly quoted: boolean[] = [];
  private nextDelimiter = -1;
  private nextLf = -1;
  private nextQuote = -1;

  constructor(
    readonly buf: Buffer,
    readonly delimiter: number = COMMA,
  ) {}

  /**
   * Reads the record that starts at `pos`. Returns the position after its LF (or the end of the buffer for a last
   * record without one), or -1 when a quote opened in it is never closed.
   */
  read(pos: number): number {
    const buf = this.buf;
    const end = buf.length;
    let fieldStart = pos;
    let quoted = false;
    this.fieldCount = 0;
    for (;;) {
      if (this.nextDelimiter < pos) this.nextDelimiter = indexOrEnd(buf, this.delimiter, pos);
      if (this.nextLf < pos) this.nextLf = indexOrEnd(buf, LF, pos);
      if (this.nextQuote < pos) this.nextQuote = indexOrEnd(buf, QUOTE, pos);
      const quote = this.nextQuote;
      if (quote < this.nextDelimiter && quote < this.nextLf) {
        const close = buf.indexOf(QUOTE, quote + 1);
        if (close < 0) return -1;
        quoted = true;
        pos = close + 1;
        continue;
      }
      const stop = Math.min(this.nextDelimiter, this.nextLf);
      this.push(fieldStart, stop, quoted);
      if (stop === end) return end;
      if (stop === this.nextLf) return stop + 1;
      pos = fieldStart = stop + 1;
      quoted = false;
    }
  }

  /** True when the record just read is a blank line (nothing but whitespace). */
  isBlank(): boolean {
    if (this.fieldCount !== 1 || this.quoted[0]) return false;
    for (let i = this.starts[0]!; i < this.ends[0]!; i++) if (!isSpace(this.buf[i]!)) return false;
    return true;
  }

  /** The value of field `i`, trimmed and unquoted, or null when its quotes are misplaced. */
  field(i: number): FieldSpan | null {
    return decodeField(this.buf, this.starts[i]!, this.ends[i]!, this.quoted[i]!);
  }

  private push(start: number, end: number, quoted: boolean): void {
    const i = this.fieldCount++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.quoted[i] = quoted;
  }
}

/**
 * Trims surrounding whitespace; a quoted field must then be exactly `"..."` with only doubled quotes inside, and
 * its content is trimmed too. Returns null for a quote anywhere else (`ab"c`, `"ab"c`).
 */
export function decodeField(buf: Buffer, start: number, end: number, quoted: boolean): FieldSpan | null {
  while (start < end && isSpace(buf[start]!)) start++;
  while (end > start && isSpace(buf[end - 1]!)) end--;
  if (!quoted) return { start, end, doubledQuotes: 0 };
  if (end - start < 2 || buf[start] !== QUOTE || buf[end - 1] !== QUOTE) return null;
  start++;
  end--;
  while (start < end && isSpace(buf[start]!)) start++;
  while (end > start && isSpace(buf[end - 1]!)) end--;
  let doubledQuotes = 0;
  for (let q = buf.indexOf(QUOTE, start); q >= 0 && q < end; q = buf.indexOf(QUOTE, q + 2)) {
    if (q + 1 >= end || buf[q + 1] !== QUOTE) return null;
    doubledQuotes++;
  }
  return { start, end, doubledQuotes };
}

/** Copies a field's value to `out` at `pos`, collapsing doubled quotes; returns the new position. */
export function copyField(buf: Buffer, span: FieldSpan, out: Buffer, pos: number): number {
  if (span.doubledQuotes === 0) return copyBytes(buf, span.start, span.end, out, pos);
  let from = span.start;
  for (let q = buf.indexOf(QUOTE, from); q >= 0 && q < span.end; q = buf.indexOf(QUOTE, from)) {
    pos = copyBytes(buf, from, q + 1, out, pos);
    from = q + 2;
  }
  return copyBytes(buf, from, span.end, out, pos);
}

// Buffer#copy costs a fixed overhead per call (measured: the top item of an ingest's profile), which
// dominates for the short names and SKUs that make up most fields.
const SHORT_COPY = 48;

function copyBytes(src: Buffer, start: number, end: number, out: Buffer, pos: number): number {
  if (end - start > SHORT_COPY) return pos + src.copy(out, pos, start, end);
  for (let i = start; i < end; i++) out[pos++] = src[i]!;
  return pos;
}

export function fieldText(buf: Buffer, span: FieldSpan): string {
  const out = Buffer.allocUnsafe(span.end - span.start);
  return out.toString('utf8', 0, copyField(buf, span, out, 0));
}

/** Length of the decoded value in bytes. */
export function fieldBytes(span: FieldSpan): number {
  return span.end - span.start - span.doubledQuotes;
}

/** Length of the decoded value in characters (Unicode code points), as PostgreSQL's char_length counts them. */
export function fieldChars(buf: Buffer, span: FieldSpan): number {
  let chars = 0;
  for (let i = span.start; i < span.end; i++) if ((buf[i]! & 0xc0) !== 0x80) chars++;
  return chars - span.doubledQuotes;
}

export function countLines(buf: Buffer, start = 0, end = buf.length): number {
  let lines = 0;
  for (let i = buf.indexOf(LF, start); i >= 0 && i < end; i = buf.indexOf(LF, i + 1)) lines++;
  return lines;
}
