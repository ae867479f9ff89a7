import { useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import type { Page } from './types';

export interface PagedList<T> {
  items: T[];
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  refetch: () => void;
}

/**
 * A list read page by page ("Muat lagi"), each page its own query under `key` and its cursor. Plain
 * queries rather than useInfiniteQuery, whose code would otherwise ride along on the cadre's fill route.
 * Another `key` (another filter) starts again from the first page.
 */
export function usePagedList<T>(key: readonly unknown[], load: (cursor: string | undefined) => Promise<Page<T>>): PagedList<T> {
  const keyText = JSON.stringify(key);
  const [loaded, setLoaded] = useState<{ key: string; cursors: Array<string | undefined> }>({ key: keyText, cursors: [undefined] });
  const cursors = loaded.key === keyText ? loaded.cursors : [undefined];
  const pages = useQueries({ queries: cursors.map((cursor) => ({ queryKey: [...key, cursor ?? ''], queryFn: () => load(cursor) })) });
  const last = pages[pages.length - 1];
  const nextCursor = last?.data?.nextCursor ?? null;
  return {
    items: pages.flatMap((page) => page.data?.items ?? []),
    isPending: pages[0].isPending,
    error: pages.find((page) => page.error)?.error ?? null,
    hasNextPage: nextCursor !== null,
    isFetchingNextPage: pages.length > 1 && last.isPending,
    fetchNextPage: () => {
      if (nextCursor !== null) setLoaded({ key: keyText, cursors: [...cursors, nextCursor] });
    },
    refetch: () => pages.forEach((page) => void page.refetch()),
  };
}
