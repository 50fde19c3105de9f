import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../../src/api/server.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { openTestApp, type TestApp, type TestAppOptions } from './app.js';

export interface TestServer extends TestApp {
  server: FastifyInstance;
  url: string;
  worker: Worker | undefined;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * The real HTTP server on an ephemeral port, with a worker, on a database of its own. It serves the dashboard too,
 * from dist/web as built by `npm run build`.
 */
export async function startTestServer(options: Partial<ServerOptions> & TestAppOptions & { worker?: boolean } = {}): Promise<TestServer> {
  const { chunkBytes, config, env, worker: withWorker = true, ...serverOptions } = options;
  const t = await openTestApp({ chunkBytes, config, env });
  const worker = withWorker ? await startWorker(t.app, 2) : undefined;
  const server = await buildServer(t.app, {
    apiKey: undefined, redisUrl: undefined, cache: 'on', maxUploadBytes: 100 * 1024 * 1024, maxConcurrentUploads: 16,
    uploadIdleTimeoutMs: 30_000, uploadMinBytesPerSecond: 1024, ...serverOptions,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...t,
    server,
    url,
    worker,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      await server.close();
      await worker?.stop();
      await t.close();
    },
  };
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
