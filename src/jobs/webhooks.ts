import type { App } from '../app.js';
import type { WebhookJob } from '../db/queue.js';
import { attemptDelivery, webhookPolicy, type DeliverySettings } from '../webhooks/deliver.js';

/** The webhook queue's handler: one attempt of one delivery (webhooks/deliver.ts records it and plans the next). */
export function webhookDeliveries(app: App): (job: WebhookJob) => Promise<void> {
  const settings: DeliverySettings = {
    pool: app.db.pool,
    boss: app.boss,
    policy: webhookPolicy(app.config.webhookAllowPrivate),
    retryDelayMs: app.config.webhookRetryDelayMs,
  };
  const log = app.log.child({ component: 'webhooks' });
  return async (job) => {
    const outcome = await attemptDelivery(settings, job);
    if (outcome && outcome.status !== 'delivered') {
      log.warn({ deliveryId: job.deliveryId, attempt: job.attempt, statusCode: outcome.statusCode, error: outcome.error }, `webhook delivery ${outcome.status === 'failed' ? 'failed for good' : 'failed, will retry'}`);
    }
  };
}
