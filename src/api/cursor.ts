import { z } from 'zod';
import { LfpError } from '../errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. They only ever reach SQL as
 * bound parameters, and are checked against the shape their endpoint expects.
 */
export class InvalidCursorError extends LfpError {
  constructor() {
    super('the cursor is not one this endpoint handed out', 'invalid-cursor', 400);
  }
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodTypeAny>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: the same answer as a wrong shape
  }
  throw new InvalidCursorError();
}

/** A LIKE pattern matching values that start with `prefix`, its wildcards escaped. */
export function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
