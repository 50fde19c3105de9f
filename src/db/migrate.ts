import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LOCKS, transactionLock } from './locks.js';
import { inTransaction, type Pool } from './pool.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS lfp_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;
// Several processes may start at once against one database: the first migrates, the others wait for it.
const LOCK_MIGRATIONS = transactionLock(LOCKS.migrations);

export interface Migration {
  version: number;
  name: string;
  path: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
  return files.map((name) => ({ version: Number(name.slice(0, 3)), name, path: MIGRATIONS_DIR + name }));
}

/** Applies every migration not applied yet, all in one transaction; returns the names applied. */
export async function migrate(pool: Pool): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query(LOCK_MIGRATIONS);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const done = await client.query<{ version: number }>('SELECT version FROM lfp_migrations');
    const applied = new Set(done.rows.map((r) => r.version));
    const names: string[] = [];
    for (const migration of await listMigrations()) {
      if (applied.has(migration.version)) continue;
      await client.query(await readFile(migration.path, 'utf8'));
      await client.query('INSERT INTO lfp_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      names.push(migration.name);
    }
    return names;
  });
}
