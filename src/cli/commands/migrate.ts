import { migrate } from '../../db/migrate.js';
import type { Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage: `lfp migrate

Applies the SQL migrations not applied yet (every other command does this too when it starts).`,
  options: {},
  async run() {
    const context = commandContext();
    // Opening the database migrates it; a second call reports that nothing is left to apply.
    await withDatabase(context, async (db) => {
      const pending = await migrate(db.pool);
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM lfp_migrations');
      process.stdout.write(`schema up to date: ${rows[0]!.n} migrations applied${pending.length ? ` (${pending.join(', ')})` : ''}\n`);
    });
    return 0;
  },
};
