import type { Pool, PoolClient } from './pool.js';

/**
 * Every advisory lock lfp takes, in one place. Global locks are (LFP, n); per-import locks are (namespace, import
 * id). Migration 002's aggregate triggers take (LFP, AGGREGATES) in SQL: that number must not change.
 */
const LFP = 7103088;
export const LOCKS = {
  /** Migrations: one process migrates, the others wait. */
  migrations: [LFP, 0],
  /** product_aggregates deltas apply one transaction at a time (taken by the triggers of migration 002). */
  aggregates: [LFP, 1],
  /** Merges and reverts apply one at a time. */
  merges: [LFP, 2],
} as const;

/** Held by a merge or a revert until its transaction ends: they apply one at a time. */
export const LOCK_MERGES = transactionLock(LOCKS.merges);

/** What the aggregate triggers take before they apply a statement's deltas: no other product writer commits meanwhile. */
export const LOCK_AGGREGATES = transactionLock(LOCKS.aggregates);

/** The split of one import runs once at a time, even when its job is retried while an earlier attempt still runs. */
const SPLIT_NAMESPACE = 7103089;

/**
 * A resumable upload while a tus request holds it, whichever API process serves it (api/upload-locks.ts): a
 * session lock (UPLOAD_NAMESPACE, hashtext(the upload's id)); a request that finds it taken asks the holder to let
 * go on `channel`. Two ids of one hash merely wait for each other.
 */
const UPLOAD_NAMESPACE = 7103090;
const UPLOAD_RELEASE_CHANNEL = 'lfp_upload_release';
export const UPLOAD_LOCKS = {
  channel: UPLOAD_RELEASE_CHANNEL,
  tryLock: `SELECT pg_try_advisory_lock(${UPLOAD_NAMESPACE}, hashtext($1)) AS locked`,
  unlock: `SELECT pg_advisory_unlock(${UPLOAD_NAMESPACE}, hashtext($1))`,
  askRelease: `SELECT pg_notify('${UPLOAD_RELEASE_CHANNEL}', $1)`,
} as const;

/** `SELECT pg_advisory_xact_lock(a, b)` for a global lock: held until the transaction ends. */
export function transactionLock([a, b]: readonly [number, number]): string {
  return `SELECT pg_advisory_xact_lock(${a}, ${b})`;
}

/**
 * Runs `work` holding the split lock of an import on a connection of its own; a second attempt waits for the first
 * to finish (or for its process to die, which releases the lock) and then finds its work done.
 */
export async function withSplitLock<T>(pool: Pool, importId: number, work: () => Promise<T>): Promise<T> {
  return withSessionLock(pool, [SPLIT_NAMESPACE, importId], () => work());
}

/**
 * Runs `work` on a connection of its own that holds the advisory lock `[a, b]` for the whole of it (whatever
 * transactions `work` runs on that connection); another caller waits for the lock. After an error the connection
 * is closed rather than returned to the pool: that releases the lock and rolls back a transaction left open.
 */
export async function withSessionLock<T>(
  pool: Pool,
  [a, b]: readonly [number, number],
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const ignoreLostConnection = () => {};
  client.on('error', ignoreLostConnection);
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [a, b]);
    const result = await work(client);
    await client.query('SELECT pg_advisory_unlock($1, $2)', [a, b]);
    return result;
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.removeListener('error', ignoreLostConnection);
    client.release(broken);
  }
}
