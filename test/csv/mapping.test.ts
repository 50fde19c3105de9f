import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileFormatError, UnknownColumnError } from '../../src/errors.js';
import { mapColumns, parseHeader } from '../../src/csv/header.js';
import { normalized, parseMapArgument, suggestedMapping, suggestMapping } from '../../src/csv/mapping.js';
import { parseChunk } from '../../src/csv/rows.js';

test('a mapping reads product columns from the columns it names; the rest are ignored and reported', () => {
  const header = parseHeader(Buffer.from('Item Number,Title,Body,Price\n'), undefined, { sku: 'Item Number', name: 'Title', description: 'Body' });
  assert.deepEqual(header.map, { fieldCount: 4, sku: 0, name: 1, description: 2 });
  assert.deepEqual(header.mapped, { sku: 'Item Number', name: 'Title', description: 'Body' });
  assert.deepEqual(header.ignored, ['Price']);
});

test('a mapped column is found in another case or padding when only one column matches; unmapped ones by their own name', () => {
  const header = mapColumns(['name', ' item number ', 'details'], { sku: 'Item Number' });
  assert.deepEqual(header.map, { fieldCount: 3, sku: 1, name: 0, description: -1 });
  assert.deepEqual(header.mapped, { sku: ' item number ', name: 'name', description: null });
  assert.deepEqual(header.ignored, ['details']);
  // A column named like a product column but mapped elsewhere is ignored, not read twice.
  const shadowed = mapColumns(['sku', 'Code', 'name'], { sku: 'Code' });
  assert.deepEqual([shadowed.map.sku, shadowed.ignored], [1, ['sku']]);
});

test('a mapping that names a column the header lacks fails, listing the header', () => {
  assert.throws(() => mapColumns(['Item Number', 'Title', 'Body'], { sku: 'Item No' }), (e: unknown) => {
    assert.ok(e instanceof UnknownColumnError && e instanceof FileFormatError);
    assert.equal(e.status, 422);
    assert.deepEqual(e.details.columns, ['Item Number', 'Title', 'Body']);
    assert.match(e.message, /reads sku from the column "Item No", which the header does not have \(the header: "Item Number", "Title", "Body"\)/);
    return true;
  });
});

test('without a mapping, a header with no sku column says how to name one', () => {
  assert.throws(() => mapColumns(['Item Number', 'Title']), /no "sku" column \(found: "Item Number", "Title"\); a mapping can name it \(map\.sku=COLUMN\)/);
});

test('suggestions: case, spaces, underscores and synonyms, ranked; each column suggested once', () => {
  assert.equal(normalized(' Item_Number '), 'item number');
  assert.equal(normalized('Body (HTML)'), 'body html');
  const suggestions = suggestMapping(['ID', 'Product Name', 'ITEM-NUMBER', 'Body (HTML)', 'title', 'Price', 'Details']);
  assert.deepEqual(suggestions.sku.map((s) => s.column), ['ITEM-NUMBER', 'ID']);
  assert.deepEqual(suggestions.name.map((s) => s.column), ['title', 'Product Name']);
  assert.deepEqual(suggestions.description.map((s) => s.column), ['Body (HTML)', 'Details']);
  assert.deepEqual(suggestions.sku[0], { column: 'ITEM-NUMBER', index: 2 });
  assert.deepEqual(suggestedMapping(['Item Number', 'Title', 'Body']), { sku: 'Item Number', name: 'Title', description: 'Body' });
  assert.deepEqual(suggestedMapping(['Price', 'Weight']), {});
  // An exact product column name ranks first.
  assert.equal(suggestMapping(['Product Code', 'SKU']).sku[0]!.column, 'SKU');
});

test('--map arguments: product column, then the file column, which may hold = and spaces', () => {
  assert.deepEqual(parseMapArgument('sku=Item Number'), ['sku', 'Item Number']);
  assert.deepEqual(parseMapArgument('Name=a=b'), ['name', 'a=b']);
  assert.equal(parseMapArgument('price=Price'), undefined);
  assert.equal(parseMapArgument('sku='), undefined);
  assert.equal(parseMapArgument('sku'), undefined);
});

test('a rejected row keeps its SKU when it can still be read, and only then', () => {
  const { map } = parseHeader(Buffer.from('name,sku,description\n'));
  const data = Buffer.from('Short,k-1\nLong,k-2,d,extra\n,,empty sku\nBad,"k\x01",control\nNul\0,k-3,d\n');
  const { rejections } = parseChunk(data, map, { offset: 0, firstLine: 2 });
  assert.deepEqual(rejections.map((r) => [r.line, r.sku]), [[2, 'k-1'], [3, 'k-2'], [4, undefined], [5, undefined], [6, 'k-3']]);
  const skuLast = parseHeader(Buffer.from('name,description,sku\n')).map;
  assert.equal(parseChunk(Buffer.from('Only one field\n'), skuLast, { offset: 0, firstLine: 2 }).rejections[0]!.sku, undefined);
});
