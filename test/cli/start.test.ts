import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LFP_BIN } from '../support/cli.js';
import { createTestDatabase } from '../support/db.js';

/** A port free at the moment (lfp start is then told to listen on it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `lfp start` until `ready` finds what it waits for in its output (stdout and stderr together). */
async function startLfp<T>(args: string[], env: NodeJS.ProcessEnv, ready: (output: string) => T | undefined) {
  const db = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'lfp-start-'));
  const child = spawn(process.execPath, [LFP_BIN, 'start', ...args], {
    env: { ...process.env, DATABASE_URL: db.url, LFP_DATA_DIR: dir, LFP_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  const found = await new Promise<T>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data;
      const value = ready(output);
      if (value !== undefined) resolve(value);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`lfp start exited with ${code}: ${output}`)));
  });
  return {
    found,
    child,
    exited,
    output: () => output,
    async cleanUp() {
      child.kill('SIGKILL');
      await exited;
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('the first line says where the dashboard and the API docs are, with the real port; the worker starts after', async () => {
  const port = await freePort();
  const lfp = await startLfp(['--port', String(port)], {}, (output) => (output.includes('worker started') ? output : undefined));
  try {
    const lines = lfp.found.trimEnd().split('\n').map((line) => JSON.parse(line));
    const first = lines[0];
    const url = `http://127.0.0.1:${port}/`;
    assert.equal(first.level, 30);
    assert.equal(first.msg, `lfp is running: dashboard ${url} , API docs ${url}docs (Ctrl-C to stop)`);
    assert.equal(first.url, url);
    assert.equal(first.docs, `${url}docs`);
    assert.ok(!lines.some((line) => /Server listening/.test(line.msg)), 'no second line saying where the server listens');
    for (const [path, type] of [['', 'text/html'], ['docs', 'text/html'], ['openapi.json', 'application/json']] as const) {
      const response = await fetch(`${url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', new RegExp(`^${type}`), path);
    }
  } finally {
    await lfp.cleanUp();
  }
});

test('LFP_LOG_FORMAT=pretty: the first line is a readable one naming the dashboard', async () => {
  const lfp = await startLfp(['--port', '0', '--no-worker'], { LFP_LOG_FORMAT: 'pretty' }, (output) =>
    /dashboard (http:\/\/127\.0\.0\.1:\d+\/) /.exec(output) ? output : undefined);
  try {
    const [first] = lfp.found.split('\n');
    assert.match(first!, /^\[\d\d:\d\d:\d\d\] INFO: lfp is running: dashboard http:\/\/127\.0\.0\.1:(\d+)\/ , API docs http:\/\/127\.0\.0\.1:\1\/docs \(Ctrl-C to stop\) \{"auth":false\}$/);
    const port = Number(/:(\d+)\//.exec(first!)![1]);
    assert.notEqual(port, 0);
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
  } finally {
    await lfp.cleanUp();
  }
});

test('SIGTERM drains requests for a bounded time: an idle upload does not keep lfp start up', async () => {
  const lfp = await startLfp(['--port', '0', '--no-worker'], { LFP_SHUTDOWN_TIMEOUT_MS: '1000', LFP_UPLOAD_IDLE_TIMEOUT_MS: '600000' }, (output) =>
    /"url":"(http:\/\/[^"]+)\/"/.exec(output)?.[1]);
  try {
    // An upload whose client sends its headers and then nothing.
    const idle = request(`${lfp.found}/api/imports`, { method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } });
    idle.on('error', () => {});
    idle.write('name,sku,description\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    lfp.child.kill('SIGTERM');
    const code = await lfp.exited;
    const ms = performance.now() - started;
    assert.equal(code, 0, lfp.output());
    assert.ok(ms < 8000, `stopped ${Math.round(ms)} ms after SIGTERM`);
    idle.destroy();
  } finally {
    await lfp.cleanUp();
  }
});
