import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../errors.js';
import { LOCKS, withSessionLock } from './locks.js';
import type { Pool } from './pool.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS lfp_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

export interface Migration {
  version: number;
  name: string;
  path: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
  return files.map((name) => ({ version: Number(name.slice(0, 3)), name, path: MIGRATIONS_DIR + name }));
}

/**
 * Applies every migration not applied yet, in order, each in a transaction of its own with its row in
 * lfp_migrations: a migration that fails leaves the ones before it applied, and itself not at all. Several processes
 * may start at once against one database: the first to take the migrations lock (held on one connection for the
 * whole run) migrates, the others wait for it and then find nothing left to apply. Returns the names applied.
 */
export async function migrate(pool: Pool): Promise<string[]> {
  return withSessionLock(pool, LOCKS.migrations, async (client) => {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const done = await client.query<{ version: number }>('SELECT version FROM lfp_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    const names: string[] = [];
    for (const migration of await listMigrations()) {
      if (applied.has(migration.version)) continue;
      const sql = await readFile(migration.path, 'utf8');
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('INSERT INTO lfp_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        // The transaction is left open: withSessionLock closes the connection, which rolls it back.
        throw new Error(`migration ${migration.name} failed: ${errorMessage(error)}`, { cause: error });
      }
      names.push(migration.name);
    }
    return names;
  });
}
