import { isIP } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { LOG_FORMATS, type LogFormat } from './log.js';

const MiB = 1024 * 1024;

/**
 * How a merge applies an import: upsert writes its rows into products in place (cheap for a small import into a
 * big table); rebuild writes the merged table anew, builds its indexes after and swaps it in (cheap when the import
 * is a large share of the table). The setting adds auto: chosen per import by that share.
 */
export const MergeStrategy = z.enum(['upsert', 'rebuild']);
export type MergeStrategy = z.infer<typeof MergeStrategy>;
export const MergeStrategySetting = z.enum(['auto', ...MergeStrategy.options]);

const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  LFP_DATA_DIR: z.string().min(1).default('.lfp'),
  LFP_STORAGE_URL: z.string().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: z.url({ protocol: /^https?$/ }).optional(),
  LFP_CHUNK_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * MiB).default(16 * MiB),
  LFP_LOAD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LFP_MERGE_WORK_MEM: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size such as 256MB').default('256MB'),
  LFP_MERGE_STRATEGY: MergeStrategySetting.default('auto'),
  LFP_HOST: z.string().min(1).default('127.0.0.1'),
  LFP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LFP_API_KEY: z.string().min(16, 'at least 16 characters').optional(),
  LFP_ALLOWED_HOSTS: z.string().default('')
    .transform((list) => list.split(',').map((host) => host.trim()).filter((host) => host !== ''))
    .refine((hosts) => hosts.every(isHostName), 'comma-separated host names or addresses, without ports'),
  LFP_SOURCE_HOSTS: z.string().default('')
    .transform((list) => list.split(',').map((host) => host.trim()).filter((host) => host !== ''))
    .refine((hosts) => hosts.every((h) => /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(h) || h === '*' || isHostName(h.replace(/^\*\./, ''))),
      'comma-separated host names (*.example.com for subdomains, * for any) and s3://bucket names'),
  REDIS_URL: z.string().min(1).optional(),
  LFP_CACHE: z.enum(['on', 'off']).default('on'),
  LFP_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(10 * 1024 * MiB),
  LFP_MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(1000).default(16),
  LFP_UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  LFP_UPLOAD_EXPIRY_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(24),
  LFP_UPLOAD_MIN_BYTES_PER_SECOND: z.coerce.number().int().min(0).default(1024),
  LFP_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  LFP_UNDO_RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(7),
  LFP_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LFP_WEBHOOK_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  LFP_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LFP_LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
});

/** Where uploads are stored: a directory, or a bucket of S3 or an S3-compatible service. */
export type StorageSetting =
  | { kind: 'file'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; region: string; endpoint: string | undefined };

export interface Config {
  /** An existing PostgreSQL; without it lfp runs an embedded one under `dataDir`. */
  databaseUrl: string | undefined;
  /** Embedded PostgreSQL cluster and (later) stored uploads live here. */
  dataDir: string;
  /** LFP_STORAGE_URL: `file:///path` (default `<dataDir>/uploads`) or `s3://bucket/prefix`. */
  storage: StorageSetting;
  /** The S3 service of `s3://` sources (AWS_REGION, AWS_ENDPOINT_URL): the storage's own when storage is S3. */
  objectService: { region: string; endpoint: string | undefined };
  /** Target size of one chunk of a file; chunks end at record boundaries. */
  chunkBytes: number;
  /** Chunks loaded into staging at once, each over its own connection. */
  loadConcurrency: number;
  /** work_mem of the merge transaction: its sort and the trigger's transition tables stay in memory. */
  mergeWorkMem: string;
  mergeStrategy: z.infer<typeof MergeStrategySetting>;
  logLevel: z.infer<typeof envSchema>['LFP_LOG_LEVEL'];
  /** Without it: readable lines when stderr (where logs go) is a terminal, JSON lines otherwise. */
  logFormat: LogFormat | undefined;
  /** HTTP API: address and port; without an API key only a loopback address is allowed (unless --insecure). */
  host: string;
  port: number;
  apiKey: string | undefined;
  /** Host names the API is reached by besides loopback names and the server's own addresses (a proxy's, say). */
  allowedHosts: string[];
  /** Where URL imports may read from: http(s) hosts (`*.domain`, `*`) and `s3://bucket`s. Empty: URL imports are off. */
  sourceHosts: string[];
  /** Cache of hot reads; without it, process memory. */
  redisUrl: string | undefined;
  /** `off` serves every read from the database (to measure the cache, or rule it out). */
  cache: 'on' | 'off';
  maxUploadBytes: number;
  maxConcurrentUploads: number;
  /** An upload that sends no byte for this long, or less than the minimum rate over such a window, is closed. */
  uploadIdleTimeoutMs: number;
  uploadMinBytesPerSecond: number;
  /** A resumable upload not completed this long after its creation is removed. */
  uploadExpiryMs: number;
  /** On SIGTERM, requests in flight get this long to finish; then their connections are closed. */
  shutdownTimeoutMs: number;
  /** How long what a revert needs is kept after an import; 0 keeps nothing (imports cannot be reverted). */
  undoRetentionDays: number;
  /** Webhook receivers may be at loopback, private or link-local addresses (a receiver on this machine, say). */
  webhookAllowPrivate: boolean;
  /** A failed webhook delivery is tried again after this long, then twice as long each time (webhooks/deliver.ts). */
  webhookRetryDelayMs: number;
}

/** A DNS name, an IPv4 address, or an IPv6 address (bracketed or not). */
function isHostName(host: string): boolean {
  return /^[a-z0-9_.-]+$/i.test(host) || isIP(host.replace(/^\[(.*)\]$/, '$1')) === 6;
}

/** LFP_STORAGE_URL read: `file:///path`, or `s3://bucket/prefix` (AWS_ENDPOINT_URL for another S3-compatible service). */
export function storageSetting(url: string | undefined, dataDir: string, region: string, endpoint: string | undefined): StorageSetting {
  if (url === undefined) return { kind: 'file', dir: join(dataDir, 'uploads') };
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol === 'file:' && parsed.host === '' && parsed.pathname !== '/') return { kind: 'file', dir: fileURLToPath(parsed) };
  if (parsed?.protocol === 's3:' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(parsed.host) && !parsed.search && !parsed.hash) {
    const path = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
    return { kind: 's3', bucket: parsed.host, prefix: path === '' || path.endsWith('/') ? path : `${path}/`, region, endpoint };
  }
  throw new ConfigError(`invalid environment: LFP_STORAGE_URL: file:///absolute/path or s3://bucket/prefix, not ${JSON.stringify(url)}`);
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
    storage: storageSetting(e.LFP_STORAGE_URL, e.LFP_DATA_DIR, e.AWS_REGION, e.AWS_ENDPOINT_URL),
    objectService: { region: e.AWS_REGION, endpoint: e.AWS_ENDPOINT_URL },
    chunkBytes: e.LFP_CHUNK_BYTES,
    loadConcurrency: e.LFP_LOAD_CONCURRENCY,
    mergeWorkMem: e.LFP_MERGE_WORK_MEM,
    mergeStrategy: e.LFP_MERGE_STRATEGY,
    logLevel: e.LFP_LOG_LEVEL,
    logFormat: e.LFP_LOG_FORMAT,
    host: e.LFP_HOST,
    port: e.LFP_PORT,
    apiKey: e.LFP_API_KEY,
    allowedHosts: e.LFP_ALLOWED_HOSTS,
    sourceHosts: e.LFP_SOURCE_HOSTS,
    redisUrl: e.REDIS_URL,
    cache: e.LFP_CACHE,
    maxUploadBytes: e.LFP_MAX_UPLOAD_BYTES,
    maxConcurrentUploads: e.LFP_MAX_CONCURRENT_UPLOADS,
    uploadIdleTimeoutMs: e.LFP_UPLOAD_IDLE_TIMEOUT_MS,
    uploadMinBytesPerSecond: e.LFP_UPLOAD_MIN_BYTES_PER_SECOND,
    uploadExpiryMs: e.LFP_UPLOAD_EXPIRY_HOURS * 3600_000,
    shutdownTimeoutMs: e.LFP_SHUTDOWN_TIMEOUT_MS,
    undoRetentionDays: e.LFP_UNDO_RETENTION_DAYS,
    webhookAllowPrivate: e.LFP_WEBHOOK_ALLOW_PRIVATE,
    webhookRetryDelayMs: e.LFP_WEBHOOK_RETRY_DELAY_MS,
  };
}
