import { ancestorLevels, baseRange, coarsePeriodKey, coarserGranularities, granularitiesFrom, levelDepth, levelsFrom } from '../../../server/src/modules/aggregation/granularity';

describe('granularity: periods roll up on the WIB calendar', () => {
  it('lists the base granularity and every coarser one', () => {
    expect(granularitiesFrom('day')).toEqual(['day', 'week', 'month', 'quarter', 'year']);
    expect(granularitiesFrom('month')).toEqual(['month', 'quarter', 'year']);
    expect(granularitiesFrom('none')).toEqual(['none']);
    expect(coarserGranularities('week')).toEqual(['month', 'quarter', 'year']);
    expect(coarserGranularities('year')).toEqual([]);
  });

  it.each([
    ['day', 'week', '2026-11-28', '2026-W48'],
    ['day', 'week', '2026-12-31', '2026-W53'],
    ['day', 'week', '2027-01-03', '2026-W53'],
    ['day', 'week', '2027-01-04', '2027-W01'],
    ['day', 'week', '2025-12-29', '2026-W01'],
    ['day', 'month', '2026-02-28', '2026-02'],
    ['day', 'quarter', '2026-04-01', '2026-Q2'],
    ['day', 'quarter', '2026-03-31', '2026-Q1'],
    ['day', 'year', '2026-12-31', '2026'],
    // A week belongs to the month and year of its Thursday, so none is split in two.
    ['week', 'month', '2026-W05', '2026-01'],
    ['week', 'month', '2026-W49', '2026-12'],
    ['week', 'year', '2026-W01', '2026'],
    ['week', 'quarter', '2020-W53', '2020-Q4'],
    ['month', 'quarter', '2026-09', '2026-Q3'],
    ['month', 'year', '2026-09', '2026'],
    ['quarter', 'year', '2026-Q4', '2026'],
  ] as const)('%s %s of %s is %s', (base, target, key, expected) => {
    expect(coarsePeriodKey(base, target, key)).toBe(expected);
  });

  it('rolls regions up by the depth of their materialized path', () => {
    expect(levelDepth('kelurahan')).toBe(4);
    expect(levelDepth('dasawisma')).toBe(7);
    expect(ancestorLevels('kelurahan')).toEqual(['kecamatan', 'kota', 'provinsi']);
    expect(ancestorLevels('dasawisma')).toEqual(['rt', 'rw', 'kelurahan', 'kecamatan', 'kota', 'provinsi']);
    expect(levelsFrom('kecamatan')).toEqual(['provinsi', 'kota', 'kecamatan']);
  });

  it.each([
    ['day', 'week', '2026-W53', '2026-12-28', '2027-01-03'],
    ['day', 'month', '2026-02', '2026-02-01', '2026-02-28'],
    ['day', 'quarter', '2026-Q4', '2026-10-01', '2026-12-31'],
    ['day', 'year', '2026', '2026-01-01', '2026-12-31'],
    ['week', 'month', '2026-01', '2026-W01', '2026-W05'],
    ['week', 'month', '2026-02', '2026-W06', '2026-W09'],
    ['week', 'year', '2026', '2026-W01', '2026-W53'],
    ['week', 'year', '2021', '2021-W01', '2021-W52'],
    ['month', 'quarter', '2026-Q2', '2026-04', '2026-06'],
    ['quarter', 'year', '2026', '2026-Q1', '2026-Q4'],
  ] as const)('the %s periods of %s %s run from %s to %s', (base, target, key, first, last) => {
    expect(baseRange(base, target, key)).toEqual([first, last]);
  });
});
