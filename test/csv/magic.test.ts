import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { openDialect } from '../../src/csv/dialect.js';
import { binaryKind, notTextMessage } from '../../src/csv/magic.js';
import { FileFormatError } from '../../src/errors.js';

/** Files that are not text, told by their first bytes: pure, from the bytes each format starts with. */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
// The start of a real .xlsx: a ZIP local file header of [Content_Types].xml.
const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]), Buffer.from('[Content_Types].xml'), deflateRawSync('<Types/>')]);

test('images, archives, office documents and PDFs are told by name', () => {
  assert.equal(binaryKind(PNG), 'a PNG image');
  assert.match(binaryKind(XLSX)!, /^a ZIP archive \(an Excel \.xlsx/);
  assert.equal(binaryKind(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')), 'a PDF document');
  assert.equal(binaryKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'a JPEG image');
  assert.equal(binaryKind(Buffer.from('GIF89a\x01\x00', 'latin1')), 'a GIF image');
  assert.match(binaryKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))!, /\.xls workbook/);
  assert.match(binaryKind(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))!, /WebP/);
  assert.match(binaryKind(Buffer.from('\x00\x00\x00\x18ftypmp42', 'latin1'))!, /MP4/);
  assert.match(binaryKind(Buffer.from('BZh91AY&SY', 'latin1'))!, /bzip2/);
});

test('text of any encoding, gzip (read, not refused) and too short a start are not told as anything', () => {
  for (const text of ['name,sku,description\nA,1,x\n', 'PK,sku,name\n1,2,3\n', 'GIF8,sku\n', 'RIFF,sku,name\n', '%PDF,sku\n', '']) {
    assert.equal(binaryKind(Buffer.from(text)), undefined, JSON.stringify(text));
  }
  assert.equal(binaryKind(Buffer.from('\ufeffname,sku\n', 'utf16le')), undefined, 'UTF-16 with its byte order mark');
  assert.equal(binaryKind(Buffer.from('name;sku\nCaf\xe9;1\n', 'latin1')), undefined);
  assert.equal(binaryKind(gzipSync('name,sku\n')), undefined, 'gzip is decompressed before this check');
  assert.equal(binaryKind(PNG.subarray(0, 7)), undefined, 'a signature cut short');
});

test('openDialect refuses a file that is not text with what it is, instead of detecting an encoding for it', async () => {
  const open = (data: Buffer) => openDialect(Readable.from([data]), { encoding: 'auto', delimiter: 'auto' });
  await assert.rejects(open(PNG), (error: Error) => {
    assert.ok(error instanceof FileFormatError);
    assert.equal(error.message, notTextMessage('a PNG image'));
    assert.doesNotMatch(error.message, /encoding/);
    return true;
  });
  await assert.rejects(open(XLSX), /this is a ZIP archive \(an Excel \.xlsx or OpenDocument spreadsheet\?\), not CSV text/);
  const text = await open(Buffer.from('name,sku\nA,1\n'));
  assert.deepEqual(text.detected, { encoding: 'utf-8', delimiter: ',' });
});
