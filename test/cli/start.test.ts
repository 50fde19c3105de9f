import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LFP_BIN } from '../support/cli.js';
import { createTestDatabase } from '../support/db.js';

test('SIGTERM drains requests for a bounded time: an idle upload does not keep lfp start up', async () => {
  const db = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'lfp-start-'));
  const child = spawn(process.execPath, [LFP_BIN, 'start', '--port', '0', '--no-worker'], {
    env: { ...process.env, DATABASE_URL: db.url, LFP_DATA_DIR: dir, LFP_LOG_LEVEL: 'info', LFP_SHUTDOWN_TIMEOUT_MS: '1000', LFP_UPLOAD_IDLE_TIMEOUT_MS: '600000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      const onData = (data: Buffer) => {
        output += data;
        const found = /"address":"(http:\/\/[^"]+)"/.exec(output);
        if (found) resolve(found[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => reject(new Error(`lfp start exited with ${code}: ${output}`)));
    });
    // An upload whose client sends its headers and then nothing.
    const idle = request(`${address}/api/imports`, { method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } });
    idle.on('error', () => {});
    idle.write('name,sku,description\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const ms = performance.now() - started;
    assert.equal(code, 0, output);
    assert.ok(ms < 8000, `stopped ${Math.round(ms)} ms after SIGTERM`);
    idle.destroy();
  } finally {
    child.kill('SIGKILL');
    await exited;
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
});
