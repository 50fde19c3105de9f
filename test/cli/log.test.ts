import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';

const LOG_MODULE = new URL('../../src/log.js', import.meta.url).href;

/** Runs a few log calls in a process of its own (logs go to fd 2) and returns its stderr; it exits right after. */
function logInChild(format: string | undefined): Promise<string> {
  const script = `
    const { createLogger } = await import(${JSON.stringify(LOG_MODULE)});
    const log = createLogger('info', ${format ? JSON.stringify(format) : 'undefined'});
    for (let i = 0; i < 200; i++) log.info({ i }, 'line ' + i);
    log.warn({ err: new Error('bad \\u001b[2J file') }, 'job \\u001b]0;pwned\\u0007 failed \\u009b2J \\u202eevil');
    process.exit(0);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}

test('logs are JSON lines when stderr is not a terminal, none lost on process.exit', async () => {
  const lines = (await logInChild(undefined)).trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 201);
  assert.equal(lines[0].msg, 'line 0');
  assert.equal(lines[200].level, 40);
  assert.equal(lines[200].err.message, 'bad \u001b[2J file');
});

test('pretty logs are readable lines with what a terminal acts on escaped, none lost on process.exit', async () => {
  const text = await logInChild('pretty');
  assert.match(text, /^\[\d\d:\d\d:\d\d\] INFO: line 0 \{"i":0\}\n/);
  assert.match(text, /\] INFO: line 199 \{"i":199\}\n/);
  assert.match(text, /\] WARN: job \\u001b\]0;pwned\\u0007 failed \\u009b2J \\u202eevil ?\n/);
  assert.match(text, /Error: bad \\u001b\[2J file\n\s+at /, 'the stack trace, on lines of its own');
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, 'no raw control: not colored either, stderr is not a terminal');
});

test('LFP_LOG_FORMAT is json or pretty', () => {
  assert.equal(loadConfig({ LFP_LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
  assert.equal(loadConfig({}).logFormat, undefined);
  assert.throws(() => loadConfig({ LFP_LOG_FORMAT: 'xml' }), /invalid environment: LFP_LOG_FORMAT/);
});
