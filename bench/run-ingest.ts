// One lfp ingest in a process of its own, so that its peak RSS is the ingest's alone; prints the import as JSON.
// run-ingest.js FILE [--sync]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { ingest } from '../src/ingest/engine.js';
import { mergeSettings } from '../src/ingest/merge.js';
import { DEFAULT_OPTIONS } from '../src/imports/options.js';
import { createLogger } from '../src/log.js';

const file = process.argv[2]!;
const config = loadConfig();
const log = createLogger('warn');
const db = await openDatabase(config, log);
const result = await ingest(db.pool, createReadStream(file, { highWaterMark: 1 << 20 }), {
  sourceName: basename(file),
  sourceBytes: (await stat(file)).size,
  chunkBytes: config.chunkBytes,
  concurrency: config.loadConcurrency,
  merge: mergeSettings(config),
  import: { ...DEFAULT_OPTIONS, sync: process.argv[3] === '--sync' },
  log,
});
await db.close();
process.stdout.write(`${JSON.stringify({ import: result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
