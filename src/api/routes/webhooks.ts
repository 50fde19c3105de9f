import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreatedWebhook, Delivery, WEBHOOK_EVENTS, Webhook, WebhookEvent } from '../../webhooks/model.js';
import { addWebhook, removeWebhook, requireWebhook } from '../../webhooks/service.js';
import { listDeliveries, listWebhooks } from '../../webhooks/store.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { Cursor, IdParams, Limit, Problem, page } from '../schemas.js';

const NewWebhook = z.object({
  url: z.string().min(1).max(2000).describe('where deliveries are POSTed: http or https, at a public address unless LFP_WEBHOOK_ALLOW_PRIVATE=true'),
  events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length * 2).default([...WEBHOOK_EVENTS])
    .describe('the events to send (default: all of them)'),
});

const SIGNING = 'Each delivery is a POST of JSON {"id": <delivery id>, "event", "occurredAt", "import": <the import as ' +
  'GET /api/imports/{id} shows it>} with headers Lfp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>, ' +
  'Lfp-Delivery (the id) and Lfp-Event. A delivery is sent at least once: deduplicate by its id. It is retried on a non-2xx ' +
  'answer or none within 10 s: after about 5 s, then twice as long each time, the 15th and last attempt about 23 hours after the first.';

export function webhookRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { app } = context;
    const { pool } = app.db;
    const found = (id: number) => requireWebhook(pool, id);

    api.post('/webhooks', {
      schema: {
        summary: 'Add a webhook: a URL told when imports finish',
        description: `Answers with the webhook and its secret, shown this once. The URL's host is resolved and refused ` +
          `(422) at a loopback, private or link-local address unless LFP_WEBHOOK_ALLOW_PRIVATE=true; each delivery checks ` +
          `it again. ${SIGNING}`,
        body: NewWebhook,
        response: { 201: CreatedWebhook, 400: Problem, 422: Problem },
      },
    }, async (request, reply) => {
      const webhook = await addWebhook(pool, request.body.url, request.body.events, app.config.webhookAllowPrivate);
      request.log.info({ webhookId: webhook.id, events: webhook.events }, 'webhook added');
      return reply.code(201).header('location', `/api/webhooks/${webhook.id}`).send(webhook);
    });

    api.get('/webhooks', {
      schema: { summary: 'List webhooks, the newest first (secrets are not shown)', response: { 200: page(Webhook) } },
    }, async () => ({ items: await listWebhooks(pool), next: null }));

    api.get('/webhooks/:id', {
      schema: { summary: 'One webhook', params: IdParams, response: { 200: Webhook, 404: Problem } },
    }, async (request) => found(request.params.id));

    api.delete('/webhooks/:id', {
      schema: { summary: 'Delete a webhook and its deliveries (pending ones are not sent)', params: IdParams, response: { 204: z.null(), 404: Problem } },
    }, async (request, reply) => {
      await removeWebhook(pool, request.params.id);
      request.log.info({ webhookId: request.params.id }, 'webhook deleted');
      return reply.code(204).send(null);
    });

    api.get('/webhooks/:id/deliveries', {
      schema: {
        summary: "A webhook's deliveries, the newest first, each with every attempt (status code, duration, error)",
        params: IdParams,
        querystring: z.object({ limit: Limit(200, 50), cursor: Cursor }),
        response: { 200: page(Delivery), 400: Problem, 404: Problem },
      },
    }, async (request) => {
      const { limit } = request.query;
      await found(request.params.id);
      const before = decodeCursor(request.query.cursor, z.tuple([z.number().int().positive()]));
      const rows = await listDeliveries(pool, request.params.id, limit + 1, before?.[0]);
      return toPage(rows, limit, (r) => [r.seq], (r) => r.delivery);
    });
  };
}
