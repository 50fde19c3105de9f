import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENCODINGS } from '../../src/csv/dialect.js';
import {
  DEFAULT_OPTIONS, fromRequest, ImportOptions, ImportProfile, ImportRequest, rejectionLimitMessage, requestFingerprint,
} from '../../src/imports/options.js';

/** The options of a submission as the API's query and the CLI's flags give them: pure, no database. */

const SHA = 'a'.repeat(64);

/** The message of the one issue a refused request has, and the option it names. */
function refusal(query: Record<string, string>): { option: string; message: string } {
  const parsed = ImportRequest.safeParse(query);
  assert.equal(parsed.success, false, `${JSON.stringify(query)} is refused`);
  const issue = parsed.error!.issues[0]!;
  return { option: String(issue.path[0]), message: issue.message };
}

test('an empty request is the default options: apply, partial, UTF-8, comma, no limit, no mapping, update, no sync, do not skip', () => {
  const parsed = ImportRequest.parse({});
  assert.deepEqual(Object.entries(parsed).filter(([, v]) => v !== undefined), [['skipIfSeen', false]], 'options left out stay undefined: a profile may set them');
  assert.deepEqual(fromRequest(parsed), { options: DEFAULT_OPTIONS, skipIfSeen: false, profile: null });
  assert.deepEqual(DEFAULT_OPTIONS, {
    dryRun: false, mode: 'partial', maxErrors: null, encoding: 'utf-8', delimiter: ',', mapping: {}, onConflict: 'update', sync: false, maxDeletePercent: 10,
  });
});

test('a profile\'s options apply under the request\'s own; a mapping merges column by column', () => {
  const profile = ImportProfile.parse({ options: { delimiter: ';', sync: true, mode: 'strict' }, mapping: { sku: 'Item Number', name: 'Title' } });
  const { options, profile: name } = fromRequest(ImportRequest.parse({ profile: 'acme', mode: 'partial', 'map.name': 'Product Name', sync: 'false' }), profile);
  assert.equal(name, 'acme');
  assert.deepEqual(options, {
    ...DEFAULT_OPTIONS, delimiter: ';', mode: 'partial', sync: false, mapping: { sku: 'Item Number', name: 'Product Name' },
  });
  assert.throws(() => ImportProfile.parse({ options: { colour: 'red' } }), 'an unknown option in a profile is refused');
  assert.throws(() => ImportProfile.parse({ mapping: { price: 'Price' } }), 'only sku, name and description are mapped');
});

test('sync, onConflict and maxDeletePercent are read from text as the others', () => {
  const parsed = ImportRequest.parse({ sync: '1', onConflict: 'skip', maxDeletePercent: '25.5', 'map.sku': 'Item Number' });
  const { options } = fromRequest(parsed);
  assert.deepEqual([options.sync, options.onConflict, options.maxDeletePercent, options.mapping], [true, 'skip', 25.5, { sku: 'Item Number' }]);
  assert.equal(refusal({ maxDeletePercent: '101' }).option, 'maxDeletePercent');
  assert.equal(refusal({ maxDeletePercent: '-1' }).option, 'maxDeletePercent');
  assert.equal(refusal({ onConflict: 'replace' }).option, 'onConflict');
  assert.equal(refusal({ 'map.sku': '' }).option, 'map.sku');
  assert.equal(refusal({ profile: '../etc' }).option, 'profile');
});

test('flags are true or false, also 1 or 0', () => {
  for (const [text, value] of [['true', true], ['1', true], ['false', false], ['0', false]] as const) {
    const parsed = ImportRequest.parse({ dryRun: text, skipIfSeen: text });
    assert.equal(parsed.dryRun, value, `dryRun=${text}`);
    assert.equal(parsed.skipIfSeen, value, `skipIfSeen=${text}`);
  }
  for (const text of ['yes', 'no', 'TRUE', 'on', '', '2', ' true']) {
    for (const flag of ['dryRun', 'skipIfSeen']) {
      const { option, message } = refusal({ [flag]: text });
      assert.equal(option, flag);
      assert.match(message, /"true"/, `${flag}=${JSON.stringify(text)}: the message names the values allowed`);
    }
  }
});

test('mode is partial or strict', () => {
  assert.equal(ImportRequest.parse({ mode: 'partial' }).mode, 'partial');
  assert.equal(ImportRequest.parse({ mode: 'strict' }).mode, 'strict');
  for (const text of ['lax', 'Strict', '']) {
    const { option, message } = refusal({ mode: text });
    assert.equal(option, 'mode');
    assert.match(message, /"partial".*"strict"/);
  }
});

test('delimiters by name or by character map to the character; auto stays auto', () => {
  const expected: Record<string, string> = {
    ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t', '|': '|', pipe: '|', auto: 'auto',
  };
  for (const [name, delimiter] of Object.entries(expected)) {
    assert.equal(ImportRequest.parse({ delimiter: name }).delimiter, delimiter, JSON.stringify(name));
  }
  for (const text of ['::', ' ', 'TAB', 'Comma', '', ',,', 'toString', '__proto__', 'constructor']) {
    const { option, message } = refusal({ delimiter: text });
    assert.equal(option, 'delimiter', JSON.stringify(text));
    assert.match(message, /"semicolon"/, 'the message names the values allowed');
  }
});

test('every encoding is accepted as named, and auto; others are refused', () => {
  for (const encoding of [...ENCODINGS, 'auto']) assert.equal(ImportRequest.parse({ encoding }).encoding, encoding);
  for (const text of ['utf8', 'UTF-8', 'ascii', 'latin-1', 'cp1252', '']) {
    const { option, message } = refusal({ encoding: text });
    assert.equal(option, 'encoding', JSON.stringify(text));
    assert.ok(message.length > 0);
  }
});

test('maxErrors is digits only: a whole number of rows, zero included', () => {
  for (const [text, value] of [['0', 0], ['1', 1], ['25', 25], ['007', 7], ['999999999999999', 999_999_999_999_999]] as const) {
    assert.equal(ImportRequest.parse({ maxErrors: text }).maxErrors, value, text);
  }
  for (const text of ['-1', '1.5', '1e3', ' 1', '1 ', '+1', '0x10', '', 'ten', '1000000000000000']) {
    const { option, message } = refusal({ maxErrors: text });
    assert.equal(option, 'maxErrors', JSON.stringify(text));
    assert.equal(message, 'a whole number of rows');
  }
});

test('fromRequest splits a request into the options stored on the import and whether to skip a seen file', () => {
  const request = ImportRequest.parse({
    dryRun: '1', mode: 'strict', maxErrors: '3', encoding: 'windows-1252', delimiter: 'semicolon', skipIfSeen: 'true',
  });
  const { options, skipIfSeen } = fromRequest(request);
  assert.deepEqual(options, { ...DEFAULT_OPTIONS, dryRun: true, mode: 'strict', maxErrors: 3, encoding: 'windows-1252', delimiter: ';' });
  assert.equal(skipIfSeen, true);
  assert.deepEqual(ImportOptions.parse(options), options, 'what the import stores and the API shows');
  assert.equal(fromRequest(ImportRequest.parse({ maxErrors: '0' })).options.maxErrors, 0, 'zero is a limit, not none');
  assert.equal(fromRequest(ImportRequest.parse({})).options.maxErrors, null);
  const auto = fromRequest(ImportRequest.parse({ encoding: 'auto', delimiter: 'auto' })).options;
  assert.deepEqual([auto.encoding, auto.delimiter], ['auto', 'auto']);
});

test('rejectionLimitMessage: partial mode without a limit never fails an import', () => {
  for (const rowsRejected of [0, 1, 1_000_000]) {
    assert.equal(rejectionLimitMessage({ mode: 'partial', maxErrors: null, rowsRejected }), undefined);
  }
});

test('rejectionLimitMessage: strict mode fails on the first rejected row, singular and plural', () => {
  assert.equal(rejectionLimitMessage({ mode: 'strict', maxErrors: null, rowsRejected: 0 }), undefined);
  assert.equal(
    rejectionLimitMessage({ mode: 'strict', maxErrors: null, rowsRejected: 1 }),
    'strict mode: 1 row was rejected; nothing was applied',
  );
  assert.equal(
    rejectionLimitMessage({ mode: 'strict', maxErrors: null, rowsRejected: 2 }, { line: 7, reason: 'sku is empty' }),
    'strict mode: 2 rows were rejected (line 7: sku is empty); nothing was applied',
  );
  // Strict wins over a limit it is within.
  assert.equal(
    rejectionLimitMessage({ mode: 'strict', maxErrors: 10, rowsRejected: 1 }, { line: 2, reason: 'has 2 fields, expected 3' }),
    'strict mode: 1 row was rejected (line 2: has 2 fields, expected 3); nothing was applied',
  );
});

test('rejectionLimitMessage: maxErrors fails once more rows than it were rejected', () => {
  assert.equal(rejectionLimitMessage({ mode: 'partial', maxErrors: 0, rowsRejected: 0 }), undefined);
  assert.equal(
    rejectionLimitMessage({ mode: 'partial', maxErrors: 0, rowsRejected: 1 }),
    'more than maxErrors=0: 1 row was rejected; nothing was applied',
  );
  assert.equal(rejectionLimitMessage({ mode: 'partial', maxErrors: 2, rowsRejected: 2 }), undefined, 'at the limit is within it');
  assert.equal(
    rejectionLimitMessage({ mode: 'partial', maxErrors: 2, rowsRejected: 3 }, { line: 12, reason: 'sku is empty' }),
    'more than maxErrors=2: 3 rows were rejected (line 12: sku is empty); nothing was applied',
  );
});

test('requestFingerprint: the same content and options give the same fingerprint, whatever object holds them', () => {
  const a = requestFingerprint(SHA, { ...DEFAULT_OPTIONS }, false);
  assert.match(a, /^[0-9a-f]{64}$/);
  const reordered: ImportOptions = {
    maxDeletePercent: 10, sync: false, onConflict: 'update', mapping: {}, delimiter: ',', encoding: 'utf-8', maxErrors: null, mode: 'partial', dryRun: false,
  };
  assert.equal(requestFingerprint(SHA, reordered, false), a);
  // The file's name (or anything else riding along) is no part of it.
  const withName = { ...DEFAULT_OPTIONS, sourceName: 'other-name.csv' } as ImportOptions;
  assert.equal(requestFingerprint(SHA, withName, false), a);
});

test('requestFingerprint: the content, any option and skipIfSeen each change it', () => {
  const base = requestFingerprint(SHA, DEFAULT_OPTIONS, false);
  const variants: [string, string][] = [
    ['content', requestFingerprint('b'.repeat(64), DEFAULT_OPTIONS, false)],
    ['skipIfSeen', requestFingerprint(SHA, DEFAULT_OPTIONS, true)],
    ['dryRun', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, dryRun: true }, false)],
    ['mode', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, mode: 'strict' }, false)],
    ['maxErrors=0', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, maxErrors: 0 }, false)],
    ['maxErrors=1', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, maxErrors: 1 }, false)],
    ...[...ENCODINGS.filter((e) => e !== 'utf-8'), 'auto' as const].map((encoding): [string, string] =>
      [`encoding=${encoding}`, requestFingerprint(SHA, { ...DEFAULT_OPTIONS, encoding }, false)]),
    ...([';', '\t', '|', 'auto'] as const).map((delimiter): [string, string] =>
      [`delimiter=${JSON.stringify(delimiter)}`, requestFingerprint(SHA, { ...DEFAULT_OPTIONS, delimiter }, false)]),
    ['map.sku', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, mapping: { sku: 'Item Number' } }, false)],
    ['map.name', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, mapping: { name: 'Item Number' } }, false)],
    ['map.description', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, mapping: { description: 'Item Number' } }, false)],
    ['onConflict', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, onConflict: 'skip' }, false)],
    ['sync', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, sync: true }, false)],
    ['maxDeletePercent', requestFingerprint(SHA, { ...DEFAULT_OPTIONS, maxDeletePercent: 50 }, false)],
    ['profile', requestFingerprint(SHA, DEFAULT_OPTIONS, false, 'acme')],
  ];
  for (const [what, fingerprint] of variants) assert.notEqual(fingerprint, base, what);
  const distinct = new Set([base, ...variants.map(([, f]) => f)]);
  assert.equal(distinct.size, variants.length + 1, 'every variant differs from every other');
});
