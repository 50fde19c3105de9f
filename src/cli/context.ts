import { openApp, type App } from '../app.js';
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

/** Opens the database and the job queue for the length of `work`, and closes them after. */
export async function withApp<T>(context: Context, work: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp(context.config, context.log);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
