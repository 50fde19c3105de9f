import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Delimiter, Encoding } from '../../src/csv/dialect.js';
import { ImportStatus } from '../../src/imports/model.js';
import { ImportMode, OnConflict } from '../../src/imports/options.js';
import { createImport } from '../../src/imports/store.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * One definition per vocabulary: the check constraints of the imports table allow exactly the values of the zod
 * enums that the code, the API and the CLI use, plus 'auto' where the option allows it.
 */

const VOCABULARY: Record<string, { values: readonly string[]; nullable: boolean }> = {
  status: { values: ImportStatus.options, nullable: false },
  mode: { values: ImportMode.options, nullable: false },
  on_conflict: { values: OnConflict.options, nullable: false },
  encoding: { values: [...Encoding.options, 'auto'], nullable: false },
  delimiter: { values: [...Delimiter.options, 'auto'], nullable: false },
  detected_encoding: { values: Encoding.options, nullable: true },
  detected_delimiter: { values: Delimiter.options, nullable: true },
};

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'" };

/**
 * The string constants of a constraint's text, in order: 'x' (a quote doubled inside) and E'x' (backslash escapes:
 * \t \n \r \b \f \\ \' \xHH \ooo \uXXXX), whatever they are cast to and however they are listed (= ANY (ARRAY[...]),
 * IN (...)). A literal tab inside plain quotes is kept as it is.
 */
function stringConstants(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "'") continue;
    const escaped = (text[i - 1] === 'E' || text[i - 1] === 'e') && !/[A-Za-z0-9_]/.test(text[i - 2] ?? '');
    let value = '';
    for (i++; ; i++) {
      if (i >= text.length) throw new Error(`unterminated string constant in ${text}`);
      const c = text[i]!;
      if (c === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
          continue;
        }
        break;
      }
      if (c === '\\' && escaped) {
        const next = text[++i]!;
        const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i));
        const octal = /^[0-7]{1,3}/.exec(text.slice(i));
        const unicode = /^u([0-9A-Fa-f]{4})/.exec(text.slice(i));
        if (hex) {
          value += String.fromCharCode(parseInt(hex[1]!, 16));
          i += hex[0].length - 1;
        } else if (unicode) {
          value += String.fromCharCode(parseInt(unicode[1]!, 16));
          i += unicode[0].length - 1;
        } else if (octal) {
          value += String.fromCharCode(parseInt(octal[0], 8));
          i += octal[0].length - 1;
        } else {
          value += ESCAPES[next] ?? next;
        }
        continue;
      }
      value += c;
    }
    found.push(value);
  }
  return found;
}

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase(2);
});
after(() => db.drop());

/** The check constraints on one column of imports each, by column. */
async function checksByColumn(): Promise<Map<string, string[]>> {
  const { rows } = await db.pool.query<{ column: string; def: string }>(`
    SELECT a.attname AS column, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.conrelid = 'imports'::regclass AND c.contype = 'c' AND cardinality(c.conkey) = 1
     ORDER BY c.conname`);
  const byColumn = new Map<string, string[]>();
  for (const { column, def } of rows) byColumn.set(column, [...(byColumn.get(column) ?? []), def]);
  return byColumn;
}

test('the constraint text is parsed whether PostgreSQL writes an ARRAY or an IN list, E\'\\t\' or a literal tab', () => {
  assert.deepEqual(
    stringConstants(`CHECK ((delimiter = ANY (ARRAY[','::text, ';'::text, '\t'::text, '|'::text, 'auto'::text])))`),
    [',', ';', '\t', '|', 'auto'],
  );
  assert.deepEqual(stringConstants(`CHECK (delimiter IN (',', ';', E'\\t', '|', 'auto'))`), [',', ';', '\t', '|', 'auto']);
  assert.deepEqual(stringConstants(`CHECK ((d = ANY (ARRAY[E'\\t'::text, e'\\x09'::text, E'\\011'::text, E'\\u0009'::text])))`), ['\t', '\t', '\t', '\t']);
  assert.deepEqual(stringConstants(`CHECK ((v = ANY (ARRAY['it''s'::text, E'a\\'b'::text, 'back\\slash'::text, ''::text])))`), ["it's", "a'b", 'back\\slash', '']);
  assert.deepEqual(stringConstants(`CHECK ((name = ANY (ARRAY['E'::text, 'the'::text])))`), ['E', 'the'], 'an E inside a word is no prefix');
});

test('each vocabulary column has one check constraint, allowing exactly the values of its zod enum', async () => {
  const byColumn = await checksByColumn();
  for (const [column, { values }] of Object.entries(VOCABULARY)) {
    const defs = byColumn.get(column) ?? [];
    assert.equal(defs.length, 1, `${column}: one check constraint, found ${JSON.stringify(defs)}`);
    const def = defs[0]!;
    assert.match(def, new RegExp(`\\b${column}\\b\\s*(= ANY \\(|IN \\()`), `${column}: a list of allowed values: ${def}`);
    assert.doesNotMatch(def, /\bNOT\b|<>|!=|\bOR\b|\bAND\b/i, `${column}: nothing but the list: ${def}`);
    const allowed = stringConstants(def);
    assert.equal(new Set(allowed).size, allowed.length, `${column}: no value twice`);
    assert.deepEqual([...allowed].sort(), [...values].sort(), `${column}: ${def}`);
  }
});

test('the database accepts every value of each vocabulary and refuses others', async () => {
  const importId = await createImport(db.pool, 'vocabulary.csv', 1);
  const { rows } = await db.pool.query<{ attname: string; attnotnull: boolean }>(
    `SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = 'imports'::regclass AND attname = ANY($1)`,
    [Object.keys(VOCABULARY)],
  );
  const notNull = new Map(rows.map((r) => [r.attname, r.attnotnull]));
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    for (const [column, { values, nullable }] of Object.entries(VOCABULARY)) {
      assert.equal(notNull.get(column), !nullable, `${column} is ${nullable ? 'nullable' : 'NOT NULL'}`);
      for (const value of values) await client.query(`UPDATE imports SET ${column} = $2 WHERE id = $1`, [importId, value]);
      const others = ['bogus', '', values[0]!.toUpperCase(), ` ${values[0]}`, ...(column.includes('delimiter') ? [':', '\\t', 'tab'] : [])];
      for (const value of others.filter((v) => !values.includes(v))) {
        await client.query('SAVEPOINT refused');
        await assert.rejects(
          client.query(`UPDATE imports SET ${column} = $2 WHERE id = $1`, [importId, value]),
          (error: { code?: string }) => error.code === '23514',
          `${column} = ${JSON.stringify(value)} violates its check constraint`,
        );
        await client.query('ROLLBACK TO SAVEPOINT refused');
      }
    }
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});
