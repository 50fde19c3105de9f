import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';

/**
 * All SQL about an import's staging table, where its chunks are loaded before the merge: one unlogged table per
 * import in the lfp_staging schema, named from the import's id (our own integer, never input).
 */

export const STAGING_SCHEMA = 'lfp_staging';
const TABLE_PREFIX = 'import_';

export function stagingTable(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new RangeError(`invalid import id ${importId}`);
  return `${STAGING_SCHEMA}.${TABLE_PREFIX}${importId}`;
}

export async function createStagingTable(db: Pool | PoolClient, importId: number): Promise<void> {
  // Unlogged and never vacuumed: it lives for one import. Byte-wise collation like products, for a cheap sort.
  await db.query(`
    CREATE UNLOGGED TABLE IF NOT EXISTS ${stagingTable(importId)} (
      ord         bigint NOT NULL,
      sku         text COLLATE "C" NOT NULL,
      name        text COLLATE "C" NOT NULL,
      description text NOT NULL
    ) WITH (autovacuum_enabled = false)`);
}

/** Appends rows in PostgreSQL's binary COPY format (as csv/rows.ts encodes them), in the caller's transaction. */
export async function copyIntoStaging(client: PoolClient, importId: number, copyData: Buffer): Promise<void> {
  const copy = client.query(copyFrom(`COPY ${stagingTable(importId)} (ord, sku, name, description) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from([copyData]), copy);
}

/** Rows staged, and distinct SKUs among them: what the merge's counts are computed from. */
export async function countStaging(db: Pool | PoolClient, importId: number): Promise<{ accepted: number; distinctSkus: number }> {
  const { rows } = await db.query<{ accepted: number; distinctSkus: number }>(
    `SELECT count(*) AS accepted, count(DISTINCT sku) AS "distinctSkus" FROM ${stagingTable(importId)}`,
  );
  return rows[0]!;
}

/** The imports that have a staging table now. */
export async function stagedImports(db: Pool | PoolClient): Promise<number[]> {
  const { rows } = await db.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [STAGING_SCHEMA]);
  return rows.map((r) => Number(r.tablename.slice(TABLE_PREFIX.length))).filter((id) => Number.isSafeInteger(id) && id > 0);
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Drops an import's staging table, unless a merge or a chunk's COPY still holds it (a cancel meanwhile): then it is
 * left for that job, which drops it once it has rolled back, or for the sweep; a cancel never waits for them.
 */
export async function dropStagingTable(pool: Pool, importId: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query("SET LOCAL lock_timeout = '200ms'");
    await client.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
  }).catch((error: { code?: string }) => {
    if (error.code !== LOCK_NOT_AVAILABLE) throw error;
  });
}

/** Drops the staging table in the caller's transaction, waiting for whoever holds it (a retry's reset). */
export async function dropStagingTableNow(client: PoolClient, importId: number): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
}
