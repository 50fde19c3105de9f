import { z } from 'zod';

/**
 * Which of a file's columns holds each product column: a mapping given with an import (`sku` = "Item Number"), and
 * the suggestions a person picks one from. Pure.
 */

export const PRODUCT_COLUMNS = ['sku', 'name', 'description'] as const;
export type ProductColumn = (typeof PRODUCT_COLUMNS)[number];

/** How long a column name in a mapping may be (a header is at most 64 KiB). */
export const MAX_MAPPED_NAME = 1000;

const MappedName = z.string().min(1).max(MAX_MAPPED_NAME);

/** A file column per product column, by its name in the header; a product column left out is found by its own name. */
export const ColumnMapping = z.strictObject({
  sku: MappedName.optional().describe('the file column that holds the SKU'),
  name: MappedName.optional().describe('the file column that holds the name'),
  description: MappedName.optional().describe('the file column that holds the description'),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** The file column each product column was read from (null: the file has none), as an import reports it. */
export const MappedColumns = z.object({
  sku: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
});
export type MappedColumns = z.infer<typeof MappedColumns>;

/**
 * Names suppliers give each product column, best first: a header column matching an earlier one is the better
 * suggestion. Compared as `normalized` leaves them.
 */
const SYNONYMS: Record<ProductColumn, readonly string[]> = {
  sku: ['sku', 'item number', 'item no', 'item code', 'product code', 'product number', 'article number', 'part number',
    'variant sku', 'product sku', 'product id', 'item id', 'code', 'reference', 'id'],
  name: ['name', 'title', 'product name', 'product title', 'item name', 'item title', 'product', 'label'],
  description: ['description', 'body', 'body html', 'details', 'product description', 'long description', 'desc',
    'item description', 'summary', 'text'],
};

/** A name as compared for suggestions: lower case, with spaces, underscores, dashes, dots and brackets alike. */
export function normalized(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.()[\]#:/]+/g, ' ').trim();
}

export interface Suggestion {
  column: string;
  index: number;
}

/**
 * For each product column, the header's columns that look like it, best first: the synonyms' order, then the
 * header's. A column is suggested for at most one product column, the one whose synonym list names it first.
 */
export function suggestMapping(columns: readonly string[]): Record<ProductColumn, Suggestion[]> {
  const rank = (column: string, product: ProductColumn) => SYNONYMS[product].indexOf(normalized(column));
  const ranked = Object.fromEntries(PRODUCT_COLUMNS.map((product) => [product, [] as { rank: number; s: Suggestion }[]])) as
    Record<ProductColumn, { rank: number; s: Suggestion }[]>;
  columns.forEach((column, index) => {
    const ranks = PRODUCT_COLUMNS.map((product) => ({ product, rank: rank(column, product) })).filter((r) => r.rank >= 0);
    if (ranks.length === 0) return;
    const best = ranks.reduce((a, b) => (b.rank < a.rank ? b : a));
    ranked[best.product].push({ rank: best.rank, s: { column, index } });
  });
  return Object.fromEntries(PRODUCT_COLUMNS.map((product) => [
    product, ranked[product].sort((a, b) => a.rank - b.rank || a.s.index - b.s.index).map((r) => r.s),
  ])) as Record<ProductColumn, Suggestion[]>;
}

/** The best suggestion of each product column, as a mapping (empty when nothing looks like one). */
export function suggestedMapping(columns: readonly string[]): ColumnMapping {
  const suggestions = suggestMapping(columns);
  const mapping: ColumnMapping = {};
  for (const product of PRODUCT_COLUMNS) {
    const best = suggestions[product][0];
    if (best) mapping[product] = best.column;
  }
  return mapping;
}

/** `a="Item Number"` as the CLI's --map takes it: the product column and the file column's name. */
export function parseMapArgument(text: string): [ProductColumn, string] | undefined {
  const at = text.indexOf('=');
  if (at < 0) return undefined;
  const product = text.slice(0, at).trim().toLowerCase();
  const column = text.slice(at + 1);
  if (!(PRODUCT_COLUMNS as readonly string[]).includes(product) || column === '') return undefined;
  return [product as ProductColumn, column];
}
