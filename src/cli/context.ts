import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger, type Logger } from '../log.js';

export interface Context {
  config: Config;
  log: Logger;
}

/** Configuration and logger for a command; commands log quietly unless LFP_LOG_LEVEL says otherwise. */
export function commandContext(defaultLogLevel = 'warn'): Context {
  const config = loadConfig();
  const log = createLogger(process.env.LFP_LOG_LEVEL ? config.logLevel : defaultLogLevel);
  return { config, log };
}

/** Opens the database for the length of `work`, and closes it (stopping an embedded server we started) after. */
export async function withDatabase<T>(context: Context, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(context.config, context.log);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
