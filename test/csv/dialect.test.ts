import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { decoder, detectDialect, openDialect, SAMPLE_BYTES } from '../../src/csv/dialect.js';

const detect = (text: string | Buffer, complete = true) => detectDialect(Buffer.isBuffer(text) ? text : Buffer.from(text), complete);

test('the delimiter is the one whose header has a sku column', () => {
  assert.deepEqual(detect('name,sku,description\nA,1,x\n'), { encoding: 'utf-8', delimiter: ',' });
  assert.deepEqual(detect('name;sku;description\n"A, B";1;"x; y"\n'), { encoding: 'utf-8', delimiter: ';' });
  assert.deepEqual(detect('name\tsku\tdescription\nA\t1\tx, y; z\n'), { encoding: 'utf-8', delimiter: '\t' });
  assert.deepEqual(detect('\uFEFFSKU|Name\n1|A,B\n'), { encoding: 'utf-8', delimiter: '|' });
});

test('without a sku column, the delimiter that splits every record alike wins; an empty file reads as the defaults', () => {
  assert.equal(detect('a;b;c\n1;2,5;3\n4;5;6\n').delimiter, ';');
  assert.equal(detect('a|b\n1|2\n').delimiter, '|');
  assert.deepEqual(detect(''), { encoding: 'utf-8', delimiter: ',' });
});

test('invalid UTF-8 reads as windows-1252; a UTF-8 character cut by the end of the sample does not count', () => {
  assert.equal(detect(Buffer.from('name,sku\nCaf\xe9,1\n', 'latin1')).encoding, 'windows-1252');
  const cut = Buffer.from('name,sku\nCafé,1\n€');
  assert.equal(detect(cut.subarray(0, cut.length - 1), false).encoding, 'utf-8');
  assert.equal(detect(cut.subarray(0, cut.length - 1), true).encoding, 'windows-1252');
});

test('windows-1252 and latin1 decode every byte to the right character', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const cp1252 = decoder('windows-1252')(all).toString('utf8');
  const latin1 = decoder('latin1')(all).toString('utf8');
  assert.equal([...cp1252].length, 256);
  assert.equal(latin1, all.toString('latin1'));
  assert.equal(cp1252.slice(0x80, 0xa0), '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
  assert.equal(cp1252.slice(0xa0), latin1.slice(0xa0));
  assert.equal(cp1252.slice(0, 0x80), latin1.slice(0, 0x80));
  assert.equal(decoder('utf-8')(all), all);
});

test('openDialect detects from the first 64 KiB and streams the whole input decoded', async () => {
  const line = Buffer.from('Caf\xe9;1;d\xe9j\xe0 vu\n', 'latin1');
  const file = Buffer.concat([Buffer.from('name;sku;description\n'), ...Array.from({ length: 10_000 }, () => line)]);
  assert.ok(file.length > SAMPLE_BYTES);
  const pieces = Array.from({ length: Math.ceil(file.length / 1000) }, (_, i) => file.subarray(i * 1000, (i + 1) * 1000));
  const source = await openDialect(Readable.from(pieces), { encoding: 'auto', delimiter: 'auto' });
  assert.deepEqual(source.detected, { encoding: 'windows-1252', delimiter: ';' });
  assert.deepEqual(source.dialect, source.detected);
  const decoded: Buffer[] = [];
  for await (const data of source.data) decoded.push(data);
  assert.equal(Buffer.concat(decoded).toString('utf8'), file.toString('latin1'));

  const chosen = await openDialect(Readable.from([Buffer.from('name;sku\n')]), { encoding: 'utf-8', delimiter: ',' });
  assert.deepEqual([chosen.detected.delimiter, chosen.dialect.delimiter], [';', ',']);
});
