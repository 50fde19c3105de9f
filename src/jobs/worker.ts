import type { Job } from 'pg-boss';
import type { App } from '../app.js';
import { errorMessage } from '../errors.js';
import { failImport } from '../imports/service.js';
import { ImportJobs, isPermanent } from './handlers.js';
import { QUEUES, RETRY_LIMIT, type ChunkJob, type FinalizeJob, type ImportJob, type WebhookJob } from '../db/queue.js';
import { webhookDeliveries } from './webhooks.js';
import { sweepLeftovers } from './sweep.js';

const POLL_SECONDS = 0.5;
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const WEBHOOK_CONCURRENCY = 4;

export interface Worker {
  /** Stops taking jobs and waits for the ones in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Works the import queues in this process: `concurrency` chunk loads at once, one split and one merge. A job that
 * fails with a permanent error (a bad file, a missing upload) fails its import at once; other errors are retried,
 * and the last attempt's error fails the import. Jobs of a worker that died are retried by pg-boss once their
 * heartbeat stops; a job that failed every attempt reaches the dead-letter queue, which fails its import. Webhook
 * deliveries are worked here too.
 */
export async function startWorker(app: App, concurrency: number): Promise<Worker> {
  const jobs = new ImportJobs(app);
  const log = app.log.child({ component: 'worker' });

  const guarded = <T extends ImportJob>(queue: string, work: (data: T) => Promise<void>) => async ([job]: Job<T>[]) => {
    const { data } = job!;
    try {
      await work(data);
    } catch (error) {
      log.warn({ err: error, queue, job: data as ImportJob, attempt: job!.retryCount + 1 }, 'job failed');
      if (!isPermanent(error) && job!.retryCount < RETRY_LIMIT) throw error;
      await failImport(app, data.importId, errorMessage(error));
    }
  };

  // A deferred job (startAfter) wakes nobody: the poll is the backstop for it, also while NOTIFY is active.
  const options = (localConcurrency: number) => ({
    localConcurrency, pollingIntervalSeconds: POLL_SECONDS, notifyPollingIntervalSeconds: POLL_SECONDS,
  });
  const work = async <T extends ImportJob>(queue: string, localConcurrency: number, handler: (data: T) => Promise<void>) => {
    const guardedHandler = guarded(queue, handler);
    const workId: string = await app.boss.work(queue, options(localConcurrency), async (batch: Job<T>[]) => {
      await guardedHandler(batch);
      wakeSiblings(workId);
    });
  };
  // pg-boss sleeps a poll interval after each job unless woken. Jobs come in bursts (a split sends one per
  // chunk), so a worker that finished one asks again at once, and wakes the other workers of its queue too.
  const wakeSiblings = (workId: string) => {
    for (const w of app.boss.getWipData()) if (w.workId === workId) app.boss.notifyWorker(w.id);
  };

  await work<ImportJob>(QUEUES.split, 1, (d) => jobs.split(d.importId));
  await work<ChunkJob>(QUEUES.load, concurrency, (d) => jobs.load(d.importId, d.chunkIndex));
  await work<FinalizeJob>(QUEUES.finalize, 1, (d) => jobs.finalize(d.importId, d.waits));
  await app.boss.work(QUEUES.failed, options(1), async ([job]: Job<ImportJob>[]) => {
    await failImport(app, job!.data.importId, 'processing failed on every attempt (a worker crashed or lost the database each time)');
  });

  // Deliveries wait on receivers, not on the database: several at once, a slow receiver holding up one of them.
  const deliver = webhookDeliveries(app);
  await app.boss.work(QUEUES.webhook, options(WEBHOOK_CONCURRENCY), async ([job]: Job<WebhookJob>[]) => deliver(job!.data));

  await sweepLeftovers(app).catch((error) => log.warn({ err: error }, 'sweep failed'));
  const sweeper = setInterval(() => void sweepLeftovers(app).catch(() => {}), SWEEP_EVERY_MS).unref();
  log.info({ concurrency }, 'worker started');
  return {
    async stop() {
      clearInterval(sweeper);
      await Promise.all(Object.values(QUEUES).map((queue) => app.boss.offWork(queue, { wait: true })));
    },
  };
}
