import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runCli, type CliResult } from '../support/cli.js';

// A newcomer who is root clones lfp into /root/lfp (mode 700, as /root is) and runs it without DATABASE_URL. The
// embedded PostgreSQL runs as the `postgres` user, which cannot enter /root: neither the programs in node_modules
// nor the cluster under ./.lfp are reachable to it. This copies the project into such a directory and runs it there.
const ROOT = process.getuid?.() === 0 && process.platform === 'linux';
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));

let rootOnly: string; // mode 700, owned by root: as /root
let clone: string;

/** Runs the clone's own `lfp` in the clone, with its default data directory (./.lfp). */
function lfp(args: string[], stdin?: string, cwd = clone): Promise<CliResult> {
  return runCli(args, { DATABASE_URL: '', LFP_DATA_DIR: '' }, stdin, { bin: join(clone, 'bin', 'lfp.js'), cwd });
}

async function postmasterPid(): Promise<number | undefined> {
  const text = await readFile(join(clone, '.lfp', 'pg', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text ? Number(text.split('\n')[0]) : undefined;
}

before(async () => {
  if (!ROOT) return;
  rootOnly = await mkdtemp(join(tmpdir(), 'lfp-root-only-'));
  assert.equal((await stat(rootOnly)).mode & 0o777, 0o700);
  clone = join(rootOnly, 'lfp');
  await mkdir(clone);
  // Hard links where they can be made (same file system), else a copy: either way the files are inside rootOnly.
  const entries = ['bin', 'dist', 'node_modules', 'package.json'].map((entry) => join(PROJECT, entry));
  if (spawnSync('cp', ['-al', ...entries, clone]).status !== 0) {
    const copy = spawnSync('cp', ['-a', ...entries, clone], { encoding: 'utf8' });
    assert.equal(copy.status, 0, copy.stderr);
  }
});

after(async () => {
  if (!ROOT) return;
  const pid = await postmasterPid();
  if (pid) process.kill(pid, 'SIGINT'); // a failed test may leave it running
  const cluster = await readlink(join(clone, '.lfp', 'pg')).catch(() => undefined);
  if (pid) await sleep(1000);
  if (cluster?.startsWith('/var/lib/lfp/')) {
    await rm(dirname(cluster), { recursive: true, force: true });
    await rmdir('/var/lib/lfp').catch(() => {}); // if no other cluster is there
  }
  await rm(rootOnly, { recursive: true, force: true });
});

test('as root, in a directory only root can enter: creates the cluster, queries it and stops it', { skip: !ROOT && 'needs root on Linux' }, async () => {
  const ingest = await lfp(['ingest', '-'], 'name,sku,description\nA,r-1,x\nB,r-2,y\n');
  assert.equal(ingest.code, 0, ingest.stderr);

  // The cluster is where the postgres user can reach it, and the data directory links to it.
  const link = join(clone, '.lfp', 'pg');
  assert.ok((await lstat(link)).isSymbolicLink());
  const cluster = await readlink(link);
  assert.match(cluster, /^\/var\/lib\/lfp\/[0-9a-f]{16}\/pg$/);
  assert.ok(existsSync(join(cluster, 'PG_VERSION')));
  assert.equal(await postmasterPid(), undefined, 'the server was stopped when the command ended');

  // A restart finds the cluster and its data.
  const stats = await lfp(['stats', '--json']);
  assert.equal(stats.code, 0, stats.stderr);
  assert.equal(JSON.parse(stats.stdout).products, 2);
  assert.equal(await postmasterPid(), undefined);
});

test('as root, a cluster the postgres user cannot reach is not moved: one line says why and what to do', { skip: !ROOT && 'needs root on Linux' }, async () => {
  const project = join(rootOnly, 'other');
  await mkdir(join(project, '.lfp', 'pg'), { recursive: true });
  await writeFile(join(project, '.lfp', 'pg', 'PG_VERSION'), '17\n');
  const result = await lfp(['stats'], undefined, project);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^lfp: the embedded PostgreSQL cluster .* cannot enter .*LFP_DATA_DIR.*DATABASE_URL\n$/);
});
