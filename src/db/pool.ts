import pg from 'pg';

// int8 columns (counts, ids, byte sizes) stay far below 2^53: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(connectionString: string, max: number): Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'lfp' });
  // An idle client that loses its server (restart, network) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/**
 * Runs `work` inside one transaction on one connection, rolling back if it throws. A connection lost meanwhile
 * (a restarted server) makes the rollback fail too; that client is then discarded rather than returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // Without a listener, a checked-out client whose connection dies between queries crashes the process.
  const ignoreLostConnection = () => {};
  client.on('error', ignoreLostConnection);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.removeListener('error', ignoreLostConnection);
    client.release(broken);
  }
}
