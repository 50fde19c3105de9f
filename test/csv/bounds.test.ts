import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileFormatError, boundedMessage, quoteInput } from '../../src/errors.js';
import { decoder, detectDialect, openDialect } from '../../src/csv/dialect.js';
import { MAX_IGNORED_LISTED, parseHeader } from '../../src/csv/header.js';
import { MAX_COLUMNS } from '../../src/csv/records.js';
import { parseChunk } from '../../src/csv/rows.js';
import { SourceTap, readSource } from '../../src/csv/source.js';
import { MAX_HEADER_BYTES, MAX_RECORD_BYTES, RecordSplitter, type Chunk } from '../../src/csv/split.js';
import { decodeCopy } from '../support/copy.js';

function splitAll(pieces: Buffer[], chunkBytes = 1 << 20): { splitter: RecordSplitter; chunks: Chunk[] } {
  const splitter = new RecordSplitter(chunkBytes);
  const chunks = pieces.flatMap((p) => splitter.push(p));
  chunks.push(...splitter.finish());
  return { splitter, chunks };
}

test('a record longer than MAX_RECORD_BYTES is a rejected row with its line, not a failed file, and memory is not held for it', () => {
  const long = 'x'.repeat(MAX_RECORD_BYTES + 300_000); // past the limit by more than one read
  for (const quoted of [false, true]) {
    const value = quoted ? `"${long.slice(0, 10)}\n${long}"` : long;
    const file = Buffer.from(`name,sku,description\na,sku-1,first\nb,sku-2,${value}\nc,sku-3,after\nd,sku-4,"two\nlines"\n`);
    const pieces: Buffer[] = [];
    for (let at = 0; at < file.length; at += 1 << 20) pieces.push(file.subarray(at, at + (1 << 20)));
    const { splitter, chunks } = splitAll(pieces, 64 * 1024);
    const skipped = chunks.filter((c) => c.skipped);
    assert.equal(skipped.length, 1);
    const { rejection, bytes } = skipped[0]!.skipped!;
    assert.equal(rejection.line, 3);
    assert.match(rejection.reason, /is longer than 16777216 bytes/);
    assert.ok(rejection.raw.startsWith(quoted ? 'b,sku-2,"xxxxxxxxxx' : 'b,sku-2,xxx') && rejection.raw.length <= 1000);
    assert.equal(bytes, Buffer.byteLength(`b,sku-2,${value}\n`));
    assert.ok(chunks.every((c) => c.data.length < 2 * 64 * 1024), 'no chunk holds the long record');
    const map = parseHeader(splitter.header!).map;
    const rows = chunks.filter((c) => !c.skipped).flatMap((c) => decodeCopy(parseChunk(c.data, map, c).copyData));
    assert.deepEqual(rows.map((r) => r.sku), ['sku-1', 'sku-3', 'sku-4']);
    // Lines after the long record are numbered as in the file (its quoted line break counted).
    const after = chunks.find((c) => !c.skipped && c.offset > skipped[0]!.offset)!;
    assert.equal(after.firstLine, quoted ? 5 : 4);
  }
});

test('a quote left open to the end of the file still fails the file, naming the record it opened in', () => {
  const file = Buffer.from(`name,sku,description\na,sku-1,"${'y'.repeat(MAX_RECORD_BYTES + 10)}`);
  assert.throws(() => splitAll([file.subarray(0, 100), file.subarray(100)], 64 * 1024), /quoted field opened in the record at line 2 is never closed/);
});

test('the header is bounded: at most 64 KiB and 1,000 columns, whatever the cut of the input', () => {
  const wide = Buffer.from(`${Array.from({ length: 7_500_000 / 100 }, (_, i) => `c${i}`).join(',')}\n`);
  assert.ok(wide.length > MAX_HEADER_BYTES);
  const started = performance.now();
  const bytes = Array.from({ length: MAX_HEADER_BYTES + 10 }, (_, i) => wide.subarray(i, i + 1));
  assert.throws(() => splitAll(bytes), /header line is longer than 64 KiB/);
  const quotedBreaks = Buffer.from(`"${'\n'.repeat(MAX_HEADER_BYTES)}"\n`);
  assert.throws(() => splitAll(Array.from({ length: quotedBreaks.length }, (_, i) => quotedBreaks.subarray(i, i + 1))), /header line is longer than 64 KiB/);
  assert.throws(() => splitAll([wide]), /header line is longer than 64 KiB/);
  assert.ok(performance.now() - started < 1000, 'refused at once');
  const columns = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`);
  assert.throws(() => parseHeader(Buffer.from(columns.join(','))), /1001 columns; at most 1000/);
  const header = parseHeader(Buffer.from(['sku', ...columns.slice(0, 999)].join(',')));
  assert.equal(header.ignoredCount, 999);
  assert.equal(header.ignored.length, MAX_IGNORED_LISTED);
});

test('messages quote input cut short with control characters escaped; stored errors are bounded', () => {
  const nul = '\0'.repeat(10 * 1024 * 1024);
  try {
    parseHeader(Buffer.from(`${nul},name`));
    assert.fail('no sku column');
  } catch (error) {
    assert.ok(error instanceof FileFormatError);
    assert.ok(error.message.length < 400, `${error.message.length} characters`);
    assert.match(error.message, /no "sku" column \(found: "\\u0000\\u0000/);
  }
  assert.equal(quoteInput('a\u001b[2Jb\u202e"q"'), '"a\\u001b[2Jb\\u202e\\"q\\""');
  assert.equal(boundedMessage('x'.repeat(5000)).length, 1003);
  assert.doesNotMatch(boundedMessage('bad\0byte\u009b'), /[\0\u009b]/);
});

test('a field count far beyond the header is counted, not kept: the record is rejected', () => {
  const record = `${','.repeat(2_000_000)}\n`;
  const map = parseHeader(Buffer.from('name,sku,description')).map;
  const parsed = parseChunk(Buffer.from(`a,b,c\n${record}`), map, { offset: 0, firstLine: 2 });
  assert.equal(parsed.rejections.length, 1);
  assert.equal(parsed.rejections[0]!.reason, 'has 2000001 fields, expected 3');
});

test('gzip is recognised however the input is cut, and its decompressed size is bounded', async () => {
  const text = Buffer.from('name,sku,description\n' + 'a,b,c\n'.repeat(100_000));
  const gz = gzipSync(text);
  const read = async (pieces: Buffer[], max?: number) => {
    const out: Buffer[] = [];
    for await (const data of readSource((async function* () { yield* pieces; })(), new SourceTap(), max)) out.push(data);
    return Buffer.concat(out);
  };
  assert.deepEqual(await read([gz.subarray(0, 1), gz.subarray(1, 2), gz.subarray(2)]), text);
  await assert.rejects(read([gz.subarray(0, 1), gz.subarray(1)], 100_000), /decompresses to more than the limit of 100000 bytes/);
});

test('UTF-16 with a byte order mark is detected and decoded, in any cut; read as UTF-8 it is told plainly', async () => {
  const text = 'name;sku;description\nCafé ☕;s-1;“quoted” 😀\n';
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
    const bytes = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
    assert.deepEqual(detectDialect(bytes, true), { encoding, delimiter: ';' });
    for (const cut of [1, 3, 7]) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += cut) pieces.push(bytes.subarray(at, at + cut));
      const source = await openDialect((async function* () { yield* pieces; })(), { encoding: 'auto', delimiter: 'auto' });
      const out: Buffer[] = [];
      for await (const data of source.data) out.push(data);
      assert.equal(Buffer.concat(out).toString('utf8'), text);
    }
  }
  assert.equal(decoder('utf-16le')(Buffer.from([0x41])).length, 0, 'an odd byte waits for its pair');
});
