import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../api/server.js';
import { ConfigError } from '../../errors.js';
import { numberOption, type Command } from '../args.js';
import { ChildWorker } from '../child-worker.js';
import { commandContext, withApp } from '../context.js';
import { waitForSignal } from '../signals.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Listens without Fastify's own "Server listening at" line: lfp's line after it says where the dashboard is. */
async function listenQuietly(server: FastifyInstance, options: { host: string; port: number }): Promise<string> {
  const level = server.log.level;
  server.log.level = 'warn';
  try {
    return await server.listen(options);
  } finally {
    server.log.level = level;
  }
}

/** The address to open in a browser: listening on every IPv6 address (`[::]`) is reached at `[::1]` here. */
function browsable(address: string): string {
  return address.replace('//[::]:', '//[::1]:');
}

export const startCommand: Command = {
  name: 'start',
  summary: 'run the lfp service (dashboard, HTTP API and a worker) until stopped (Ctrl-C)',
  usage: `lfp start [--host H] [--port P] [--no-worker] [--insecure]

Starts PostgreSQL (embedded, unless DATABASE_URL is set), brings the schema up to date, serves the dashboard
(at /) and the HTTP API (OpenAPI at /docs), says where in its first line, and runs a worker process (lfp worker,
restarted if it dies), until SIGINT or SIGTERM; then finishes the jobs and requests in progress and stops
cleanly. Requests must name the server by a loopback name, the address they came in on, or a host listed in
LFP_ALLOWED_HOSTS (comma-separated): others are answered 421.

Options:
  --host H       address to listen on (default: LFP_HOST or 127.0.0.1); another than loopback needs LFP_API_KEY
  --port P       port (default: LFP_PORT or 3000; 0 picks a free one)
  --no-worker    do not work the queue in this process (run lfp worker elsewhere)
  --insecure     allow a non-loopback address without an API key`,
  options: { host: { type: 'string' }, port: { type: 'string' }, 'no-worker': { type: 'boolean' }, insecure: { type: 'boolean' } },
  async run(args) {
    const context = commandContext('info');
    const { config } = context;
    const host = typeof args.values.host === 'string' ? args.values.host : config.host;
    const port = numberOption(args, 'port', config.port, 0, 65535);
    if (!LOOPBACK.has(host) && !config.apiKey && !args.values.insecure) {
      throw new ConfigError(`refusing to listen on ${host} without an API key: set LFP_API_KEY, or pass --insecure`);
    }
    if (!LOOPBACK.has(host) && host !== '0.0.0.0' && host !== '::' && isIP(host) === 0) {
      throw new ConfigError(`--host must be an IP address or localhost, got "${host}"`);
    }
    await withApp(context, async (app) => {
      const server = await buildServer(app, {
        apiKey: config.apiKey, allowedHosts: config.allowedHosts, redisUrl: config.redisUrl, cache: config.cache, maxUploadBytes: config.maxUploadBytes, maxConcurrentUploads: config.maxConcurrentUploads,
        uploadIdleTimeoutMs: config.uploadIdleTimeoutMs, uploadMinBytesPerSecond: config.uploadMinBytesPerSecond,
      });
      const address = browsable(await listenQuietly(server, { host, port }));
      // The line a person looks for: logged as soon as the server listens, before the worker's lines.
      const url = `${address}/`;
      const docs = `${address}/docs`;
      context.log.info({ url, docs, auth: Boolean(config.apiKey) }, `lfp is running: dashboard ${url} , API docs ${docs} (Ctrl-C to stop)`);
      const worker = args.values['no-worker'] ? undefined : new ChildWorker(app.db.url, config.loadConcurrency, context.log);
      worker?.start();
      await waitForSignal();
      context.log.info('stopping');
      // Requests in flight may finish, for a bounded time: an idle or crawling client cannot keep lfp up.
      const force = setTimeout(() => server.server.closeAllConnections(), config.shutdownTimeoutMs);
      await server.close();
      clearTimeout(force);
      await worker?.stop();
    });
    return 0;
  },
};
