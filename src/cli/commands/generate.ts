import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ConfigError } from '../../errors.js';
import { DEFAULT_DUPLICATE_RATIO, generateCsv } from '../../generate/generator.js';
import { numberOption, type Command } from '../args.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a realistic product CSV file, deterministic for a seed',
  usage: `lfp generate --rows N [--seed S] [--duplicate-ratio R] [--out FILE] [--gzip]

Writes name,sku,description rows: person-like names, SKUs of 2-4 words joined by -, multi-sentence descriptions
with newlines, commas and quotes. About R of the rows repeat the SKU of an earlier row. Same seed, same bytes.

Options:
  --rows N              number of product rows (required)
  --seed S              random seed (default 1)
  --duplicate-ratio R   share of rows repeating an earlier SKU, 0 to 1 (default ${DEFAULT_DUPLICATE_RATIO})
  --content-seed S      seed of names and descriptions only: same SKUs, other content (default: --seed)
  --out FILE            write to FILE instead of standard output
  --gzip                gzip the output`,
  options: {
    rows: { type: 'string' },
    seed: { type: 'string' },
    'duplicate-ratio': { type: 'string' },
    'content-seed': { type: 'string' },
    out: { type: 'string' },
    gzip: { type: 'boolean' },
  },
  async run(args) {
    const rows = numberOption(args, 'rows', NaN, 0, 1e10);
    if (!Number.isInteger(rows)) throw new ConfigError('--rows N is required (a whole number)');
    const seed = numberOption(args, 'seed', 1, 0, 2 ** 32 - 1);
    const options = {
      rows,
      seed,
      duplicateRatio: numberOption(args, 'duplicate-ratio', DEFAULT_DUPLICATE_RATIO, 0, 1),
      contentSeed: numberOption(args, 'content-seed', seed, 0, 2 ** 32 - 1),
    };
    const out: Writable = typeof args.values.out === 'string' ? createWriteStream(args.values.out) : process.stdout;
    const source = Readable.from(generateCsv(options));
    await (args.values.gzip ? pipeline(source, createGzip(), out) : pipeline(source, out));
    return 0;
  },
};
