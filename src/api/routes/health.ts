import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context.js';

const Readiness = z.object({ database: z.boolean(), queue: z.boolean(), cache: z.boolean(), storage: z.boolean() });

export function healthRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    api.get('/healthz', { schema: { summary: 'The process is alive', response: { 200: z.object({ ok: z.literal(true) }) } } }, async () => ({ ok: true as const }));

    api.get('/readyz', {
      schema: { summary: 'Database, job queue, cache and upload storage are reachable (503 otherwise)', response: { 200: Readiness, 503: Readiness } },
    }, async (request, reply) => {
      const { pool } = context.app.db;
      const [database, queue, cache, storage] = await Promise.all([
        pool.query('SELECT 1').then(() => true, () => false),
        context.app.boss.isInstalled().then((installed) => installed, () => false),
        context.cache.ping(),
        context.app.uploadStore.check().then(() => true, (error: unknown) => {
          request.log.warn({ err: error }, 'upload storage is unavailable'); // says why: a missing bucket, refused credentials
          return false;
        }),
      ]);
      return reply.code(database && queue && cache && storage ? 200 : 503).send({ database, queue, cache, storage });
    });

    server.get('/metrics', { schema: { summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
      reply.type(context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    });
  };
}
