import { z } from 'zod';
import { LfpError } from '../errors.js';
import { LIMITS } from '../csv/rows.js';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. They only ever reach SQL as
 * bound parameters, and are checked against the shape their endpoint expects: any value the column may hold,
 * so that every cursor handed out is taken back, whatever rows (stored before today's rules, say) it names.
 */
export class InvalidCursorError extends LfpError {
  constructor() {
    super('the cursor is not one this endpoint handed out', 'invalid-cursor', 400);
  }
}

/**
 * The longest cursor handed out, an aggregate's [count, name]: in JSON, an integer takes at most 20 bytes, a
 * character at most 6 (a control character as \u001f; any other at most 4 bytes of UTF-8), and base64url makes 4
 * characters of every 3 bytes.
 */
const jsonString = (chars: number) => 2 + 6 * chars;
export const MAX_CURSOR_LENGTH = Math.ceil(((2 + 20 + 1 + jsonString(LIMITS.name)) * 4) / 3);

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && !hasNul(parsed.data)) return parsed.data;
  } catch {
    // not JSON: the same answer as a wrong shape
  }
  throw new InvalidCursorError();
}

/** No key handed out holds a NUL (PostgreSQL text cannot), and one would fail the query rather than miss. */
function hasNul(value: unknown): boolean {
  return typeof value === 'string' ? value.includes('\0') : Array.isArray(value) && value.some(hasNul);
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Cuts `limit + 1` fetched rows to a page, with the cursor of its last row when there are more. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => unknown[], present: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  return { items: items.map(present), next: rows.length > limit ? encodeCursor(key(items[items.length - 1]!)) : null };
}
