import type { Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the lfp service until stopped (Ctrl-C)',
  usage: `lfp start

Starts PostgreSQL (embedded, unless DATABASE_URL is set), brings the schema up to date and keeps the service
running until SIGINT or SIGTERM, then stops cleanly.`,
  options: {},
  async run() {
    const context = commandContext('info');
    await withDatabase(context, async (db) => {
      context.log.info({ database: db.url.replace(/:[^:@/]*@/, ':***@') }, 'lfp is running; press Ctrl-C to stop');
      await waitForSignal();
      context.log.info('stopping');
    });
    return 0;
  },
};

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
