import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LFP_BIN = fileURLToPath(new URL('../../../bin/lfp.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `lfp` executable in a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: Buffer | string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LFP_BIN, ...args], {
      env: { ...process.env, LFP_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
