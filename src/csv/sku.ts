import { z } from 'zod';
import { NO_NUL, NUL_MESSAGE, maxChars } from './text.js';

/**
 * The one rule for SKUs, whoever writes them (a CSV import, the API, the dashboard): 1 to 120 characters, no
 * control characters (C0, DEL, C1), no space at either end. An import trims its values, so a SKU with a space at
 * an end could never be addressed by a file. The messages complete "sku ...", as the import's reasons read.
 */
export const SKU_MAX_CHARS = 120;
export const SKU_RULE = `1 to ${SKU_MAX_CHARS} characters, no control characters, no space at the start or end`;

const CONTROL_FREE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
const NO_EDGE_SPACE = /^(?:[^ ](?:[\s\S]*[^ ])?)?$/;

/** A SKU as every writer must give it. */
export const Sku = maxChars(z.string().min(1, 'is empty'), SKU_MAX_CHARS)
  .regex(CONTROL_FREE, 'contains a control character')
  .regex(NO_EDGE_SPACE, 'starts or ends with a space')
  .describe(SKU_RULE);

/**
 * A SKU to look up: any that the column may hold, so that products stored before the rule (with control
 * characters) can still be read, changed and deleted.
 */
export const StoredSku = maxChars(z.string().min(1, 'is empty'), SKU_MAX_CHARS).regex(NO_NUL, NUL_MESSAGE);

/** Why `sku` breaks the rule ("sku contains a control character"), or undefined. */
export function skuProblem(sku: string): string | undefined {
  const parsed = Sku.safeParse(sku);
  return parsed.success ? undefined : `sku ${parsed.error.issues[0]!.message}`;
}
