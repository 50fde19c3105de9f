import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Random, generateCsv } from '../../src/generate/generator.js';
import { aggregateDrift, createTestDatabase, type TestDatabase } from '../support/db.js';
import { ingestBuffer } from '../support/ingest.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase(12);
});
after(() => db.drop());

const NAMES = ['Ann', 'Bob', 'Cy', 'Di', 'Ed', ''];

/**
 * Two multi-row statements that lock the same rows in different orders can deadlock in any PostgreSQL; an
 * application retries the one aborted. Single-row writes and imports must never see a deadlock.
 */
async function retried(sql: string, params: unknown[]): Promise<void> {
  for (;;) {
    try {
      await db.pool.query(sql, params);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01') throw error;
    }
  }
}

/** One random single-statement write, the kinds the API and a person at psql would make. */
async function randomWrite(random: Random): Promise<void> {
  const sku = `r-${random.int(60)}`;
  const name = random.pick(NAMES);
  switch (random.int(7)) {
    case 0:
      await db.pool.query('INSERT INTO products (sku, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sku, name]);
      break;
    case 1:
      await db.pool.query(
        'INSERT INTO products (sku, name) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET name = excluded.name',
        [sku, name],
      );
      break;
    case 2:
      await db.pool.query('UPDATE products SET name = $2 WHERE sku = $1', [sku, name]);
      break;
    case 3:
      await db.pool.query('DELETE FROM products WHERE sku = $1', [sku]);
      break;
    case 4: // many rows, several names at once
      await retried("UPDATE products SET name = $1 WHERE sku LIKE 'r-1%'", [name]);
      break;
    case 5:
      await retried("DELETE FROM products WHERE sku LIKE 'r-2%' AND name = $1", [name]);
      break;
    default: {
      const rows = Array.from({ length: 1 + random.int(30) }, () => `${random.pick(NAMES)},r-${random.int(60)},d`);
      const imp = await ingestBuffer(db.pool, `name,sku,description\n${rows.join('\n')}\n`);
      assert.equal(imp.status, 'succeeded', imp.error ?? '');
    }
  }
}

test('product_aggregates equals the GROUP BY after random concurrent imports and edits', async () => {
  for (let round = 0; round < 5; round++) {
    const writers = Array.from({ length: 6 }, async (_, w) => {
      const random = new Random(round * 100 + w);
      for (let i = 0; i < 40; i++) await randomWrite(random);
    });
    await Promise.all(writers);
    assert.deepEqual(await aggregateDrift(db.pool), [], `round ${round}`);
  }
});

test('a multi-statement transaction, a rollback and TRUNCATE keep the aggregate exact', async () => {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("INSERT INTO products (sku, name) VALUES ('tx-1', 'Zed'), ('tx-2', 'Zed')");
    await client.query("UPDATE products SET name = 'Yan' WHERE sku = 'tx-1'");
    await client.query('ROLLBACK');
    assert.deepEqual(await aggregateDrift(db.pool), []);
    await client.query('BEGIN');
    await client.query("INSERT INTO products (sku, name) VALUES ('tx-1', 'Zed'), ('tx-2', 'Zed')");
    await client.query("DELETE FROM products WHERE sku = 'tx-2'");
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const zed = await db.pool.query("SELECT product_count FROM product_aggregates WHERE name = 'Zed'");
  assert.equal(zed.rows[0].product_count, 1);
  await db.pool.query("DELETE FROM products WHERE sku = 'tx-1'");
  const gone = await db.pool.query("SELECT count(*) AS n FROM product_aggregates WHERE name = 'Zed'");
  assert.equal(gone.rows[0].n, 0, 'a name whose count reaches 0 disappears');
  await db.pool.query('TRUNCATE products');
  const left = await db.pool.query('SELECT count(*) AS n FROM product_aggregates');
  assert.equal(left.rows[0].n, 0);
});

test('a large import into a populated table keeps the aggregate exact', async () => {
  const first = [...generateCsv({ rows: 5000, seed: 5, duplicateRatio: 0.1 })].join('');
  const second = [...generateCsv({ rows: 5000, seed: 5, duplicateRatio: 0.1, contentSeed: 6 })].join('');
  await ingestBuffer(db.pool, first, { chunkBytes: 64 * 1024 });
  const updated = await ingestBuffer(db.pool, second, { chunkBytes: 64 * 1024 });
  assert.ok(updated.rowsUpdated > 4000, `${updated.rowsUpdated} updated`);
  assert.deepEqual(await aggregateDrift(db.pool), []);
});
