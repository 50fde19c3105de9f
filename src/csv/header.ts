import { isUtf8 } from 'node:buffer';
import { FileFormatError, quoteInput } from '../errors.js';
import { COMMA, MAX_COLUMNS, RecordScanner, fieldText } from './records.js';

/** Where each product column sits in a record; -1 for a column the file does not have. */
export interface ColumnMap {
  fieldCount: number;
  sku: number;
  name: number;
  description: number;
}

export interface Header {
  columns: string[];
  map: ColumnMap;
  /** Columns lfp does not know, reported and ignored (the first MAX_IGNORED_LISTED of them). */
  ignored: string[];
  ignoredCount: number;
}

/** How many ignored columns an import lists by name; the rest are counted. */
export const MAX_IGNORED_LISTED = 50;
/** How much of a column's name an import keeps in its list of ignored columns. */
const MAX_LISTED_NAME = 200;

const KNOWN = ['sku', 'name', 'description'] as const;

/** Reads the header record: columns by name, in any order and any case. */
export function parseHeader(record: Buffer, delimiter: number = COMMA): Header {
  if (!isUtf8(record)) throw new FileFormatError('the header line is not valid UTF-8');
  const scanner = new RecordScanner(record, delimiter);
  if (scanner.read(0) < 0) throw new FileFormatError('the header line has a quote that is never closed');
  if (scanner.isBlank()) throw new FileFormatError('the file has no header: expected a first line such as name,sku,description');
  if (scanner.fieldCount > MAX_COLUMNS) {
    throw new FileFormatError(`the header has ${scanner.fieldCount} columns; at most ${MAX_COLUMNS} are read: is this the header of a product file?`);
  }
  const columns: string[] = [];
  for (let i = 0; i < scanner.fieldCount; i++) {
    const span = scanner.field(i);
    if (!span) throw new FileFormatError(`the header's column ${i + 1} has text after its closing quote`);
    columns.push(fieldText(record, span));
  }
  return mapColumns(columns);
}

/** Maps column names to product columns; also how a worker rebuilds the map from the names stored on an import. */
export function mapColumns(columns: string[]): Header {
  const map: ColumnMap = { fieldCount: columns.length, sku: -1, name: -1, description: -1 };
  const ignored: string[] = [];
  let ignoredCount = 0;
  columns.forEach((column, i) => {
    const key = KNOWN.find((known) => known === column.toLowerCase());
    if (!key) {
      if (ignoredCount++ < MAX_IGNORED_LISTED) ignored.push(column.slice(0, MAX_LISTED_NAME));
      return;
    }
    if (map[key] >= 0) throw new FileFormatError(`the header names the column "${key}" twice`);
    map[key] = i;
  });
  if (map.sku < 0) throw new FileFormatError(`the header has no "sku" column (found: ${foundColumns(columns)})`);
  return { columns, map, ignored, ignoredCount };
}

/** The first few columns, quoted and cut short, for a message: a header can be 64 KiB of anything. */
function foundColumns(columns: string[]): string {
  const shown = columns.slice(0, 5).map((c) => quoteInput(c, 40)).join(', ');
  return columns.length > 5 ? `${shown} and ${columns.length - 5} more` : shown;
}
