import { z } from 'zod';
import { FileFormatError, errorMessage } from '../errors.js';
import { Dialect, openDialect, type DialectRequest } from './dialect.js';
import { mapColumns, headerColumns, type Header } from './header.js';
import { MappedColumns, suggestMapping, type ColumnMapping, type ProductColumn, type Suggestion } from './mapping.js';
import { previewRows, type PreviewRow } from './rows.js';
import { readSource, SourceTap } from './source.js';
import { MAX_HEADER_BYTES, RecordSplitter, splitStream } from './split.js';
import { LF } from './records.js';

/**
 * The start of a file (plain or gzip, in any encoding), read before an import is queued: its header record, to check
 * a mapping against; or its header and first records, to show how they would be imported. The reader stops, closing
 * `input`, once it has what it needs.
 */

export async function readHeaderRecord(input: AsyncIterable<Buffer>, request: DialectRequest): Promise<{ record: Buffer; dialect: Dialect }> {
  const source = await openDialect(readSource(input, new SourceTap()), request);
  const splitter = new RecordSplitter(MAX_HEADER_BYTES, source.dialect.delimiter.charCodeAt(0));
  // The header is on the splitter once the first chunk (or the end) arrives.
  for await (const _chunk of splitStream(source.data, splitter)) break;
  return { record: splitter.header!, dialect: source.dialect };
}

/** How many records a preview shows. */
export const PREVIEW_ROWS = 20;
/** Records are cut from the sample in pieces of about this size. */
const PREVIEW_CHUNK_BYTES = 4096;

const Suggestions = z.array(z.object({ column: z.string(), index: z.number().int() }))
  .describe('header columns that look like this product column, best first (case, spaces, underscores, synonyms)');

/** How the start of a file would be imported: what POST /api/imports/preview answers. */
export const FilePreview = z.object({
  detected: Dialect,
  dialect: Dialect.describe('what the file is read with: the options given, auto resolved'),
  columns: z.array(z.string()).describe('the header\'s columns'),
  suggestions: z.object({ sku: Suggestions, name: Suggestions, description: Suggestions }),
  mapped: MappedColumns.nullable().describe('the column each product column is read from with the mapping given; null when the header cannot be read so'),
  problem: z.string().nullable().describe('why the file cannot be imported so (no sku column, an unknown column in the mapping...), or null'),
  rows: z.array(z.union([
    z.object({ line: z.number().int(), sku: z.string(), name: z.string(), description: z.string() }),
    z.object({ line: z.number().int(), rejected: z.string().describe('why the import would reject the row') }),
  ])).describe(`the first ${PREVIEW_ROWS} records as the import would take them`),
}) satisfies z.ZodType<{ rows: PreviewRow[]; suggestions: Record<ProductColumn, Suggestion[]> }>;
export type FilePreview = z.infer<typeof FilePreview>;

/**
 * How the start of a file (`sample`: all of it when `complete`) would be imported with `request` and `mapping`:
 * its header, suggestions for a mapping, and its first records. A record cut off by the sample's end is left out.
 */
export async function previewFile(sample: Buffer, complete: boolean, request: DialectRequest, mapping: ColumnMapping): Promise<FilePreview> {
  const source = await openDialect(readSource((async function* () { yield sample; })(), new SourceTap()), request);
  const delimiter = source.dialect.delimiter.charCodeAt(0);
  const splitter = new RecordSplitter(PREVIEW_CHUNK_BYTES, delimiter);
  const chunks: { data: Buffer; firstLine: number }[] = [];
  let header: Header | undefined;
  let columns: string[] = [];
  let problem: string | null = null;
  // Whether the sample ends inside a record (its end is no line break): that record is cut off.
  let cutOff = false;
  try {
    for await (const data of source.data) {
      if (data.length > 0) cutOff = !complete && data[data.length - 1] !== LF;
      chunks.push(...splitter.push(data));
    }
    chunks.push(...splitter.finish());
  } catch (error) {
    // A gzip sample cut short ends early (the records before its end are shown); a bad file is the problem.
    if (!(error instanceof FileFormatError)) {
      if (complete) throw error;
    } else if (complete || !splitter.header) {
      problem = errorMessage(error); // a sample's last quote may close past its end: only the whole file can tell
    }
  }
  if (splitter.header) {
    try {
      columns = headerColumns(splitter.header, delimiter);
      header = mapColumns(columns, mapping);
    } catch (error) {
      if (!(error instanceof FileFormatError)) throw error;
      problem = errorMessage(error);
    }
  }
  // One record more than shown: when all of them fit, the last is the one the sample may have cut off.
  const rows: PreviewRow[] = [];
  for (const chunk of header ? chunks : []) {
    if (rows.length > PREVIEW_ROWS) break;
    rows.push(...previewRows(chunk.data, header!.map, chunk.firstLine, PREVIEW_ROWS + 1 - rows.length, delimiter));
  }
  if (cutOff && rows.length <= PREVIEW_ROWS) rows.pop();
  rows.splice(PREVIEW_ROWS);
  return {
    detected: source.detected, dialect: source.dialect, columns, suggestions: suggestMapping(columns), mapped: header?.mapped ?? null, problem, rows,
  };
}
