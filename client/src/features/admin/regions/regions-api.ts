import { apiRequest } from '../../../api/http';
import type { Region, RegionLevel, RegionWithPath } from '../../../api/types';
import { readAll } from '../../../api/endpoints';
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

/** Every child, however many: the screen lists and counts them all. */
export const fetchChildrenWithCounts = (parent: string): Promise<RegionWithCount[]> =>
  readAll<RegionWithCount>('/api/regions', { parent, counts: 'true' }, Infinity);

export const addRegion = (input: { name: string; level: RegionLevel; parentCode: string }): Promise<Region> =>
  apiRequest<Region>('/api/regions', { method: 'POST', body: input });

export const addRegionsInBulk = (input: { parentCode: string; rows: BulkRegionRow[]; dryRun: boolean }): Promise<BulkAnswer> =>
  apiRequest<BulkAnswer>('/api/regions/bulk', { method: 'POST', body: input });
