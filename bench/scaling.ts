/**
 * npm run bench:scale: does lfp stay fast as files grow? Each size (--sizes, default 500000,5000000,10000000) is
 * generated once (bench/data, seed 1, 7% repeated SKUs) and ingested into empty tables of a fresh database by the
 * in-process engine in a process of its own. Prints the seconds, the merge's share, the seconds per row against the
 * smallest size's (issue 11's target: at most 1.1 x) and the peak RSS (target: at most 256 MB at every size).
 *
 * Database server: LFP_BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres), or with --embedded
 * lfp's own embedded PostgreSQL.
 */
import { stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { formatBytes, formatCount, formatMs } from '../src/cli/format.js';
import { DATA_DIR, benchFile, dropDatabase, ingestInProcess, recreateDatabase, useEmbeddedServer, warnOfUnsupportedNode } from './support.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500000,5000000,10000000' }, embedded: { type: 'boolean' } } });
const SIZES = values.sizes.split(',').map(Number);

async function main(): Promise<void> {
  warnOfUnsupportedNode();
  const stopServer = values.embedded ? await useEmbeddedServer() : undefined;
  console.log(`lfp scaling: ingest into empty tables, one run per size; node ${process.version}, ${cpus().length} cores` +
    `${values.embedded ? ", lfp's embedded PostgreSQL" : ''}\n`);
  console.log(`${'rows'.padStart(11)} ${'file'.padStart(9)} ${'total'.padStart(10)} ${'merge'.padStart(10)} ${'µs/row'.padStart(7)}  vs first  peak RSS`);
  let firstPerRow: number | undefined;
  for (const rows of SIZES) {
    const file = await benchFile(rows, 1);
    const name = 'lfp_bench_scaling';
    const url = await recreateDatabase(name);
    const run = await ingestInProcess(url, file, { LFP_DATA_DIR: `${DATA_DIR}/scaling` });
    await dropDatabase(name);
    const perRow = (run.ms * 1000) / rows;
    firstPerRow ??= perRow;
    console.log(`${formatCount(rows).padStart(11)} ${formatBytes((await stat(file)).size).padStart(9)} ${formatMs(run.ms).padStart(10)} ` +
      `${formatMs(run.import.timings.merge ?? 0).padStart(10)} ${perRow.toFixed(1).padStart(7)}  ${(perRow / firstPerRow).toFixed(2).padStart(6)} x  ` +
      `${formatBytes(run.maxRssKb * 1024)}`);
  }
  await stopServer?.();
}

await main();
