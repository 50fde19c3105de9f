import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { LOCKS } from '../../src/db/locks.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, databaseUrl, dropDatabase, SERVER_URL } from '../support/db.js';

/** A new database with nothing in it (not copied from the migrated template). */
async function emptyDatabase(): Promise<string> {
  const name = `lfp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return name;
}

async function appliedVersions(client: pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM lfp_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

test('migrations apply to an empty database, concurrently, exactly once', async () => {
  const name = await emptyDatabase();
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
    await dropDatabase(name);
  }
});

test('two lfp migrate processes started together: the second waits for the first, then finds everything applied', async () => {
  const name = await emptyDatabase();
  const url = databaseUrl(name);
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    // Holding the migrations lock until both processes wait for it makes them start migrating at the same moment.
    const [a, b] = LOCKS.migrations;
    await holder.query('SELECT pg_advisory_lock($1, $2)', [a, b]);
    // At level info each process logs the migrations it applied, as JSON (stderr is not a terminal).
    const env = { DATABASE_URL: url, LFP_LOG_LEVEL: 'info' };
    const runs = [runCli(['migrate'], env), runCli(['migrate'], env)];
    const waiting = async () => {
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objid = $2
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [a, b],
      );
      return rows[0]!.n;
    };
    for (let i = 0; i < 300 && (await waiting()) < 2; i++) await sleep(50);
    assert.equal(await waiting(), 2, 'both processes wait for the migrations lock');
    await holder.query('SELECT pg_advisory_unlock($1, $2)', [a, b]);

    const results = await Promise.all(runs);
    const all = await listMigrations();
    const applied: string[] = [];
    for (const result of results) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `schema up to date: ${all.length} migrations applied\n`);
      const lines = result.stderr.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
      assert.deepEqual(lines.filter((line) => line.level !== 30), [], 'no warning or error');
      for (const line of lines) if (line.msg === 'migrations applied') applied.push(...line.applied);
    }
    assert.deepEqual(applied.sort(), all.map((m) => m.name).sort(), 'each migration applied by exactly one process');
    assert.deepEqual(await appliedVersions(holder), all.map((m) => m.version));
  } finally {
    await holder.end();
    await dropDatabase(name);
  }
});

test('a migration that fails leaves the earlier ones applied and is not recorded; the next run applies it', async () => {
  const name = await emptyDatabase();
  const url = databaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pool = createPool(url, 2);
  try {
    const all = await listMigrations();
    // 004 creates an index on products, then the table lfp_data_version: one in the way makes it fail half-way.
    const failing = all.find((m) => m.name === '004_api_reads.sql')!;
    await client.query('CREATE TABLE lfp_data_version (in_the_way integer)');
    await assert.rejects(migrate(pool), /^Error: migration 004_api_reads\.sql failed: relation "lfp_data_version" already exists$/);
    assert.deepEqual(await appliedVersions(client), all.filter((m) => m.version < failing.version).map((m) => m.version));
    const index = await client.query("SELECT to_regclass('products_name_search_idx') AS oid");
    assert.equal(index.rows[0].oid, null, 'what the failing migration did before its error is rolled back');
    // The connection that held it was closed: its server process ends (and lets the lock go) a moment later.
    const advisoryLocks = async () => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows[0]!.n;
    };
    for (let i = 0; i < 100 && (await advisoryLocks()) > 0; i++) await sleep(20);
    assert.equal(await advisoryLocks(), 0, 'the migrations lock is released');

    const cli = await runCli(['migrate'], { DATABASE_URL: url });
    assert.equal(cli.code, 1);
    assert.equal(cli.stderr, 'lfp: migration 004_api_reads.sql failed: relation "lfp_data_version" already exists\n');

    await client.query('DROP TABLE lfp_data_version');
    assert.deepEqual(await migrate(pool), all.filter((m) => m.version >= failing.version).map((m) => m.name));
    assert.deepEqual(await appliedVersions(client), all.map((m) => m.version));
  } finally {
    await client.end();
    await pool.end();
    await dropDatabase(name);
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
