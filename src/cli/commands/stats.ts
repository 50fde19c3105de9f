import type { Pool } from '../../db/pool.js';
import { catalogueStats, listAggregates, type Aggregate, type CatalogueStats } from '../../products/store.js';
import { numberOption, type Command } from '../args.js';
import { commandContext, withDatabase } from '../context.js';
import { formatCount, jsonLine, printable } from '../format.js';

export interface Stats extends CatalogueStats {
  topNames: Aggregate[];
}

export async function readStats(pool: Pool, top: number): Promise<Stats> {
  const [catalogue, topNames] = await Promise.all([
    catalogueStats(pool),
    top > 0 ? listAggregates(pool, { limit: top, sort: 'count' }) : [],
  ]);
  return { ...catalogue, topNames: topNames.slice(0, top) };
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'print products, distinct names and the top names',
  usage: `lfp stats [--top N] [--json]

Options:
  --top N    how many of the most frequent names to list (default 10)
  --json     print the statistics as JSON`,
  options: { top: { type: 'string' }, json: { type: 'boolean' } },
  async run(args) {
    const top = numberOption(args, 'top', 10, 0, 1000);
    const context = commandContext();
    const stats = await withDatabase(context, (db) => readStats(db.pool, top));
    if (args.values.json) {
      process.stdout.write(jsonLine(stats));
      return 0;
    }
    const names = stats.topNames.map((t) => printable(t.name));
    const width = Math.max(4, ...names.map((name) => name.length));
    const lines = [
      `products        ${formatCount(stats.products)}`,
      `distinct names  ${formatCount(stats.distinctNames)}`,
      ...(stats.topNames.length > 0 ? ['', `top ${stats.topNames.length} names:`] : []),
      ...stats.topNames.map((t, i) => `  ${names[i]!.padEnd(width)}  ${formatCount(t.productCount)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
