import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LFP_BIN, runCli } from '../support/cli.js';

// Without DATABASE_URL, lfp runs the PostgreSQL binaries from npm under LFP_DATA_DIR.
let dataDir: string;
const env = () => ({ DATABASE_URL: '', LFP_DATA_DIR: dataDir, LFP_PORT: '0' });

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lfp-embedded-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function postmasterPid(): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text ? Number(text.split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `lfp start` and resolves once it serves and its worker process takes jobs. */
function startService(): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, [LFP_BIN, 'start'], { env: { ...process.env, ...env(), LFP_LOG_LEVEL: 'info' } });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (d) => {
      output += d;
      if (output.includes('lfp is running') && output.includes('worker started')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`lfp start exited with ${code}: ${output}`)));
  });
}

test('creates the cluster on first use, keeps data across restarts and stops the server on exit', async () => {
  const ingest = await runCli(['ingest', '-'], env(), 'name,sku,description\nA,e-1,x\n');
  assert.equal(ingest.code, 0, ingest.stderr);
  assert.ok(existsSync(join(dataDir, 'pg', 'PG_VERSION')));
  assert.equal(await postmasterPid(), undefined, 'the server was stopped when the command ended');
  const stats = await runCli(['stats', '--json'], env());
  assert.equal(JSON.parse(stats.stdout).products, 1);
});

test('the embedded server runs with the bulk settings it writes to lfp.conf, and lfp doctor finds nothing to set', async () => {
  const doctor = await runCli(['doctor'], env());
  assert.equal(doctor.stdout, 'the server is set up for bulk merges\n', doctor.stderr);
  assert.equal(doctor.code, 0);
  const settings = await readFile(join(dataDir, 'pg', 'lfp.conf'), 'utf8');
  assert.match(settings, /^wal_level = 'minimal'$/m);
  assert.match(settings, /^max_wal_size = '16GB'$/m);
  assert.match(await readFile(join(dataDir, 'pg', 'postgresql.conf'), 'utf8'), /^include_if_exists 'lfp\.conf'$/m);
});

test('recovers after kill -9 of lfp (server left running) and of the server too (stale pid file)', async () => {
  const service = await startService();
  const pid = (await postmasterPid())!;
  assert.ok(alive(pid));
  // A second process attaches to the running server and leaves it running.
  assert.equal((await runCli(['stats'], env())).code, 0);
  assert.ok(alive(pid));

  service.kill('SIGKILL');
  await sleep(200);
  assert.ok(alive(pid), 'the server outlives its killed owner');
  const adopted = await runCli(['stats', '--json'], env());
  assert.equal(JSON.parse(adopted.stdout).products, 1);
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  assert.equal(alive(pid), false, 'the process that adopted the orphan stopped it');

  const again = await startService();
  const pid2 = (await postmasterPid())!;
  again.kill('SIGKILL');
  process.kill(pid2, 'SIGKILL');
  await sleep(300);
  assert.ok(existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'a stale pid file is left behind');
  const recovered = await runCli(['stats', '--json'], env());
  assert.equal(recovered.code, 0, recovered.stderr);
  assert.equal(JSON.parse(recovered.stdout).products, 1);
});

test('lfp start stops cleanly on SIGTERM', async () => {
  const service = await startService();
  const pid = (await postmasterPid())!;
  const exited = new Promise<number | null>((resolve) => service.on('exit', resolve));
  service.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.equal(alive(pid), false);
});
