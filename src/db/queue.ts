import { PgBoss } from 'pg-boss';
import type { PoolClient } from './pool.js';
import type { Logger } from '../log.js';

/** pg-boss lives in the same database, in a schema of its own. */
export const QUEUE_SCHEMA = 'lfp_jobs';

export const QUEUES = {
  /** Read the stored upload, record its header, plan its chunks (one load job each). */
  split: 'lfp-split',
  /** Parse one chunk and load it into staging; the last one sends the finalize job. */
  load: 'lfp-load',
  /** Merge the import, once every import submitted before it has finished. */
  finalize: 'lfp-finalize',
  /** Dead letters: a job that failed all its attempts fails its import. */
  failed: 'lfp-failed',
  /** One attempt at a webhook delivery; a failed attempt sends the next one, deferred (webhooks/deliver.ts). */
  webhook: 'lfp-webhook',
} as const;

export interface WebhookJob {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface ImportJob {
  importId: number;
}

export interface ChunkJob extends ImportJob {
  chunkIndex: number;
}

export interface FinalizeJob extends ImportJob {
  /** How often this import's merge has waited for earlier imports so far. */
  waits?: number;
}

/**
 * A worker that dies (kill -9, lost machine) stops sending heartbeats; the supervisor, which runs every
 * SUPERVISE_SECONDS in every lfp process, then retries its job. Recovery takes at most about
 * HEARTBEAT_SECONDS + SUPERVISE_SECONDS.
 */
export const HEARTBEAT_SECONDS = 10;
const SUPERVISE_SECONDS = 5;
/** Attempts after the first; the last attempt's error fails the import. */
export const RETRY_LIMIT = 3;

const JOB_OPTIONS = {
  heartbeatSeconds: HEARTBEAT_SECONDS,
  retryLimit: RETRY_LIMIT,
  retryDelay: 1,
  expireInSeconds: 6 * 60 * 60,
  deleteAfterSeconds: 60 * 60, // finished jobs are kept an hour, then deleted: the queue does not grow
  notify: true, // workers wake at once instead of at their next poll
  deadLetter: QUEUES.failed,
};

/**
 * A webhook attempt takes at most its 10 s timeout; its job is retried by pg-boss only when the attempt could not be
 * recorded (a worker that died, a lost database): the receiver may then get it twice, which its id lets it detect.
 * The schedule of attempts after a receiver's failure is webhooks/deliver.ts's, not pg-boss's.
 */
const WEBHOOK_JOB_OPTIONS = {
  retryLimit: 5,
  retryDelay: 5,
  expireInSeconds: 60,
  deleteAfterSeconds: 60 * 60,
  notify: true,
};

export async function startQueue(connectionString: string, log: Logger): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    max: 4,
    useListenNotify: true,
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
  });
  // pg-boss reports connection trouble (a restarted server, say) as events; it retries on its own.
  boss.on('error', (error) => log.warn({ err: error }, 'job queue'));
  await boss.start();
  await boss.createQueue(QUEUES.failed, { deleteAfterSeconds: JOB_OPTIONS.deleteAfterSeconds });
  for (const name of [QUEUES.split, QUEUES.load, QUEUES.finalize]) await boss.createQueue(name, JOB_OPTIONS);
  await boss.createQueue(QUEUES.webhook, WEBHOOK_JOB_OPTIONS);
  return boss;
}

/** Sends a job inside the caller's transaction: it exists if and only if the transaction commits. */
export async function sendInTransaction(
  boss: PgBoss,
  client: PoolClient,
  queue: string,
  data: object,
  options: { singletonKey?: string; startAfter?: Date } = {},
): Promise<void> {
  await boss.send(queue, data, { ...options, db: { executeSql: (text, values) => client.query(text, values) } });
}
