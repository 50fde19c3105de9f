import { csvField } from '../csv/records.js';
import { FIRST_NAMES, LAST_NAMES, PREFIXES, SUFFIXES, WORDS } from './words.js';

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** Share of rows that repeat the SKU of an earlier row (0..1). */
  duplicateRatio: number;
  /** Seed of names and descriptions only; another value gives the same SKUs with other content. */
  contentSeed?: number;
}

export const DEFAULT_DUPLICATE_RATIO = 0.07;
export const HEADER = 'name,sku,description\n';

/** A small, fast, seedable PRNG (sfc32); the same seed gives the same sequence on every machine. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, salt = 0) {
    this.a = mix(seed, 0x9e3779b9);
    this.b = mix(seed ^ salt, 0x85ebca6b);
    this.c = mix(salt, 0xc2b2ae35);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

function mix(x: number, y: number): number {
  let h = Math.imul(x ^ y, 0x5bd1e995);
  h ^= h >>> 15;
  return Math.imul(h, 0x27d4eb2d) >>> 0;
}

/** The SKU of the n-th distinct product: 2 to 4 words, derived from (seed, n) alone so that it can be repeated. */
export function skuOf(seed: number, n: number): string {
  const random = new Random(seed, n + 1);
  const roll = random.next();
  const words = roll < 0.1 ? 2 : roll < 0.6 ? 3 : 4;
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random.pick(WORDS));
  return parts.join('-');
}

export function personName(random: Random): string {
  let name = random.pick(FIRST_NAMES);
  if (random.next() < 0.05) name = `${random.pick(PREFIXES)} ${name}`;
  if (random.next() < 0.35) name += ` ${String.fromCharCode(65 + random.int(26))}.`;
  name += ` ${random.pick(LAST_NAMES)}`;
  if (random.next() < 0.06) name += ` ${random.pick(SUFFIXES)}`;
  return name;
}

function sentence(random: Random): string {
  const count = 4 + random.int(9);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = random.pick(WORDS);
    if (random.next() < 0.03) word = `"${word}"`;
    if (i < count - 1 && random.next() < 0.06) word += ',';
    words.push(word);
  }
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}

export function description(random: Random): string {
  const paragraphs = random.next() < 0.3 ? 2 : 1;
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences = 1 + random.int(3);
    const parts: string[] = [];
    for (let s = 0; s < sentences; s++) parts.push(sentence(random));
    out.push(parts.join(' '));
  }
  return out.join('\n');
}

/**
 * Yields the file in pieces of about `batchBytes`: the header, then `rows` product rows. About `duplicateRatio` of
 * the rows reuse the SKU of an earlier row (with new content, so that the last row must win).
 */
export function* generateCsv(options: GenerateOptions, batchBytes = 1 << 20): Generator<string> {
  const skus = new Random(options.seed, 0x5eed);
  const content = new Random(options.contentSeed ?? options.seed, 0xc0de);
  let batch = HEADER;
  let distinct = 0;
  for (let row = 0; row < options.rows; row++) {
    const repeat = distinct > 0 && skus.next() < options.duplicateRatio;
    const sku = skuOf(options.seed, repeat ? skus.int(distinct) : distinct++);
    batch += `${csvField(personName(content))},${sku},${csvField(description(content))}\n`;
    if (batch.length >= batchBytes) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}
