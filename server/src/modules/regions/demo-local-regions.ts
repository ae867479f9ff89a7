import type { RegionRow } from './region-csv';

/**
 * A few RW and RT of Rejomulyo (the demo kader's kelurahan), so tematik kept per RT — the daily COVID-19
 * report, which the city organised per RT — can be filled and rolled up on a fresh install and in tests.
 * Codes follow what `RegionsService.create` gives: the parent's code plus a 3-digit number.
 */
export const DEMO_KELURAHAN = '18.72.05.1001';

const rw = (number: number): RegionRow => ({
  code: `${DEMO_KELURAHAN}.${String(number).padStart(3, '0')}`,
  name: `RW ${String(number).padStart(2, '0')}`,
  level: 'rw',
  parentCode: DEMO_KELURAHAN,
});

const rt = (rwNumber: number, number: number): RegionRow => {
  const parent = rw(rwNumber).code;
  return { code: `${parent}.${String(number).padStart(3, '0')}`, name: `RT ${String(number).padStart(2, '0')}`, level: 'rt', parentCode: parent };
};

/** RW 01 with RT 01–03 and RW 02 with RT 01–02. */
export const DEMO_LOCAL_REGIONS: RegionRow[] = [rw(1), rt(1, 1), rt(1, 2), rt(1, 3), rw(2), rt(2, 1), rt(2, 2)];
