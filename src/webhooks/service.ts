import type { Pool } from '../db/pool.js';
import { NotFoundError, OutboundFailedError, OutboundRefusedError } from '../errors.js';
import { checkUrl } from '../net/outbound.js';
import { webhookPolicy } from './deliver.js';
import type { Webhook, WebhookEvent } from './model.js';
import { newSecret } from './signature.js';
import { createWebhook, deleteWebhook, getWebhook } from './store.js';

/** What users do with webhooks, for the API and the CLI alike. */

/**
 * Adds a webhook once its URL passes the outbound guard (http or https; a public address unless `allowPrivate`),
 * with a new secret: returned this once, never shown again.
 */
export async function addWebhook(pool: Pool, url: string, events: WebhookEvent[], allowPrivate: boolean): Promise<Webhook & { secret: string }> {
  const checked = await checkUrl(url, webhookPolicy(allowPrivate)).catch((error) => {
    if (error instanceof OutboundFailedError) throw new OutboundRefusedError(error.message, 'unresolvable-host');
    throw error;
  });
  const secret = newSecret();
  return { ...(await createWebhook(pool, checked.url.href, events, secret)), secret };
}

export async function requireWebhook(pool: Pool, id: number): Promise<Webhook> {
  const webhook = await getWebhook(pool, id);
  if (!webhook) throw new NotFoundError(`there is no webhook ${id}`);
  return webhook;
}

export async function removeWebhook(pool: Pool, id: number): Promise<void> {
  if (!(await deleteWebhook(pool, id))) throw new NotFoundError(`there is no webhook ${id}`);
}
