import { openDialect, type Dialect, type DialectRequest } from './dialect.js';
import { readSource, SourceTap } from './source.js';
import { MAX_HEADER_BYTES, RecordSplitter, splitStream } from './split.js';

/**
 * The header record of a file (plain or gzip, in any encoding), read from its start only: what a submission checks a
 * mapping against before queueing the import. The reader stops, closing `input`, once the header is read.
 */
export async function readHeaderRecord(input: AsyncIterable<Buffer>, request: DialectRequest): Promise<{ record: Buffer; dialect: Dialect }> {
  const source = await openDialect(readSource(input, new SourceTap()), request);
  const splitter = new RecordSplitter(MAX_HEADER_BYTES, source.dialect.delimiter.charCodeAt(0));
  // The header is on the splitter once the first chunk (or the end) arrives.
  for await (const _chunk of splitStream(source.data, splitter)) break;
  return { record: splitter.header!, dialect: source.dialect };
}
