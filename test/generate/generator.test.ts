import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { HEADER, generateCsv, skuOf } from '../../src/generate/generator.js';

const text = (options: Parameters<typeof generateCsv>[0]) => [...generateCsv(options)].join('');

test('the same seed gives the same bytes; another seed other bytes', () => {
  const a = text({ rows: 500, seed: 9, duplicateRatio: 0.07 });
  assert.equal(text({ rows: 500, seed: 9, duplicateRatio: 0.07 }), a);
  assert.notEqual(text({ rows: 500, seed: 10, duplicateRatio: 0.07 }), a);
});

test('rows have the shape of the reference catalogue', () => {
  const csv = text({ rows: 2000, seed: 1, duplicateRatio: 0.07 });
  assert.ok(csv.startsWith(HEADER));
  const rows = parse(csv, { columns: true }) as { name: string; sku: string; description: string }[];
  assert.equal(rows.length, 2000);
  for (const row of rows) {
    assert.match(row.sku, /^[a-z]+(-[a-z]+){1,3}$/);
    assert.match(row.name, /^[A-Z][A-Za-z. ]+$/);
    assert.ok(row.description.length > 10);
  }
  assert.ok(rows.some((r) => r.description.includes('\n')), 'embedded newlines');
  assert.ok(rows.some((r) => r.description.includes(',')), 'embedded commas');
  assert.ok(rows.some((r) => r.description.includes('"')), 'embedded quotes');
  assert.ok(rows.some((r) => / (Jr\.|Sr\.|II|III|IV|MD|DDS|PhD|DVM)$/.test(r.name)), 'suffixes');
});

test('about the requested share of rows repeats an earlier SKU', () => {
  for (const ratio of [0, 0.07, 0.3]) {
    const rows = parse(text({ rows: 20_000, seed: 3, duplicateRatio: ratio }), { columns: true }) as { sku: string }[];
    const repeated = 1 - new Set(rows.map((r) => r.sku)).size / rows.length;
    assert.ok(Math.abs(repeated - ratio) < 0.01, `ratio ${ratio}: ${repeated}`);
  }
});

test('a content seed keeps the SKUs and changes the content', () => {
  const a = parse(text({ rows: 100, seed: 4, duplicateRatio: 0.1 }), { columns: true }) as { sku: string; name: string }[];
  const b = parse(text({ rows: 100, seed: 4, duplicateRatio: 0.1, contentSeed: 5 }), { columns: true }) as { sku: string; name: string }[];
  assert.deepEqual(b.map((r) => r.sku), a.map((r) => r.sku));
  assert.notDeepEqual(b.map((r) => r.name), a.map((r) => r.name));
  assert.equal(skuOf(4, 17), skuOf(4, 17));
});
