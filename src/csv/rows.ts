import { isUtf8 } from 'node:buffer';
import { SKU_MAX_CHARS, skuProblem } from './sku.js';
import type { Allocate } from './buffer-pool.js';
import { BinaryCopyWriter } from './copy-binary.js';
import type { ColumnMap } from './header.js';
import { COMMA, LF, RecordScanner, countLines, fieldBytes, fieldChars, fieldText, copyField, type FieldSpan } from './records.js';

/** Limits in characters, as the products table's constraints count them. */
export const LIMITS = { sku: SKU_MAX_CHARS, name: 420, description: 100_000 } as const;
/** How much of a rejected record `import_errors.raw` keeps. */
export const RAW_RECORD_LIMIT = 1000;

export interface Rejection {
  line: number;
  reason: string;
  raw: string;
  /** The record's SKU, when it can still be read (the field in the SKU column's place passes the SKU rule): a sync keeps that product. */
  sku?: string;
}

export interface ParsedChunk {
  /** Accepted rows as binary COPY data for the staging table (ord, sku, name, description). */
  copyData: Buffer;
  /** Records read (blank lines are not records). */
  rows: number;
  accepted: number;
  rejections: Rejection[];
}

export interface ChunkPosition {
  /** Offset of the chunk's first byte in the (decompressed) file: rows are ordered by their offset. */
  offset: number;
  /** Line number of the chunk's first line in the file. */
  firstLine: number;
}

/** A chunk that is one record too long to load: nothing to COPY, the record rejected. */
export function rejectedRecord(rejection: Rejection): ParsedChunk {
  return { copyData: Buffer.alloc(0), rows: 1, accepted: 0, rejections: [rejection] };
}

/** Field count (2), then length (4) and value of ord (8), and the length of each of the three texts (4 each). */
const ROW_OVERHEAD = 2 + 4 + 8 + 3 * 4;

type Column = 'sku' | 'name' | 'description';
const COLUMNS: readonly Column[] = ['sku', 'name', 'description'];

/**
 * Parses and validates the records of one chunk (whole records only) and encodes the accepted ones for COPY.
 * A record is rejected, with its line number and reason, when it has a NUL byte, invalid UTF-8, the wrong number
 * of fields, text after a closing quote, a value over its limit or a SKU that breaks the SKU rule (products/sku.ts).
 * Pure: no I/O.
 */
export function parseChunk(
  data: Buffer,
  columns: ColumnMap,
  at: ChunkPosition,
  allocate: Allocate = Buffer.allocUnsafe,
  delimiter: number = COMMA,
): ParsedChunk {
  const scanner = new RecordScanner(data, delimiter);
  // Binary COPY adds at most ROW_OVERHEAD bytes to a record, and there are at most LFs + 1 records: the buffer is
  // allocated once at its final size instead of doubling.
  const out = new BinaryCopyWriter(allocate(BinaryCopyWriter.bytesFor(data.length + ROW_OVERHEAD * (countLines(data) + 1))));
  const lines = new LineCounter(data, at.firstLine);
  const rejections: Rejection[] = [];
  // Whole-chunk checks are fast and almost always pass; only then is each record checked on its own.
  const mayHaveNul = data.indexOf(0) >= 0;
  const mayHaveBadUtf8 = !isUtf8(data);
  const spans: (FieldSpan | null)[] = [null, null, null];
  let rows = 0;

  for (let pos = 0; pos < data.length; ) {
    const start = pos;
    pos = scanner.read(pos);
    if (pos < 0) throw new Error('chunk does not end at a record boundary'); // the splitter guarantees it does
    if (scanner.isBlank()) continue;
    rows++;
    const reason = checkRecord(data, start, pos, scanner, columns, spans, mayHaveNul, mayHaveBadUtf8);
    if (reason) {
      const sku = readableSku(data, scanner, columns);
      rejections.push({ line: lines.lineAt(start), reason, raw: rawRecord(data, start, pos), ...(sku === undefined ? {} : { sku }) });
      continue;
    }
    out.startRow(4);
    out.int8(at.offset + start);
    for (const span of spans) {
      const lengthAt = out.openField(span ? span.end - span.start : 0);
      if (span) out.pos = copyField(data, span, out.reserve(0), out.pos);
      out.closeField(lengthAt);
    }
  }
  return { copyData: out.finish(), rows, accepted: rows - rejections.length, rejections };
}

/** A record as an import would take it: its product columns, or why it would be rejected. */
export type PreviewRow =
  | { line: number; sku: string; name: string; description: string }
  | { line: number; rejected: string };

/**
 * The first `limit` records of a chunk (whole records only) as parseChunk would take them, as text: what a person
 * checks a mapping against before submitting. Pure.
 */
export function previewRows(data: Buffer, columns: ColumnMap, firstLine: number, limit: number, delimiter: number = COMMA): PreviewRow[] {
  const scanner = new RecordScanner(data, delimiter);
  const lines = new LineCounter(data, firstLine);
  const spans: (FieldSpan | null)[] = [null, null, null];
  const out: PreviewRow[] = [];
  for (let pos = 0; pos < data.length && out.length < limit; ) {
    const start = pos;
    pos = scanner.read(pos);
    if (pos < 0) break;
    if (scanner.isBlank()) continue;
    const line = lines.lineAt(start);
    const reason = checkRecord(data, start, pos, scanner, columns, spans, true, true);
    const text = (span: FieldSpan | null) => (span ? fieldText(data, span) : '');
    out.push(reason ? { line, rejected: reason } : { line, sku: text(spans[0]!), name: text(spans[1]!), description: text(spans[2]!) });
  }
  return out;
}

/** Fills `spans` (sku, name, description) and returns why the record is rejected, or undefined. */
function checkRecord(
  data: Buffer,
  start: number,
  end: number,
  scanner: RecordScanner,
  columns: ColumnMap,
  spans: (FieldSpan | null)[],
  mayHaveNul: boolean,
  mayHaveBadUtf8: boolean,
): string | undefined {
  if (mayHaveNul) {
    const nul = data.indexOf(0, start);
    if (nul >= 0 && nul < end) return 'contains a NUL byte';
  }
  if (mayHaveBadUtf8 && !isUtf8(data.subarray(start, end))) return 'is not valid UTF-8';
  if (scanner.fieldCount !== columns.fieldCount) {
    return `has ${scanner.fieldCount} field${scanner.fieldCount === 1 ? '' : 's'}, expected ${columns.fieldCount}`;
  }
  for (let c = 0; c < COLUMNS.length; c++) {
    const column = COLUMNS[c]!;
    const index = columns[column];
    if (index < 0) {
      spans[c] = null;
      continue;
    }
    const span = scanner.field(index);
    if (!span) return `${column} has text after its closing quote`;
    if (fieldBytes(span) > LIMITS[column] && fieldChars(data, span) > LIMITS[column]) {
      return `${column} is longer than ${LIMITS[column]} characters`;
    }
    spans[c] = span;
  }
  const sku = spans[0]!;
  if (fieldBytes(sku) === 0) return 'sku is empty';
  // The SKU rule (products/sku.ts) on the decoded text, only for the rare SKU with a byte that may belong to a
  // control character: below 0x20, DEL, or 0xC2, which leads U+0080-U+00BF (C1 controls among them).
  for (let i = sku.start; i < sku.end; i++) {
    const byte = data[i]!;
    if (byte < 0x20 || byte === 0x7f || byte === 0xc2) return skuProblem(fieldText(data, sku));
  }
  return undefined;
}

/**
 * The SKU of a rejected record when it can still be read: the field in the SKU column's place, valid UTF-8, within
 * the SKU's limit and rule. A record with fields added or missing may shift it; keeping a product by mistake is the
 * safe side for a sync.
 */
function readableSku(data: Buffer, scanner: RecordScanner, columns: ColumnMap): string | undefined {
  if (columns.sku >= scanner.fieldCount) return undefined;
  const span = scanner.field(columns.sku);
  if (!span || fieldBytes(span) === 0 || !isUtf8(data.subarray(span.start, span.end))) return undefined;
  if (fieldBytes(span) > LIMITS.sku && fieldChars(data, span) > LIMITS.sku) return undefined;
  const sku = fieldText(data, span);
  return sku.includes('\0') || skuProblem(sku) !== undefined ? undefined : sku;
}

/** What `import_errors.raw` keeps of a rejected record: its first bytes, without the line break, NULs replaced. */
export function rawRecord(data: Buffer, start: number, end: number): string {
  while (end > start && (data[end - 1] === LF || data[end - 1] === 0x0d)) end--;
  const text = data.toString('utf8', start, Math.min(end, start + RAW_RECORD_LIMIT));
  return text.replaceAll('\0', '\uFFFD');
}

/** Line numbers of record starts, counted forward from the last one asked for. */
class LineCounter {
  private pos = 0;
  constructor(
    private readonly data: Buffer,
    private line: number,
  ) {}

  lineAt(pos: number): number {
    this.line += countLines(this.data, this.pos, pos);
    this.pos = pos;
    return this.line;
  }
}
