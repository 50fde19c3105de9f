import { startWorker } from '../../jobs/worker.js';
import type { Command } from '../args.js';
import { commandContext, withApp } from '../context.js';
import { waitForSignal } from '../signals.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the lfp service until stopped (Ctrl-C)',
  usage: `lfp start [--no-worker]

Starts PostgreSQL (embedded, unless DATABASE_URL is set), brings the schema up to date and works the import
queue until SIGINT or SIGTERM, then finishes the jobs in progress and stops cleanly.

Options:
  --no-worker   do not work the queue in this process (run lfp worker elsewhere)`,
  options: { 'no-worker': { type: 'boolean' } },
  async run(args) {
    const context = commandContext('info');
    await withApp(context, async (app) => {
      const worker = args.values['no-worker'] ? undefined : await startWorker(app, context.config.loadConcurrency);
      context.log.info({ database: app.db.url.replace(/:[^:@/]*@/, ':***@') }, 'lfp is running; press Ctrl-C to stop');
      await waitForSignal();
      context.log.info('stopping');
      await worker?.stop();
    });
    return 0;
  },
};
