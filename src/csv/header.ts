import { isUtf8 } from 'node:buffer';
import { FileFormatError, UnknownColumnError, quoteInput } from '../errors.js';
import { PRODUCT_COLUMNS, type ColumnMapping, type MappedColumns, type ProductColumn } from './mapping.js';
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
  /** The file column each product column is read from. */
  mapped: MappedColumns;
  /** Columns lfp does not know, reported and ignored (the first MAX_IGNORED_LISTED of them). */
  ignored: string[];
  ignoredCount: number;
}

/** How many ignored columns an import lists by name; the rest are counted. */
export const MAX_IGNORED_LISTED = 50;
/** How much of a column's name an import keeps in its list of ignored columns. */
const MAX_LISTED_NAME = 200;

/** Reads the header record: columns by name, in any order and any case, or as `mapping` says. */
export function parseHeader(record: Buffer, delimiter: number = COMMA, mapping: ColumnMapping = {}): Header {
  return mapColumns(headerColumns(record, delimiter), mapping);
}

/** The names of the header record's columns. */
export function headerColumns(record: Buffer, delimiter: number = COMMA): string[] {
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
  return columns;
}

/**
 * Maps column names to product columns: a mapped product column to the column the mapping names (its exact name,
 * else the one column with that name in another case or padding), the others by their own name in any case. Also how a
 * worker rebuilds the map from the names stored on an import.
 */
export function mapColumns(columns: string[], mapping: ColumnMapping = {}): Header {
  const map: ColumnMap = { fieldCount: columns.length, sku: -1, name: -1, description: -1 };
  for (const product of PRODUCT_COLUMNS) {
    const wanted = mapping[product];
    if (wanted !== undefined) map[product] = mappedIndex(columns, product, wanted);
  }
  const used = new Set(PRODUCT_COLUMNS.map((product) => map[product]));
  columns.forEach((column, i) => {
    const key = PRODUCT_COLUMNS.find((known) => known === column.toLowerCase());
    if (!key || mapping[key] !== undefined || used.has(i)) return;
    if (map[key] >= 0) throw new FileFormatError(`the header names the column "${key}" twice`);
    map[key] = i;
  });
  if (map.sku < 0) {
    throw new FileFormatError(`the header has no "sku" column (found: ${foundColumns(columns)}); a mapping can name it (map.sku=COLUMN)`);
  }
  const ignored: string[] = [];
  let ignoredCount = 0;
  const read = new Set(PRODUCT_COLUMNS.map((product) => map[product]));
  columns.forEach((column, i) => {
    if (!read.has(i) && ignoredCount++ < MAX_IGNORED_LISTED) ignored.push(column.slice(0, MAX_LISTED_NAME));
  });
  const at = (index: number) => (index < 0 ? null : columns[index]!);
  return { columns, map, mapped: { sku: columns[map.sku]!, name: at(map.name), description: at(map.description) }, ignored, ignoredCount };
}

/** Where the mapping's column for `product` is; an UnknownColumnError, listing the header, when it has none. */
function mappedIndex(columns: string[], product: ProductColumn, wanted: string): number {
  const exact = columns.indexOf(wanted);
  if (exact >= 0) return exact;
  const loose = (name: string) => name.trim().toLowerCase();
  const alike = columns.flatMap((column, i) => (loose(column) === loose(wanted) ? [i] : []));
  if (alike.length === 1) return alike[0]!;
  throw new UnknownColumnError(
    `the mapping reads ${product} from the column ${quoteInput(wanted, 80)}, which the header does not have ` +
      `(the header: ${foundColumns(columns, 20)})`,
    columns.slice(0, MAX_IGNORED_LISTED).map((column) => column.slice(0, MAX_LISTED_NAME)),
  );
}

/** The first few columns, quoted and cut short, for a message: a header can be 64 KiB of anything. */
function foundColumns(columns: string[], shownCount = 5): string {
  const shown = columns.slice(0, shownCount).map((c) => quoteInput(c, 40)).join(', ');
  return columns.length > shownCount ? `${shown} and ${columns.length - shownCount} more` : shown;
}
