import { isUtf8 } from 'node:buffer';
import { FileFormatError } from '../errors.js';
import { COMMA, RecordScanner, fieldText } from './records.js';

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
  /** Columns lfp does not know, reported and ignored. */
  ignored: string[];
}

const KNOWN = ['sku', 'name', 'description'] as const;

/** Reads the header record: columns by name, in any order and any case. */
export function parseHeader(record: Buffer, delimiter: number = COMMA): Header {
  if (!isUtf8(record)) throw new FileFormatError('the header line is not valid UTF-8');
  const scanner = new RecordScanner(record, delimiter);
  if (scanner.read(0) < 0) throw new FileFormatError('the header line has a quote that is never closed');
  if (scanner.isBlank()) throw new FileFormatError('the file has no header: expected a first line such as name,sku,description');
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
  columns.forEach((column, i) => {
    const key = KNOWN.find((known) => known === column.toLowerCase());
    if (!key) return void ignored.push(column);
    if (map[key] >= 0) throw new FileFormatError(`the header names the column "${key}" twice`);
    map[key] = i;
  });
  if (map.sku < 0) {
    throw new FileFormatError(`the header has no "sku" column (found: ${columns.map((c) => JSON.stringify(c)).join(', ')})`);
  }
  return { columns, map, ignored };
}
