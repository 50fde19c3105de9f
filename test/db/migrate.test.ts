import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { createTestDatabase, databaseUrl, SERVER_URL } from '../support/db.js';

test('migrations apply to an empty database, concurrently, exactly once', async () => {
  const name = `lfp_test_migrate_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = createPool(databaseUrl(name), 4);
  try {
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    const all = await listMigrations();
    assert.deepEqual(results.flat().sort(), all.map((m) => m.name).sort(), 'each migration applied by exactly one caller');
    assert.deepEqual(await migrate(pool), []);
    const { rows } = await pool.query('SELECT version FROM lfp_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), all.map((m) => m.version));
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

test('the schema enforces the limits of products', async () => {
  const db = await createTestDatabase();
  try {
    await assert.rejects(db.pool.query("INSERT INTO products (sku) VALUES ('')"), /products_sku_check/);
    await assert.rejects(db.pool.query('INSERT INTO products (sku, name) VALUES ($1, $2)', ['x', 'n'.repeat(421)]), /products_name_check/);
    await db.pool.query('INSERT INTO products (sku) VALUES ($1)', ['é'.repeat(120)]);
  } finally {
    await db.drop();
  }
});
