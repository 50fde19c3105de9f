import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError } from '../../src/errors.js';
import { parseHeader } from '../../src/csv/header.js';

test('maps columns by name, in any order and case', () => {
  const header = parseHeader(Buffer.from('Description,SKU,name\n'));
  assert.deepEqual(header.map, { fieldCount: 3, sku: 1, name: 2, description: 0 });
  assert.deepEqual(header.ignored, []);
});

test('unknown columns are ignored and reported; quoted and padded names are read', () => {
  const header = parseHeader(Buffer.from(' "sku" ,price,name\r\n'));
  assert.deepEqual(header.map, { fieldCount: 3, sku: 0, name: 2, description: -1 });
  assert.deepEqual(header.ignored, ['price']);
});

test('name and description are optional', () => {
  assert.deepEqual(parseHeader(Buffer.from('sku\n')).map, { fieldCount: 1, sku: 0, name: -1, description: -1 });
});

test('a header without sku fails the file, naming what it found', () => {
  assert.throws(() => parseHeader(Buffer.from('name,description\n')), (e: unknown) => {
    return e instanceof FileFormatError && /no "sku" column.*"name", "description"/.test(e.message);
  });
});

test('a column named twice, an empty header or a non-UTF-8 header fails the file', () => {
  assert.throws(() => parseHeader(Buffer.from('sku,SKU\n')), /twice/);
  assert.throws(() => parseHeader(Buffer.from('\n')), /no header/);
  assert.throws(() => parseHeader(Buffer.from([0x73, 0x6b, 0x75, 0xff, 0x0a])), /UTF-8/);
});
