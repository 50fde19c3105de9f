import { z } from 'zod';

/**
 * Webhooks as a vocabulary and a shape. Pure. WebhookEvent is the one definition of the events a webhook can be sent:
 * the API's schemas (and through /openapi.json the dashboard's types), the CLI and migration 010's check constraints
 * (held against it by a test) follow it.
 */

export const WebhookEvent = z.enum(['import.succeeded', 'import.failed', 'import.cancelled', 'import.reverted', 'import.skipped']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const WEBHOOK_EVENTS = WebhookEvent.options;

/** pending: to be tried (again); delivered: a 2xx came; failed: every attempt failed. */
export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Webhook = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(WebhookEvent),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

export const CreatedWebhook = Webhook.extend({
  secret: z.string().describe('the key of the Lfp-Signature header (HMAC-SHA256): shown this once, keep it'),
});

export const DeliveryAttempt = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number(),
  statusCode: z.number().int().nullable().describe("the receiver's HTTP status; null when no answer came (timeout, refused, unreachable)"),
  error: z.string().nullable(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: z.string().describe('the delivery id, in the body and the Lfp-Delivery header: the same at every attempt, for deduplication'),
  webhookId: z.number().int(),
  event: WebhookEvent,
  importId: z.number().int(),
  status: DeliveryStatus,
  attempts: z.array(DeliveryAttempt),
  nextAttemptAt: z.string().nullable().describe('when the next attempt is due, while pending'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
