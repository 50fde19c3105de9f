import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { FileFormatError } from '../errors.js';
import { binaryKind, notTextMessage } from './magic.js';
import { COMMA, RecordScanner } from './records.js';

/**
 * How a file is written: its text encoding and its field delimiter. Files are decoded to UTF-8 before they are
 * split, so everything downstream (splitting, parsing, COPY) reads UTF-8 only.
 */

export const Encoding = z.enum(['utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be']);
export type Encoding = z.infer<typeof Encoding>;
export const ENCODINGS = Encoding.options;
export const Delimiter = z.enum([',', ';', '\t', '|']);
export type Delimiter = z.infer<typeof Delimiter>;
export const DELIMITERS = Delimiter.options;

/** Delimiters by the names people type on a command line or in a URL (the characters themselves too). */
export const DELIMITER_NAMES: Readonly<Record<string, Delimiter>> = {
  ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t', '|': '|', pipe: '|',
};

export const Dialect = z.object({ encoding: Encoding, delimiter: Delimiter });
export type Dialect = z.infer<typeof Dialect>;

/** What a user asks for: a dialect, or `auto` for what the file's first bytes suggest. */
export const DialectRequest = z.object({
  encoding: z.union([Encoding, z.literal('auto')]),
  delimiter: z.union([Delimiter, z.literal('auto')]),
});
export type DialectRequest = z.infer<typeof DialectRequest>;

export const DEFAULT_DIALECT: Dialect = { encoding: 'utf-8', delimiter: ',' };

/** How much of the start of a file detection looks at. */
export const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_RECORDS = 20;

export function resolveDialect(request: DialectRequest, detected: Dialect): Dialect {
  return {
    encoding: request.encoding === 'auto' ? detected.encoding : request.encoding,
    delimiter: request.delimiter === 'auto' ? detected.delimiter : request.delimiter,
  };
}

/** A delimiter as people name it in messages: `tab` rather than an invisible character. */
export function delimiterName(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/**
 * The dialect to try when a file was read otherwise than its first bytes suggest, or null when they agree: the one
 * rule behind every "the file looks written in another dialect" hint (the API's `suggestion`, a bad header's
 * message). Detection tells UTF-8 from windows-1252 only, so a file read as latin1 that looks like windows-1252 is
 * no mismatch (the two agree on every letter but a few symbols).
 */
export function dialectSuggestion(request: DialectRequest, detected: Dialect): Partial<Dialect> | null {
  const used = resolveDialect(request, detected);
  const suggestion: Partial<Dialect> = {};
  if (used.delimiter !== detected.delimiter) suggestion.delimiter = detected.delimiter;
  if (used.encoding !== detected.encoding && !(used.encoding === 'latin1' && detected.encoding === 'windows-1252')) {
    suggestion.encoding = detected.encoding;
  }
  return Object.keys(suggestion).length === 0 ? null : suggestion;
}

/**
 * Guesses a file's dialect from its first bytes. Encoding: UTF-8 if the sample is valid UTF-8 (a sequence cut by
 * the end of the sample does not count against it), windows-1252 otherwise (a superset of latin1's printable
 * characters). Delimiter: the candidate whose header has a `sku` column, then the one that splits the first
 * records into the same number of fields, then the most fields. Pure.
 */
export function detectDialect(sample: Buffer, complete: boolean): Dialect {
  const utf16 = utf16ByBom(sample);
  if (utf16) return { encoding: utf16, delimiter: detectDelimiter(decoder(utf16)(sample), complete) };
  const encoding: Encoding = isUtf8(complete ? sample : trimCutSequence(sample)) ? 'utf-8' : 'windows-1252';
  return { encoding, delimiter: detectDelimiter(sample, complete) };
}

/** UTF-16 is told by its byte order mark (spreadsheets' "Unicode text" writes one). */
function utf16ByBom(sample: Buffer): Encoding | undefined {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return undefined;
}

function detectDelimiter(sample: Buffer, complete: boolean): Delimiter {
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const score = delimiterScore(sample, delimiter.charCodeAt(0), complete);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function delimiterScore(sample: Buffer, delimiter: number, complete: boolean): number {
  const scanner = new RecordScanner(sample, delimiter);
  const counts: number[] = [];
  let headerHasSku = false;
  const bomLength = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? 3 : 0;
  for (let pos = bomLength; pos < sample.length && counts.length < SAMPLE_RECORDS; ) {
    pos = scanner.read(pos);
    if (pos < 0 || (pos === sample.length && !complete && sample[pos - 1] !== 0x0a)) break; // cut by the sample's end
    if (scanner.isBlank()) continue;
    if (counts.length === 0) {
      for (let i = 0; i < scanner.fieldCount; i++) {
        const span = scanner.field(i);
        if (span && sample.toString('latin1', span.start, span.end).toLowerCase() === 'sku') headerHasSku = true;
      }
    }
    counts.push(scanner.fieldCount);
  }
  if (counts.length === 0) return delimiter === COMMA ? 0 : -1;
  const consistent = counts.every((n) => n === counts[0]) && counts[0]! > 1;
  return (headerHasSku ? 1000 : 0) + (consistent ? 100 : 0) + Math.min(counts[0]!, 99);
}

/** Drops an incomplete multi-byte UTF-8 sequence at the end (at most 3 bytes). */
function trimCutSequence(sample: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, sample.length); back++) {
    const byte = sample[sample.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? sample.subarray(0, sample.length - back) : sample;
  }
  return sample;
}

/** Windows-1252 differs from latin1 only in 0x80-0x9F; the five bytes it leaves undefined stay C1 controls. */
const WINDOWS_1252_HIGH: Record<string, string> = Object.fromEntries(
  [
    0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
    0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
  ].map((codePoint, i) => [String.fromCharCode(0x80 + i), String.fromCharCode(codePoint)]),
);

/** Decodes single-byte text to UTF-8. Every byte is one character, so buffers decode independently of each other. */
function singleByteToUtf8(data: Buffer, encoding: 'windows-1252' | 'latin1'): Buffer {
  let text = data.toString('latin1');
  // Node's TextDecoder('windows-1252') decodes 0x80-0x9F as latin1, so the mapping is done here.
  if (encoding === 'windows-1252') text = text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c]!);
  return Buffer.from(text, 'utf8');
}

/**
 * A decoder of one stream to UTF-8, buffer after buffer. UTF-16 keeps what a buffer cuts (an odd byte, half a
 * surrogate pair) for the next, and drops the byte order mark; call it with no buffer at the end.
 */
export function decoder(encoding: Encoding): (data?: Buffer) => Buffer {
  if (encoding === 'utf-8') return (data) => data ?? Buffer.alloc(0);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be') return (data) => (data ? singleByteToUtf8(data, encoding) : Buffer.alloc(0));
  const text = new TextDecoder('utf-16le');
  let odd: Buffer = Buffer.alloc(0);
  return (data) => {
    if (!data) return Buffer.from(text.decode(odd), 'utf8'); // a lone last byte decodes to U+FFFD
    const bytes = odd.length > 0 ? Buffer.concat([odd, data]) : data;
    const even = bytes.length & ~1;
    odd = Buffer.from(bytes.subarray(even));
    const units = encoding === 'utf-16be' ? Buffer.from(bytes.subarray(0, even)).swap16() : bytes.subarray(0, even);
    return Buffer.from(text.decode(units, { stream: true }), 'utf8');
  };
}

export interface DialectSource {
  detected: Dialect;
  dialect: Dialect;
  /** The file's content, decoded to UTF-8. */
  data: AsyncIterable<Buffer>;
}

/** Reads the start of `input` to detect its dialect, then streams all of it decoded with the resolved dialect. */
export async function openDialect(input: AsyncIterable<Buffer>, request: DialectRequest): Promise<DialectSource> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const sample = Buffer.concat(head).subarray(0, SAMPLE_BYTES);
  const kind = binaryKind(sample);
  if (kind !== undefined) throw new FileFormatError(notTextMessage(kind)); // not text: no encoding would read it
  const detected = detectDialect(sample, done && headBytes <= SAMPLE_BYTES);
  const dialect = resolveDialect(request, detected);
  const decode = decoder(dialect.encoding);
  async function* decoded(): AsyncGenerator<Buffer> {
    try {
      for (const data of head) yield decode(data);
      if (!done) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield decode(next.value);
      const rest = decode();
      if (rest.length > 0) yield rest;
    } finally {
      await iterator.return?.(); // a reader that stops early closes the file (and gunzip) beneath
    }
  }
  return { detected, dialect, data: decoded() };
}
