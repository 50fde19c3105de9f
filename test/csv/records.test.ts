import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordScanner, countLines, fieldChars, fieldText } from '../../src/csv/records.js';


function fields(text: string, pos = 0): { values: (string | null)[]; next: number } {
  const buf = Buffer.from(text);
  const scanner = new RecordScanner(buf);
  const next = scanner.read(pos);
  const values: (string | null)[] = [];
  for (let i = 0; i < scanner.fieldCount; i++) {
    const span = scanner.field(i);
    values.push(span ? fieldText(buf, span) : null);
  }
  return { values, next };
}

test('splits a record at commas and ends it at LF', () => {
  assert.deepEqual(fields('a,b,c\nd,e,f\n'), { values: ['a', 'b', 'c'], next: 6 });
  assert.deepEqual(fields('a,b,c\nd,e,f\n', 6), { values: ['d', 'e', 'f'], next: 12 });
});

test('a last record without LF ends at the end of the buffer', () => {
  assert.deepEqual(fields('a,b'), { values: ['a', 'b'], next: 3 });
});

test('quoted fields keep commas, newlines and doubled quotes', () => {
  const { values } = fields('"x, y","line 1\nline 2","say ""hi"""\n');
  assert.deepEqual(values, ['x, y', 'line 1\nline 2', 'say "hi"']);
});

test('values are trimmed, inside and around quotes; CR of CRLF is trimmed', () => {
  assert.deepEqual(fields('  a  ,  " b " ,c\r\n').values, ['a', 'b', 'c']);
});

test('empty fields, quoted or not, are empty strings', () => {
  assert.deepEqual(fields(',"",\n').values, ['', '', '']);
});

test('a quote inside an unquoted field is an ordinary character', () => {
  assert.deepEqual(fields('Monitor 24" wide,d\nnext,x\n'), { values: ['Monitor 24" wide', 'd'], next: 19 });
});

test('text after a closing quote makes the field malformed, up to the next delimiter', () => {
  assert.deepEqual(fields('"ab"c,d\n').values, [null, 'd']);
  assert.deepEqual(fields('"ab" "c",d\n').values, [null, 'd']);
});

test('spaces before an opening quote are allowed', () => {
  assert.deepEqual(fields('a,  "b, c"\n').values, ['a', 'b, c']);
});

test('an unterminated quote is reported as -1', () => {
  assert.equal(fields('a,"never closed\nb,c\n').next, -1);
});

test('blank lines are recognised', () => {
  const buf = Buffer.from('  \r\n');
  const scanner = new RecordScanner(buf);
  scanner.read(0);
  assert.equal(scanner.isBlank(), true);
});

test('characters are counted as code points, not bytes', () => {
  const buf = Buffer.from('"héllo ""😀"""');
  const scanner = new RecordScanner(buf);
  scanner.read(0);
  assert.equal(fieldChars(buf, scanner.field(0)!), 'héllo "😀"'.length - 1); // the emoji is one code point, two UTF-16 units
});

test('countLines counts LF in a range', () => {
  assert.equal(countLines(Buffer.from('a\nb\n"c\nd"\n')), 4);
  assert.equal(countLines(Buffer.from('a\nb\nc'), 2), 1);
});
