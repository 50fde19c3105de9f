import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { timingSafeEqual, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../app.js';
import { MemoryStore, NoStore, ReadCache, RedisStore } from '../cache/cache.js';
import type { ApiContext } from './context.js';
import { recentPhaseCosts } from '../imports/store.js';
import { Metrics } from './metrics.js';
import { browserGuard } from './browser-guard.js';
import { clientErrorHandler, problemHandler, sendProblem } from './problem.js';
import { requestId } from './request-id.js';
import { aggregateRoutes } from './routes/aggregates.js';
import { healthRoutes } from './routes/health.js';
import { importRoutes } from './routes/imports.js';
import { productRoutes } from './routes/products.js';
import { profileRoutes } from './routes/profiles.js';
import { statsRoutes } from './routes/stats.js';
import { webhookRoutes } from './routes/webhooks.js';
import { uploadRoutes } from './routes/uploads.js';
import { UploadLimiter } from './upload.js';

export interface ServerOptions {
  /** When set, every /api request needs `Authorization: Bearer <key>`. */
  apiKey: string | undefined;
  redisUrl: string | undefined;
  cache: 'on' | 'off';
  maxUploadBytes: number;
  maxConcurrentUploads: number;
  /** Host names the server is reached by besides loopback names and its own addresses (LFP_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** An upload that sends nothing for this long, or less than the minimum rate over such a window, is closed. */
  uploadIdleTimeoutMs: number;
  uploadMinBytesPerSecond: number;
}

/** JSON bodies other than uploads are small: product fields at most. */
const BODY_LIMIT = 1024 * 1024;
/** A client gets this long to send its request headers. */
const HEADERS_TIMEOUT_MS = 20_000;
/**
 * A connection on which nothing moves for this long is closed (slow-loris requests, forgotten keep-alives). Uploads
 * have their own, shorter pace check; event streams send a heartbeat well within it.
 */
const CONNECTION_IDLE_TIMEOUT_MS = 120_000;

/** The dashboard as `npm run build` leaves it (vite build into dist/web), beside the compiled server in dist/src/api. */
const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/** The HTTP API: one plugin per resource under /api, health and metrics beside, OpenAPI at /openapi.json and /docs. */
export async function buildServer(app: App, options: ServerOptions): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: app.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    connectionTimeout: CONNECTION_IDLE_TIMEOUT_MS,
    // SKUs run to 120 characters and names to 420, percent-encoded up to 3 bytes per byte of UTF-8.
    routerOptions: { maxParamLength: 4 * 3 * 420 },
    requestIdHeader: false, // requestId reads it, and keeps only a safe one
    genReqId: requestId,
    // Errors met before routing (a path that is not valid percent-encoding) and by the HTTP parser are problems too.
    frameworkErrors: problemHandler,
    clientErrorHandler,
  });
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(problemHandler);
  server.addHook('onRequest', browserGuard(options.allowedHosts ?? []));
  server.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not-found', `no route for ${request.method} ${request.url}`));

  const metrics = new Metrics(app.db.pool, app.boss);
  const store = options.cache === 'off' ? new NoStore() : options.redisUrl ? new RedisStore(options.redisUrl, app.log) : new MemoryStore();
  // Keys name the database, so that deployments (and test databases) sharing one Redis never share entries.
  const { rows } = await app.db.pool.query<{ id: string }>(
    `SELECT (SELECT system_identifier FROM pg_control_system())::text || ':' || current_database() AS id`,
  );
  const cache = new ReadCache(store, app.db.pool, `lfp:${rows[0]!.id}`, metrics.cacheCounters());
  const context: ApiContext = {
    app,
    cache,
    metrics,
    uploadLimiter: new UploadLimiter(options.maxConcurrentUploads),
    uploadBounds: {
      maxBytes: options.maxUploadBytes, idleTimeoutMs: options.uploadIdleTimeoutMs, minBytesPerSecond: options.uploadMinBytesPerSecond,
    },
    phaseCosts: readAtMostEvery(PHASE_COSTS_TTL_MS, () => recentPhaseCosts(app.db.pool)),
  };
  server.addHook('onClose', async () => {
    await cache.close();
  });
  server.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await server.register(fastifySwagger, {
    openapi: {
      info: { title: 'lfp', description: 'Ingest very large product CSV files into PostgreSQL', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(options.apiKey ? { security: [{ bearer: [] }] } : {}),
    },
    transform: jsonSchemaTransform,
  });
  await server.register(fastifySwaggerUi, { routePrefix: '/docs' });
  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());

  // An upload's multipart body is its one "file" part: no other field or part is buffered (see uploadSource).
  await server.register(fastifyMultipart, { limits: { fileSize: options.maxUploadBytes + 1, files: 1, fields: 0, headerPairs: 20 } });
  await server.register(healthRoutes(context));
  await server.register(async (api) => {
    if (options.apiKey) api.addHook('onRequest', bearerAuth(options.apiKey));
    await api.register(importRoutes(context));
    await api.register(uploadRoutes(context));
    await api.register(productRoutes(context));
    await api.register(profileRoutes(context));
    await api.register(aggregateRoutes(context));
    await api.register(statsRoutes(context));
    await api.register(webhookRoutes(context));
  }, { prefix: '/api' });
  await serveDashboard(server);
  return server;
}

/**
 * The dashboard's static files at /, open without the API key (they hold no data; the API calls they make need
 * it). One route per built file (no wildcard), so that no path of the API, docs, metrics or health is shadowed;
 * the dashboard routes by URL hash, so it needs no fallback route either. Vite names assets by their content
 * hash: they are cached for good; index.html is revalidated, so a new build is seen at once.
 */
async function serveDashboard(server: FastifyInstance): Promise<void> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    server.log.warn({ dir: WEB_ROOT }, 'the dashboard is not built (npm run build): / serves nothing');
    return;
  }
  await server.register(fastifyStatic, {
    root: WEB_ROOT,
    wildcard: false,
    decorateReply: false, // @fastify/swagger-ui registers its own instance
    cacheControl: false,
    setHeaders(response, path) {
      const immutable = path.startsWith(join(WEB_ROOT, 'assets') + sep);
      response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/** Constant-time comparison of the bearer token with the key (hashes first, so lengths leak nothing either). */
function bearerAuth(apiKey: string) {
  const expected = createHash('sha256').update(apiKey).digest();
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const given = createHash('sha256').update(token).digest();
    if (!timingSafeEqual(given, expected)) {
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(request, reply, 401, 'unauthorized', 'send the API key as Authorization: Bearer <key>');
    }
  };
}

/** How long the phase costs of recent imports are reused: every progress answer needs them, and they change once per import. */
const PHASE_COSTS_TTL_MS = 5000;

/** `read`, called again only when its last answer is older than `ttlMs` (a failed read is not kept). */
function readAtMostEvery<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || performance.now() - last.at > ttlMs) {
      const value = read();
      const entry = { at: performance.now(), value };
      last = entry;
      value.catch(() => { if (last === entry) last = undefined; });
    }
    return last.value;
  };
}
