import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as csvParse } from 'csv-parse/sync';
import { FileFormatError } from '../../src/errors.js';
import { parseHeader } from '../../src/csv/header.js';
import { countLines } from '../../src/csv/records.js';
import { parseChunk } from '../../src/csv/rows.js';
import { RecordSplitter, type Chunk } from '../../src/csv/split.js';
import { Random } from '../../src/generate/generator.js';
import { decodeCopy } from '../support/copy.js';

/** Feeds `file` to a splitter in pieces of random size, as a stream would. */
function split(file: Buffer, chunkBytes: number, random: Random, maxPiece = 50, delimiter = ','): { splitter: RecordSplitter; chunks: Chunk[] } {
  const splitter = new RecordSplitter(chunkBytes, delimiter.charCodeAt(0));
  const chunks: Chunk[] = [];
  for (let pos = 0; pos < file.length; ) {
    const size = 1 + random.int(maxPiece);
    chunks.push(...splitter.push(file.subarray(pos, pos + size)));
    pos += size;
  }
  chunks.push(...splitter.finish());
  return { splitter, chunks };
}

const TRICKY = ['plain', 'with, comma', 'with "quotes"', 'two\nlines', 'crlf\r\ninside', 'ünïcödé ✓', '"', ',', '\n', 'x', '24"', ';', 'a|b', 'in\ttab'];

function randomValue(random: Random): string {
  const parts = 1 + random.int(3);
  let value = '';
  for (let i = 0; i < parts; i++) value += random.pick(TRICKY);
  return value;
}

/** Quotes like a CSV writer would, except that a value whose quotes need no quoting sometimes stays bare. */
function csvField(value: string, random: Random, delimiter: string): string {
  if (/[\r\n]/.test(value) || value.includes(delimiter) || value.startsWith('"') || (value.includes('"') && random.next() < 0.5)) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

test('chunks end at record boundaries and parse to exactly what csv-parse reads, with every delimiter (randomized)', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const random = new Random(seed);
    const delimiter = [',', ';', '\t', '|'][seed % 4]!;
    const records: string[][] = [];
    for (let i = 0; i < 60; i++) records.push([randomValue(random), `sku-${i}`, randomValue(random)]);
    const eol = seed % 2 ? '\n' : '\r\n';
    const bom = seed % 3 === 0 ? '\uFEFF' : '';
    const header = ['name', 'sku', 'description'].join(delimiter);
    const body = records.map((r) => r.map((v) => csvField(v, random, delimiter)).join(delimiter)).join(eol);
    const file = Buffer.from(`${bom}${header}${eol}${body}${seed % 5 ? eol : ''}`);
    const { splitter, chunks } = split(file, 1 + random.int(300), random, 50, delimiter);

    const byte = delimiter.charCodeAt(0);
    const map = parseHeader(splitter.header!, byte).map;
    const staged = chunks.flatMap((c) => decodeCopy(parseChunk(c.data, map, c, undefined, byte).copyData));
    const expected = csvParse(file, { bom: true, columns: true, relax_quotes: true, delimiter }) as Record<string, string>[];
    assert.deepEqual(
      staged.map((r) => [r.name, r.sku, r.description]),
      expected.map((r) => [r.name!.trim(), r.sku, r.description!.trim()]),
      `seed ${seed}`,
    );
    for (const chunk of chunks) {
      assert.equal(chunk.firstLine, 1 + countLines(file, 0, chunk.offset), `first line of chunk ${chunk.index}, seed ${seed}`);
      assert.equal(file.subarray(chunk.offset, chunk.offset + chunk.data.length).equals(chunk.data), true);
    }
    assert.equal(splitter.bytesRead, file.length);
  }
});

test('chunks are about chunkBytes long and cover the file after the header', () => {
  const body = 'N,s,"a\nb"\n'.repeat(1000);
  const file = Buffer.from(`name,sku,description\n${body}`);
  const { chunks } = split(file, 1000, new Random(7), 4096);
  assert.ok(chunks.length >= 9 && chunks.length <= 11, `${chunks.length} chunks`);
  assert.equal(chunks.reduce((n, c) => n + c.data.length, 0), body.length);
  chunks.forEach((c, i) => assert.equal(c.index, i));
});

test('a header-only file, with or without LF, has no chunks', () => {
  for (const text of ['name,sku,description', 'name,sku,description\n']) {
    const { splitter, chunks } = split(Buffer.from(text), 100, new Random(1));
    assert.equal(chunks.length, 0);
    assert.equal(splitter.header!.toString().trim(), 'name,sku,description');
  }
});

test('an empty file, or a quote never closed, fails the file with its line', () => {
  assert.throws(() => split(Buffer.alloc(0), 100, new Random(1)), FileFormatError);
  const open = Buffer.from('name,sku,description\nA 2",a,ok\nB,b,"never\nclosed\nC,c,d\n');
  assert.throws(() => split(open, 10, new Random(1)), /quoted field opened at line 3 is never closed/);
});
