import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';
import { createPool, type Pool } from './pool.js';

export interface Database {
  pool: Pool;
  url: string;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL or, without it, to the embedded PostgreSQL under the data directory, and brings the
 * schema up to date.
 */
export async function openDatabase(config: Config, log: Logger, poolSize = config.loadConcurrency + 4): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  const pool = createPool(url, poolSize);
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  return {
    pool,
    url,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
