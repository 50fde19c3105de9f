import { spawn, type ChildProcess } from 'node:child_process';
import { LFP_BIN } from './cli.js';

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `lfp worker` in a process of its own and resolves once it takes jobs. */
export function spawnWorker(env: NodeJS.ProcessEnv, concurrency = 1): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [LFP_BIN, 'worker', '--concurrency', String(concurrency)], {
    env: { ...process.env, LFP_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (data) => {
      output += data;
      if (output.includes('worker started')) resolve({ child, output: () => output, exited });
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}
