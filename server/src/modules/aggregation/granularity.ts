import { addDuration, periodKeyAt, periodStart } from '../submissions/period';
import type { ThemePeriod } from '../../../../schemas/theme-definition';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';

/** A time granularity of aggregate cells: a theme's own period and every coarser one. */
export type Granularity = ThemePeriod;

const TIME_ORDER: Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];
const DAY_MS = 24 * 3600_000;

/** The base granularity and every coarser one, finest first (`none` has only itself). */
export function granularitiesFrom(base: Granularity): Granularity[] {
  if (base === 'none') return ['none'];
  return TIME_ORDER.slice(TIME_ORDER.indexOf(base));
}

export function coarserGranularities(base: Granularity): Granularity[] {
  return granularitiesFrom(base).slice(1);
}

/**
 * The key of the `target` period containing base period `key` (WIB calendar). A week belongs to the
 * month, quarter and year of its Thursday, as ISO 8601 assigns weeks to years, so no week is split.
 */
export function coarsePeriodKey(base: Granularity, target: Granularity, key: string): string {
  if (base === target) return key;
  const start = periodStart(base, key);
  if (!start) throw new Error(`Invalid ${base} period key ${key}`);
  const anchor = base === 'week' ? new Date(start.getTime() + 3 * DAY_MS) : start;
  return periodKeyAt(target, anchor);
}

const LENGTH: Record<Exclude<Granularity, 'day' | 'none'>, string> = { week: 'P7D', month: 'P1M', quarter: 'P3M', year: 'P1Y' };

/**
 * The first and last base period keys inside coarse period `key` of `target`: every base period in
 * between (base keys sort chronologically) rolls up into it, and no other does.
 */
export function baseRange(base: Granularity, target: Granularity, key: string): [string, string] {
  if (base === target || target === 'day' || target === 'none') return [key, key];
  const start = periodStart(target, key);
  if (!start) throw new Error(`Invalid ${target} period key ${key}`);
  const end = addDuration(start, LENGTH[target])!;
  let first = periodKeyAt(base, start);
  let last = periodKeyAt(base, new Date(end.getTime() - 1));
  if (base === 'week') {
    // Weeks whose Thursday falls outside the period belong to the neighbouring one.
    if (coarsePeriodKey(base, target, first) !== key) first = periodKeyAt(base, new Date(start.getTime() + 7 * DAY_MS));
    if (coarsePeriodKey(base, target, last) !== key) last = periodKeyAt(base, new Date(end.getTime() - 1 - 7 * DAY_MS));
  }
  return [first, last];
}

/**
 * The same mapping as `coarsePeriodKey`, as SQL over the text expression `key` (a base period key
 * column). Only fixed text: the expression is ours, never a definition's.
 */
export function coarsePeriodSql(base: Granularity, target: Granularity, key: string): string {
  if (base === target) return key;
  const day = `(${key})::date`;
  const thursday = `(to_date(${key}, 'IYYY-"W"IW') + 3)`;
  const unsupported = () => new Error(`No roll-up from ${base} to ${target}`);
  switch (base) {
    case 'day':
      switch (target) {
        case 'week':
          return `to_char(${day}, 'IYYY-"W"IW')`;
        case 'month':
          return `left(${key}, 7)`;
        case 'quarter':
          return `to_char(${day}, 'YYYY-"Q"Q')`;
        case 'year':
          return `left(${key}, 4)`;
        default:
          throw unsupported();
      }
    case 'week':
      switch (target) {
        case 'month':
          return `to_char(${thursday}, 'YYYY-MM')`;
        case 'quarter':
          return `to_char(${thursday}, 'YYYY-"Q"Q')`;
        case 'year':
          return `to_char(${thursday}, 'YYYY')`;
        default:
          throw unsupported();
      }
    case 'month':
      switch (target) {
        case 'quarter':
          return `(left(${key}, 4) || '-Q' || ((substr(${key}, 6, 2)::int + 2) / 3))`;
        case 'year':
          return `left(${key}, 4)`;
        default:
          throw unsupported();
      }
    case 'quarter':
      if (target === 'year') return `left(${key}, 4)`;
      throw unsupported();
    default:
      throw unsupported();
  }
}

/** Region codes are materialized paths: a level's depth is its number of dot-separated parts. */
export function levelDepth(level: RegionLevel): number {
  return REGION_LEVELS.indexOf(level) + 1;
}

/** The levels above `base` a cell rolls up to, nearest first (… kecamatan, kota, provinsi). */
export function ancestorLevels(base: RegionLevel): RegionLevel[] {
  return REGION_LEVELS.slice(0, REGION_LEVELS.indexOf(base)).reverse();
}

/** `base` and every level above it. */
export function levelsFrom(base: RegionLevel): RegionLevel[] {
  return REGION_LEVELS.slice(0, REGION_LEVELS.indexOf(base) + 1);
}
