import { BadRequest } from './domain-error';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new BadRequest('INVALID_LIMIT', `limit harus bilangan bulat 1–${MAX_LIMIT}`);
  }
  return value;
}

/** A cursor we did not hand out: 400, the same answer from every list. */
export function invalidCursor(): BadRequest {
  return new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
}

/** Cursors are opaque to clients: base64url of the last sort key seen. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(raw: unknown): string | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(raw)) {
    throw invalidCursor();
  }
  const key = Buffer.from(raw, 'base64url').toString('utf8');
  // A NUL cannot be compared with a text column; no cursor we hand out contains one.
  if (key.includes('\u0000')) throw invalidCursor();
  return key;
}

/** Fetch `limit + 1` rows and pass them here: the extra row only says that a next page exists. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const next = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items, nextCursor: next };
}
