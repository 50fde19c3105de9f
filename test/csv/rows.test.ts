import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeader } from '../../src/csv/header.js';
import { LIMITS, RAW_RECORD_LIMIT, parseChunk } from '../../src/csv/rows.js';
import { decodeCopy } from '../support/copy.js';

const STANDARD = parseHeader(Buffer.from('name,sku,description\n')).map;

function parse(body: string | Buffer, map = STANDARD, at = { offset: 1000, firstLine: 2 }) {
  const parsed = parseChunk(Buffer.isBuffer(body) ? body : Buffer.from(body), map, at);
  return { ...parsed, staged: decodeCopy(parsed.copyData) };
}

test('accepted rows are staged as (offset, sku, name, description), trimmed and unquoted', () => {
  const { staged, rows, accepted, rejections } = parse('Ann Lee , a-b ,"Line one\nline ""two"""\nBo,c-d,plain\n');
  assert.equal(rows, 2);
  assert.equal(accepted, 2);
  assert.deepEqual(rejections, []);
  assert.deepEqual(staged, [
    { ord: 1000, sku: 'a-b', name: 'Ann Lee', description: 'Line one\nline "two"' },
    { ord: 1000 + 39, sku: 'c-d', name: 'Bo', description: 'plain' },
  ]);
});

test('columns come from the header map; missing columns stage as empty', () => {
  const map = parseHeader(Buffer.from('extra,SKU\n')).map;
  assert.deepEqual(parse('x,s-1\n', map).staged, [{ ord: 1000, sku: 's-1', name: '', description: '' }]);
});

test('a quote inside an unquoted value is kept as it is', () => {
  assert.deepEqual(parse('Monitor 24" wide,m-24,Screen\n').staged.map((r) => r.name), ['Monitor 24" wide']);
});

test('blank lines are skipped without counting as rows', () => {
  const { rows, staged } = parse('A,a,d\n\n  \r\nB,b,d\n');
  assert.equal(rows, 2);
  assert.deepEqual(staged.map((r) => r.sku), ['a', 'b']);
});

test('every rejection reason, with the line of the record and the raw record', () => {
  const long = (n: number) => 'x'.repeat(n);
  const lines = [
    'Ok,ok-1,fine', // line 2
    'Empty,,d', // 3: sku is empty
    'Too,many,fields,here', // 4
    'Too few', // 5
    `Long,${long(LIMITS.sku + 1)},d`, // 6
    `${long(LIMITS.name + 1)},n-1,d`, // 7
    `N,d-1,${long(LIMITS.description + 1)}`, // 8
    'Nul\0,nul-1,d', // 9
    '"Bad" quote,q-1,d', // 10
    '"Multi\nline",,"spans\nthree lines"', // 11 (empty sku), ends at line 13
    'Ok,ok-2,fine', // 14
  ];
  const { rejections, staged, rows } = parse(`${lines.join('\n')}\n`);
  assert.equal(rows, 11);
  assert.deepEqual(staged.map((r) => r.sku), ['ok-1', 'ok-2']);
  assert.deepEqual(
    rejections.map((r) => [r.line, r.reason]),
    [
      [3, 'sku is empty'],
      [4, 'has 4 fields, expected 3'],
      [5, 'has 1 field, expected 3'],
      [6, `sku is longer than ${LIMITS.sku} characters`],
      [7, `name is longer than ${LIMITS.name} characters`],
      [8, `description is longer than ${LIMITS.description} characters`],
      [9, 'contains a NUL byte'],
      [10, 'name has text after its closing quote'],
      [11, 'sku is empty'],
    ],
  );
  assert.equal(rejections[0]!.raw, 'Empty,,d');
  assert.equal(rejections[5]!.raw.length, RAW_RECORD_LIMIT);
  assert.equal(rejections[6]!.raw, 'Nul\uFFFD,nul-1,d');
  assert.equal(rejections[8]!.raw, '"Multi\nline",,"spans\nthree lines"');
});

test('invalid UTF-8 rejects only its own record', () => {
  const body = Buffer.concat([Buffer.from('A,a,d\nB,'), Buffer.from([0xc3, 0x28]), Buffer.from(',d\r\nC,c,d\r\n')]);
  const { rejections, staged } = parse(body);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [[3, 'is not valid UTF-8']]);
  assert.deepEqual(staged.map((r) => r.sku), ['a', 'c']);
});

test('limits count characters: 120 multi-byte characters fit in a SKU', () => {
  const sku = 'é'.repeat(LIMITS.sku);
  assert.deepEqual(parse(`N,${sku},d\n`).staged.map((r) => r.sku), [sku]);
  assert.equal(parse(`N,${sku}é,d\n`).rejections.length, 1);
});
