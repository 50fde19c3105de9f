import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeader } from '../../src/csv/header.js';
import { csvField } from '../../src/csv/records.js';
import { parseChunk } from '../../src/csv/rows.js';
import { SKU_MAX_CHARS, Sku, StoredSku, skuProblem } from '../../src/csv/sku.js';
import { charLength } from '../../src/csv/text.js';
import { decodeCopy } from '../support/copy.js';

const HEADER = parseHeader(Buffer.from('name,sku,description\n')).map;

/** The SKU an import stages from a record with `sku` as its (quoted) SKU field, or its rejection reason. */
function imported(sku: string): { sku: string } | { reason: string } {
  const parsed = parseChunk(Buffer.from(`Name,${csvField(sku)},d\n`), HEADER, { offset: 0, firstLine: 2 });
  const [row] = decodeCopy(parsed.copyData);
  return row ? { sku: row.sku } : { reason: parsed.rejections[0]!.reason };
}

/** What an import does to a value first: CSV fields are trimmed of spaces, tabs and line breaks. */
const csvTrim = (text: string) => text.replace(/^[ \t-\r]+|[ \t-\r]+$/g, '');

test('the rule: 1-120 characters (code points), no C0, DEL or C1 control, no space at either end', () => {
  for (const sku of ['a', 'x'.repeat(120), '😀'.repeat(120), 'in side', 'nbsp\u00a0', '\u00a0nbsp', '©®', 'A-1/2"x', 'é'.repeat(120)]) {
    assert.equal(skuProblem(sku), undefined, sku);
  }
  const refused: [string, string][] = [
    ['', 'sku is empty'],
    ['x'.repeat(121), 'sku is longer than 120 characters'],
    ['😀'.repeat(121), 'sku is longer than 120 characters'],
    [' a', 'sku starts or ends with a space'],
    ['a ', 'sku starts or ends with a space'],
    ['a\u0000', 'sku contains a control character'],
    ['a\tb', 'sku contains a control character'],
    ['a\nb', 'sku contains a control character'],
    ['\u001b[2J', 'sku contains a control character'],
    ['del\u007f', 'sku contains a control character'],
    ['c1\u0080', 'sku contains a control character'],
    ['c1\u009f', 'sku contains a control character'],
  ];
  for (const [sku, reason] of refused) assert.equal(skuProblem(sku), reason, JSON.stringify(sku));
  // Lookups take any SKU the column may hold (stored before the rule), but never NUL, which it cannot.
  assert.ok(StoredSku.safeParse('\u0001legacy\u0085 ').success);
  assert.ok(!StoredSku.safeParse('a\u0000').success);
  assert.ok(!StoredSku.safeParse('😀'.repeat(121)).success);
  assert.equal(charLength('a😀\ud800b'), 4, 'a lone surrogate counts as one');
});

test('an import rejects a SKU that breaks the rule, with its line and reason; a 0xC2 byte alone is no reason', () => {
  const body = 'A,ok-1,d\nB,"bell\u0007",d\nC,c1\u0085x,d\nD,\u00a9 2024,d\nE,"tab\tinside",d\nF,"  trimmed  ",d\n';
  const parsed = parseChunk(Buffer.from(body), HEADER, { offset: 0, firstLine: 2 });
  assert.deepEqual(decodeCopy(parsed.copyData).map((r) => r.sku), ['ok-1', '\u00a9 2024', 'trimmed']);
  assert.deepEqual(parsed.rejections.map((r) => [r.line, r.reason]), [
    [3, 'sku contains a control character'],
    [4, 'sku contains a control character'],
    [6, 'sku contains a control character'],
  ]);
});

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters near every edge of the rule, and the CSV's own: quotes, delimiters, line breaks. */
const ALPHABET = [
  'a', 'Z', '0', '-', ' ', ' ', '"', ',', ';', '\t', '\n', '\r', '\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\u0080',
  '\u0085', '\u009f', '\u00a0', '\u00a9', '\u00bf', '\u00c2', 'é', '€', '\u2028', '😀', '𝄞',
];

test('property: the import and the zod schema agree on every SKU (after the trim every CSV value gets)', () => {
  const next = random(20240601);
  for (let run = 0; run < 5000; run++) {
    // Lengths around the limit as often as short ones.
    const length = next() < 0.5 ? Math.floor(next() * 8) : SKU_MAX_CHARS - 3 + Math.floor(next() * 6);
    const common = next() < 0.7;
    let sku = '';
    for (let i = 0; i < length; i++) sku += common && next() < 0.9 ? 'x' : ALPHABET[Math.floor(next() * ALPHABET.length)]!;
    const expected = csvTrim(sku);
    const schema = Sku.safeParse(expected);
    const result = imported(sku);
    if (schema.success) {
      assert.deepEqual(result, { sku: expected }, `accepted by the schema, so by the import: ${JSON.stringify(sku)}`);
    } else if (!('reason' in result)) {
      assert.fail(`refused by the schema (${schema.error.issues[0]!.message}), accepted by the import: ${JSON.stringify(sku)}`);
    } else if (!expected.includes('\u0000')) {
      // NUL is refused first, for the whole record; any other reason is the rule's own message.
      assert.equal(result.reason, skuProblem(expected), JSON.stringify(sku));
    }
  }
});
