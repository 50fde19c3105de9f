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
  const log = createLogger(process.env.LFP_LOG_LEVEL ? config.logLevel : defaultLogLevel, config.logFormat);
  return { config, log };
}

/** Runs `work` with a resource opened for it, and closes the resource after, whatever happens. */
async function using<R extends { close(): Promise<void> }, T>(resource: R, work: (resource: R) => Promise<T>): Promise<T> {
  try {
    return await work(resource);
  } finally {
    await resource.close();
  }
}

/** The database (stopping an embedded server this process started, after). */
export async function withDatabase<T>(context: Context, work: (db: Database) => Promise<T>): Promise<T> {
  return using(await openDatabase(context.config, context.log), work);
}

/** The database and the job queue. */
export async function withApp<T>(context: Context, work: (app: App) => Promise<T>): Promise<T> {
  return using(await openApp(context.config, context.log), work);
}
