import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { QUEUES, sendInTransaction, type WebhookJob } from '../db/queue.js';
import { errorMessage } from '../errors.js';
import { guardedFetch, type OutboundPolicy } from '../net/outbound.js';
import type { DeliveryStatus, WebhookEvent } from './model.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';
import { getPendingDelivery, insertDelivery, recordAttempt, webhooksFor } from './store.js';

/**
 * Webhook deliveries: queued in the transaction that finished an import (so none is lost, and none is sent for an
 * outcome that rolled back), then tried as jobs of the queue until a receiver answers 2xx. A delivery is sent at
 * least once: the receiver deduplicates by its id.
 *
 * Schedule: an attempt that gets no 2xx within DELIVERY_TIMEOUT_MS (a non-2xx status, a timeout, a refused or
 * unreachable address) is tried again after the retry delay (LFP_WEBHOOK_RETRY_DELAY_MS, 5 s), doubled after every
 * further failure, with up to 10% added at random so that deliveries to a receiver that was down do not all come
 * back at once: 5 s, 10 s, 20 s ... 11.4 h. The 15th attempt is the last, about 23 hours after the first.
 */

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_ATTEMPTS = 15;
/** What is read of a receiver's answer: its status is what counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const USER_AGENT = 'lfp-webhooks/1';

/** How long after failed attempt `attempt` (1 for the first) the next one starts. */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random()): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (1 + 0.1 * random));
}

/**
 * Queues a delivery of `event` to every webhook that asked for it, in the caller's transaction: each delivery's row
 * and its first job commit with the outcome they tell. `payload` is built only when some webhook is sent the event;
 * the body is `{"id": <delivery id>, "event": ..., ...payload}`. Returns how many deliveries were queued.
 */
export async function queueDeliveries(
  boss: PgBoss,
  client: PoolClient,
  event: WebhookEvent,
  importId: number,
  payload: () => Promise<object>,
): Promise<number> {
  const webhookIds = await webhooksFor(client, event);
  if (webhookIds.length === 0) return 0;
  const data = await payload();
  for (const webhookId of webhookIds) {
    const id = randomUUID();
    await insertDelivery(client, { id, webhookId, event, importId, body: JSON.stringify({ id, event, ...data }) });
    await sendInTransaction(boss, client, QUEUES.webhook, { deliveryId: id, attempt: 1 } satisfies WebhookJob);
  }
  return webhookIds.length;
}

export interface DeliverySettings {
  pool: Pool;
  boss: PgBoss;
  /** Receivers' URLs: any host; private addresses only with LFP_WEBHOOK_ALLOW_PRIVATE=true. */
  policy: OutboundPolicy;
  retryDelayMs: number;
}

export function webhookPolicy(allowPrivate: boolean): OutboundPolicy {
  return { allowedHosts: ['*'], allowPrivate };
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  statusCode: number | null;
  error: string | null;
}

/**
 * One attempt of a delivery (the job's): signs the body with the time of sending, posts it, records the attempt and,
 * when it failed and attempts remain, queues the next one in the same transaction. A job for an attempt already
 * recorded (run twice), a delivered or failed delivery, or a deleted webhook does nothing. Returns what happened.
 */
export async function attemptDelivery(settings: DeliverySettings, job: WebhookJob): Promise<AttemptOutcome | undefined> {
  const delivery = await getPendingDelivery(settings.pool, job.deliveryId);
  if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempt - 1) return undefined;
  const startedAt = new Date();
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await guardedFetch(delivery.url, {
      policy: settings.policy,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body),
        [DELIVERY_HEADER]: delivery.id,
        [EVENT_HEADER]: delivery.event,
      },
      body: delivery.body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0, // a receiver that moved says so with a redirect: recorded as a failure, not followed with the body
    });
    statusCode = response.status;
    response.body.on('error', () => {});
    response.body.resume();
    if (statusCode < 200 || statusCode >= 300) error = `the receiver answered HTTP ${statusCode}`;
  } catch (failure) {
    error = errorMessage(failure);
  }
  const durationMs = performance.now() - started;
  const status: DeliveryStatus = error === null ? 'delivered' : job.attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
  const nextAttemptAt = status === 'pending' ? new Date(Date.now() + retryDelayMs(job.attempt, settings.retryDelayMs)) : null;
  await inTransaction(settings.pool, async (client) => {
    if (!(await recordAttempt(client, delivery.id, { attempt: job.attempt, startedAt, durationMs, statusCode, error }, { status, nextAttemptAt }))) return;
    if (nextAttemptAt) {
      await sendInTransaction(settings.boss, client, QUEUES.webhook, { deliveryId: delivery.id, attempt: job.attempt + 1 } satisfies WebhookJob, {
        startAfter: nextAttemptAt,
      });
    }
  });
  return { status, statusCode, error };
}
