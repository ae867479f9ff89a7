import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest, withQuery } from '../../api/http';
import type { RegionLevel } from '../../api/types';
import type { Period } from '../../lib/wib';

// The dashboard's reads live with the dashboard (not in api/endpoints.ts), so the cadre's route never
// carries them.

export type Granularity = Exclude<Period, 'none'> | 'none';
export type GroupValue = string | number | boolean | null;

export interface AggregateItem {
  regionCode: string;
  regionName: string | null;
  level: RegionLevel;
  periodKey: string;
  measure: string;
  group: GroupValue;
  value: number | null;
  suppressed: boolean;
}

export interface Aggregates {
  items: AggregateItem[];
  /** The measures the caller may read. */
  measures: string[];
  /** The k of "< k"; null when the theme hides nothing. */
  suppressBelow: number | null;
}

interface AggregatesPage extends Aggregates {
  nextCursor: string | null;
}

export interface AggregatesQuery {
  level: RegionLevel;
  region: string;
  period: Granularity;
  from?: string;
  to?: string;
  measure?: string;
}

/** A theme version's measures, as the dashboard reads them from the frozen definition. */
export interface Measure {
  key: string;
  title: string;
  op: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'ratio';
  groupBy?: string;
  satuan?: string;
}

export interface ExplainItem {
  id: string;
  regionCode: string;
  periodKey: string;
  createdAt: string;
  contribution: { value: number | null } | { numerator: number | null; denominator: number | null };
}

export interface Explanation {
  value: number | null;
  submissions: number;
  items: ExplainItem[];
  nextCursor: string | null;
}

const PAGE = 1000;
/** A view never needs more cells than this; a larger answer is cut rather than freezing the page. */
const MAX_CELLS = 20_000;

export async function fetchAggregates(slug: string, query: AggregatesQuery): Promise<Aggregates> {
  const path = `/api/themes/${encodeURIComponent(slug)}/aggregates`;
  const items: AggregateItem[] = [];
  let cursor: string | undefined;
  let answer: AggregatesPage;
  do {
    answer = await apiRequest<AggregatesPage>(withQuery(path, { ...query, limit: PAGE, cursor }));
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
  } while (cursor && items.length < MAX_CELLS);
  return { items, measures: answer.measures, suppressBelow: answer.suppressBelow };
}

export const useAggregates = (slug: string, query: AggregatesQuery | null): UseQueryResult<Aggregates> =>
  useQuery({
    queryKey: ['dashboard', 'aggregates', slug, query],
    queryFn: () => fetchAggregates(slug, query as AggregatesQuery),
    enabled: query !== null,
    // The previous view stays on screen while the next one loads: no flash of an empty table.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export interface ExplainQuery {
  measure: string;
  region: string;
  periodKey: string;
  group?: string;
}

export const fetchExplanation = (slug: string, query: ExplainQuery): Promise<Explanation> =>
  apiRequest<Explanation>(withQuery(`/api/themes/${encodeURIComponent(slug)}/aggregates/explain`, { ...query, limit: 50 }));

export const useExplanation = (slug: string, query: ExplainQuery): UseQueryResult<Explanation> =>
  useQuery({ queryKey: ['dashboard', 'explain', slug, query], queryFn: () => fetchExplanation(slug, query) });
