/**
 * npm run bench:merge: where the rebuild merge starts to beat the upsert. A table of --table rows (500,000) is
 * loaded once; then imports of a growing share of it (the same SKUs with other content: every row changes a
 * product) are merged with each strategy, each from the same starting table (a database copied from a template),
 * in a process of its own. Prints the merge's seconds per strategy and their ratio per share: auto's REBUILD_SHARE
 * (src/ingest/merge.ts) is set from it.
 *
 * Options: --table N (500000), --shares 0.01,0.05,... Database server: LFP_BENCH_SERVER_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { parseArgs } from 'node:util';
import { formatCount } from '../src/cli/format.js';
import { DATA_DIR, benchFile, copyDatabase, dropDatabase, ingestInProcess, recreateDatabase, warnOfUnsupportedNode } from './support.js';

const { values } = parseArgs({
  options: { table: { type: 'string', default: '500000' }, shares: { type: 'string', default: '0.01,0.05,0.1,0.2,0.3,0.5,1' } },
});
const TABLE = Number(values.table);
const SHARES = values.shares.split(',').map(Number);
const STRATEGIES = ['upsert', 'rebuild'] as const;

/** One in-process ingest with the strategy forced. */
const ingest = async (url: string, file: string, strategy: string) =>
  (await ingestInProcess(url, file, { LFP_MERGE_STRATEGY: strategy, LFP_DATA_DIR: `${DATA_DIR}/merge-strategy` })).import;

async function main(): Promise<void> {
  warnOfUnsupportedNode();
  const base = 'lfp_bench_merge_base';
  const baseUrl = await recreateDatabase(base);
  await ingest(baseUrl, await benchFile(TABLE, 1), 'auto');
  console.log(`merge of an import changing a share of a ${formatCount(TABLE)}-row table (seconds, same starting table each run)`);
  console.log(`${'share'.padStart(6)} ${'rows'.padStart(9)} ${'upsert'.padStart(8)} ${'rebuild'.padStart(8)}  rebuild/upsert`);
  for (const share of SHARES) {
    // The generator is deterministic row by row: the first rows of the changed table's file, the same SKUs.
    const file = await benchFile(Math.round(share * TABLE), 2);
    const seconds: Record<string, number> = {};
    for (const strategy of STRATEGIES) {
      const name = `lfp_bench_merge_${strategy}`;
      const url = await copyDatabase(base, name);
      const imp = await ingest(url, file, strategy);
      seconds[strategy] = imp.timings.merge! / 1000;
      await dropDatabase(name);
    }
    console.log(`${share.toFixed(2).padStart(6)} ${formatCount(Math.round(share * TABLE)).padStart(9)} ${seconds.upsert!.toFixed(2).padStart(8)} ` +
      `${seconds.rebuild!.toFixed(2).padStart(8)}  ${(seconds.rebuild! / seconds.upsert!).toFixed(2)}`);
  }
  await dropDatabase(base);
}

await main();
