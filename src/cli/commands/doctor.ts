import { slowMergeSettings } from '../../db/settings.js';
import type { Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';
import { jsonLine, printable } from '../format.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check the PostgreSQL server for settings that make merges slow',
  usage: `lfp doctor [--json]

Holds the server's settings (DATABASE_URL, or the embedded PostgreSQL) against what bulk merges need, and says
what to set instead. The embedded PostgreSQL is started with them already (lfp.conf in its cluster). Exits 1 when
a setting makes merges slow.

Options:
  --json   print the advice as JSON`,
  options: { json: { type: 'boolean' } },
  async run(args) {
    const advice = await withDatabase(commandContext(), (db) => slowMergeSettings(db.pool));
    if (args.values.json) {
      process.stdout.write(jsonLine({ slowMergeSettings: advice }));
    } else if (advice.length === 0) {
      process.stdout.write('the server is set up for bulk merges\n');
    } else {
      for (const a of advice) {
        process.stdout.write(`${a.name} = ${printable(a.current)}: set ${a.suggested} (${a.why})\n`);
      }
    }
    return advice.length === 0 ? 0 : 1;
  },
};
