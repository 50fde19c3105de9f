import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';

const LFP_BIN = fileURLToPath(new URL('../../../bin/lfp.js', import.meta.url));
const RESTART_DELAY_MS = 1000;

/**
 * `lfp worker` in a child process, restarted if it dies: parsing chunks is CPU work that must not run on the
 * event loop that answers HTTP requests. The child finds the database through DATABASE_URL (the embedded
 * server's, when this process runs one) and shares the data directory.
 */
export class ChildWorker {
  private child: ChildProcess | undefined;
  private stopping = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly concurrency: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    const child = spawn(process.execPath, [LFP_BIN, 'worker', '--concurrency', String(this.concurrency)], {
      env: { ...process.env, DATABASE_URL: this.databaseUrl },
      // The IPC channel closes when this process dies, however it dies: the worker then stops too.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      this.log.error({ code, signal }, 'the worker process stopped; starting another');
      setTimeout(() => this.stopping || this.start(), RESTART_DELAY_MS).unref();
    });
  }

  /** Asks the worker to finish its jobs in progress and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
