import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest, withQuery } from '../../../api/http';
import type { RegionLevel } from '../../../api/types';

export type CompletenessStatus = 'on_time' | 'late' | 'missing';

export interface CompletenessItem {
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  status: CompletenessStatus;
  submittedAt: string | null;
}

/** Counts for a region above the theme's level. */
export interface CompletenessRollup {
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  rate: number;
}

export interface CompletenessReport {
  periodKey: string;
  level: RegionLevel;
  dueAt: string | null;
  items: CompletenessItem[];
  nextCursor: string | null;
  rollup: CompletenessRollup[];
}

export interface CompletenessHistoryItem {
  periodKey: string;
  dueAt: string | null;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  rate: number;
}

/** One page is every region a dashboard lists; past it the panel says only the first are shown. */
export const COMPLETENESS_PAGE = 1000;

const base = (slug: string): string => `/api/themes/${encodeURIComponent(slug)}/completeness`;

export function useCompleteness(slug: string, periodKey: string | null, region: string): UseQueryResult<CompletenessReport> {
  return useQuery({
    queryKey: ['dashboard', 'completeness', slug, periodKey, region],
    queryFn: () => apiRequest<CompletenessReport>(withQuery(base(slug), { period: periodKey, region, limit: COMPLETENESS_PAGE })),
    enabled: periodKey !== null,
  });
}

/** `from` null: the twelve periods up to `to`. */
export function useCompletenessHistory(slug: string, from: string | null, to: string | null, region: string): UseQueryResult<CompletenessHistoryItem[]> {
  return useQuery({
    queryKey: ['dashboard', 'completeness-history', slug, from, to, region],
    queryFn: async () => (await apiRequest<{ items: CompletenessHistoryItem[] }>(withQuery(`${base(slug)}/history`, { from, to, region }))).items,
    enabled: to !== null,
  });
}
