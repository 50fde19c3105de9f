import { startWorker } from '../../jobs/worker.js';
import { numberOption, type Command } from '../args.js';
import { commandContext, withApp } from '../context.js';
import { waitForSignal } from '../signals.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'work the import queue until stopped',
  usage: `lfp worker [--concurrency N]

Takes import jobs from the queue in PostgreSQL: splitting stored uploads, loading chunks, merging. Run as many
as you like, on this machine or others: each needs DATABASE_URL and the upload storage (LFP_DATA_DIR on a shared
volume). On SIGINT or SIGTERM it finishes the jobs in progress and stops.

Options:
  --concurrency N   chunks this worker loads at once (default: LFP_LOAD_CONCURRENCY or 2)`,
  options: { concurrency: { type: 'string' } },
  async run(args) {
    const context = commandContext('info');
    const concurrency = numberOption(args, 'concurrency', context.config.loadConcurrency, 1, 64);
    await withApp(context, async (app) => {
      const worker = await startWorker(app, concurrency);
      await waitForSignal();
      context.log.info('stopping: finishing the jobs in progress');
      await worker.stop();
    });
    if (process.connected) process.disconnect(); // an open IPC channel would keep this process alive
    return 0;
  },
};
