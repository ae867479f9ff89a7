import { addDuration, periodKeyAt, periodStart } from '../submissions/period';
import type { ThemePeriod } from '../../../../schemas/theme-definition';

type Periodic = Exclude<ThemePeriod, 'none'>;

const LENGTH: Record<Periodic, string> = { day: 'P1D', week: 'P1W', month: 'P1M', quarter: 'P3M', year: 'P1Y' };

/** The key of the period `count` periods before `key` (0: itself). */
export function periodKeyBefore(period: Periodic, key: string, count: number): string {
  let current = key;
  for (let step = 0; step < count; step++) current = periodKeyAt(period, new Date(periodStart(period, current)!.getTime() - 1));
  return current;
}

/**
 * The keys from `from` to `to`, inclusive, in order; null when there would be more than `max` (both
 * keys must be valid for `period`). Empty when `from` comes after `to`.
 */
export function periodKeysBetween(period: Periodic, from: string, to: string, max: number): string[] | null {
  const end = periodStart(period, to)!.getTime();
  const keys: string[] = [];
  for (let start = periodStart(period, from)!; start.getTime() <= end; start = addDuration(start, LENGTH[period])!) {
    if (keys.length === max) return null;
    keys.push(periodKeyAt(period, start));
  }
  return keys;
}
