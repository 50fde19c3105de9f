import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LFP_BIN = fileURLToPath(new URL('../../../bin/lfp.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `lfp` executable (this checkout's, or `where.bin`) in a child process, in `where.cwd`. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: Buffer | string,
  where: { bin?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [where.bin ?? LFP_BIN, ...args], {
      cwd: where.cwd,
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
