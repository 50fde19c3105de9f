import { z } from 'zod';

/**
 * Text limits as PostgreSQL checks them: char_length counts code points, a JavaScript string's length counts
 * UTF-16 units (an emoji is 2), so zod's max() would refuse values that the table, and an import, accept.
 */
export function charLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** `schema` limited to `max` characters (code points); the OpenAPI document shows it as maxLength, which counts them too. */
export function maxChars(schema: z.ZodString, max: number): z.ZodString {
  return schema.refine((text) => charLength(text) <= max, `is longer than ${max} characters`).meta({ maxLength: max });
}

/** PostgreSQL text cannot hold U+0000: refused as input rather than failing in the database. */
export const NO_NUL = /^[^\u0000]*$/;
export const NUL_MESSAGE = 'contains the control character NUL (U+0000), which is not allowed';
