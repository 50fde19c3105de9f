import { z } from 'zod';
import { ConfigError } from './errors.js';

const MiB = 1024 * 1024;

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  LFP_DATA_DIR: z.string().min(1).default('.lfp'),
  LFP_CHUNK_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * MiB).default(16 * MiB),
  LFP_LOAD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LFP_MERGE_WORK_MEM: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size such as 256MB').default('256MB'),
  LFP_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  /** An existing PostgreSQL; without it lfp runs an embedded one under `dataDir`. */
  databaseUrl: string | undefined;
  /** Embedded PostgreSQL cluster and (later) stored uploads live here. */
  dataDir: string;
  /** Target size of one chunk of a file; chunks end at record boundaries. */
  chunkBytes: number;
  /** Chunks loaded into staging at once, each over its own connection. */
  loadConcurrency: number;
  /** work_mem of the merge transaction: its sort and the trigger's transition tables stay in memory. */
  mergeWorkMem: string;
  logLevel: z.infer<typeof envSchema>['LFP_LOG_LEVEL'];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL=) means unset, as in most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LFP_DATA_DIR,
    chunkBytes: e.LFP_CHUNK_BYTES,
    loadConcurrency: e.LFP_LOAD_CONCURRENCY,
    mergeWorkMem: e.LFP_MERGE_WORK_MEM,
    logLevel: e.LFP_LOG_LEVEL,
  };
}
