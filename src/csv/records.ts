/**
 * Byte-level CSV scanning shared by the splitter, the header reader and the row parser.
 *
 * RFC 4180 with the leniency of spreadsheet tools: a quote opens a quoted field only at the start of a field
 * (after optional spaces or tabs); inside one, a doubled quote is a literal quote; anywhere else a quote is an
 * ordinary character (`Monitor 24" wide`). Text between a closing quote and the next delimiter makes the field
 * malformed. The splitter follows the same rule, so chunk boundaries and record boundaries always agree.
 * Scanning uses Buffer.indexOf (memchr) with cached next positions, so each byte is looked at a constant number
 * of times and long quoted descriptions cost almost nothing.
 */

/** A header has at most this many columns; a record's fields beyond it are counted, not kept. */
export const MAX_COLUMNS = 1000;

export const LF = 0x0a;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;

export function isSpace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= 0x0d);
}

/** Spaces and tabs may stand before an opening quote; callers skip a tab only when it is not the delimiter. */
export function isBlank(byte: number): boolean {
  return byte === SPACE || byte === TAB;
}

/** A field's value inside `buf[start, end)`, with `doubledQuotes` `""` pairs still to collapse. */
export interface FieldSpan {
  start: number;
  end: number;
  doubledQuotes: number;
}

const UNQUOTED = 0;
const QUOTED = 1;
const MALFORMED = 2;

function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

/** Finds the fields of one record at a time; reuse one scanner for a whole buffer. */
export class RecordScanner {
  fieldCount = 0;
  /** Per field: the raw value range (inside the quotes for a quoted field), its kind and its doubled quotes. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly kinds: number[] = [];
  private readonly doubled: number[] = [];
  private nextDelimiter = -1;
  private nextLf = -1;

  constructor(
    readonly buf: Buffer,
    readonly delimiter: number = COMMA,
  ) {}

  /**
   * Reads the record that starts at `pos`. Returns the position after its LF (or the end of the buffer for a last
   * record without one), or -1 when a quoted field opened in it is never closed.
   */
  read(pos: number): number {
    const buf = this.buf;
    const end = buf.length;
    this.fieldCount = 0;
    for (;;) {
      let open = pos;
      while (open < end && isBlank(buf[open]!) && buf[open] !== this.delimiter) open++;
      let stop: number;
      if (buf[open] === QUOTE) {
        let close = open + 1;
        let doubled = 0;
        for (;;) {
          close = buf.indexOf(QUOTE, close);
          if (close < 0) return -1;
          if (buf[close + 1] !== QUOTE) break;
          doubled++;
          close += 2;
        }
        stop = this.nextStop(close + 1);
        let junk = false;
        for (let i = close + 1; i < stop; i++) if (!isSpace(buf[i]!)) junk = true;
        this.push(open + 1, close, junk ? MALFORMED : QUOTED, doubled);
      } else {
        stop = this.nextStop(pos);
        this.push(pos, stop, UNQUOTED, 0);
      }
      if (stop === end) return end;
      if (buf[stop] === LF) return stop + 1;
      pos = stop + 1;
    }
  }

  /** True when the record just read is a blank line (nothing but whitespace). */
  isBlank(): boolean {
    if (this.fieldCount !== 1 || this.kinds[0] !== UNQUOTED) return false;
    for (let i = this.starts[0]!; i < this.ends[0]!; i++) if (!isSpace(this.buf[i]!)) return false;
    return true;
  }

  /** The value of field `i`, trimmed, or null when text follows its closing quote. */
  field(i: number): FieldSpan | null {
    if (this.kinds[i] === MALFORMED) return null;
    let start = this.starts[i]!;
    let end = this.ends[i]!;
    while (start < end && isSpace(this.buf[start]!)) start++;
    while (end > start && isSpace(this.buf[end - 1]!)) end--;
    return { start, end, doubledQuotes: this.doubled[i]! };
  }

  /** The next delimiter or LF at or after `from`. */
  private nextStop(from: number): number {
    if (this.nextDelimiter < from) this.nextDelimiter = indexOrEnd(this.buf, this.delimiter, from);
    if (this.nextLf < from) this.nextLf = indexOrEnd(this.buf, LF, from);
    return Math.min(this.nextDelimiter, this.nextLf);
  }

  private push(start: number, end: number, kind: number, doubled: number): void {
    const i = this.fieldCount++;
    if (i > MAX_COLUMNS) return; // the record is rejected (or the header refused) for its field count
    this.starts[i] = start;
    this.ends[i] = end;
    this.kinds[i] = kind;
    this.doubled[i] = doubled;
  }
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

/** A value written as a CSV field: quoted, with quotes doubled, when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
