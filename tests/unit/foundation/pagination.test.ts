import { DEFAULT_LIMIT, decodeCursor, encodeCursor, MAX_LIMIT, parseLimit, toPage } from '../../../server/src/common/pagination';
import { codeOf } from '../../support/problem';

describe('parseLimit', () => {
  it('defaults to 50 and accepts 1…1000', () => {
    expect(parseLimit(undefined)).toBe(DEFAULT_LIMIT);
    expect(parseLimit('')).toBe(DEFAULT_LIMIT);
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit(String(MAX_LIMIT))).toBe(MAX_LIMIT);
  });

  it.each(['0', '1001', '-1', '1.5', 'abc', '1e3', ' 5', '99999999999999999999'])('refuses %p with INVALID_LIMIT', (raw) => {
    expect(codeOf(() => parseLimit(raw))).toBe('INVALID_LIMIT');
  });

  it('refuses a repeated query parameter (an array)', () => {
    expect(codeOf(() => parseLimit(['1', '2']))).toBe('INVALID_LIMIT');
  });
});

describe('cursors', () => {
  it('round-trip any sort key opaquely', () => {
    for (const key of ['admin', 'kader.rejomulyo', '12345', 'nama dengan spasi/é']) {
      const cursor = encodeCursor(key);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toBe(key);
    }
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([['not base64!'], ['a'.repeat(201)], [['a', 'b']], [encodeCursor('x\u0000y')]])('refuses %p with INVALID_CURSOR', (raw) => {
    expect(codeOf(() => decodeCursor(raw))).toBe('INVALID_CURSOR');
  });
});

describe('toPage', () => {
  const rows = ['a', 'b', 'c', 'd'];

  it('uses the extra row only to say that a next page exists', () => {
    const page = toPage(rows, 3, (row) => row);
    expect(page.items).toEqual(['a', 'b', 'c']);
    expect(decodeCursor(page.nextCursor)).toBe('c');
  });

  it('has no next cursor on the last page', () => {
    expect(toPage(rows, 4, (row) => row)).toEqual({ items: rows, nextCursor: null });
    expect(toPage([], 4, (row: string) => row)).toEqual({ items: [], nextCursor: null });
  });
});
