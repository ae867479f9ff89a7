import { apiRequest, withQuery } from '../../../api/http';
import type { Page, Region, RegionLevel, RegionWithPath } from '../../../api/types';
import type { BulkRegionRow } from './region-rows';

export interface RegionWithCount extends Region {
  childCount: number;
}

export interface BulkCreated {
  row: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string;
}

export interface BulkAnswer {
  dryRun: boolean;
  created: BulkCreated[];
}

/** Every query of this screen starts with it, so one invalidation after an add refreshes them all. */
export const adminRegionsKey = ['admin-regions'] as const;

export const fetchRegionWithPath = (code: string): Promise<RegionWithPath> => apiRequest<RegionWithPath>(`/api/regions/${encodeURIComponent(code)}`);

export async function fetchChildrenWithCounts(parent: string): Promise<RegionWithCount[]> {
  const items: RegionWithCount[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiRequest<Page<RegionWithCount>>(
      withQuery('/api/regions', {
        parent,
        counts: 'true',
        limit: 1000,
        cursor,
      }),
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const addRegion = (input: { name: string; level: RegionLevel; parentCode: string }): Promise<Region> =>
  apiRequest<Region>('/api/regions', { method: 'POST', body: input });

export const addRegionsInBulk = (input: { parentCode: string; rows: BulkRegionRow[]; dryRun: boolean }): Promise<BulkAnswer> =>
  apiRequest<BulkAnswer>('/api/regions/bulk', { method: 'POST', body: input });
