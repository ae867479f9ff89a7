import type { AlertOp, ThemePeriod } from '../../../../schemas/theme-definition';
import { periodKeyAt, periodStart } from '../submissions/period';

/** Periods a window may span at most (a year of days), so one evaluation reads a bounded number of cells. */
export const MAX_WINDOW_PERIODS = 366;

const WIB_OFFSET_MS = 7 * 3600_000;

/**
 * How many whole periods of `period` an ISO 8601 window spans (`P7D` on a daily theme → 7, `P2M` on a
 * monthly one → 2); null when the window does not fit the period (`P10D` on a weekly theme, any
 * window on a `none` theme) or is empty. Only whole periods: a sum over part of a period has no cell.
 */
export function windowPeriods(period: ThemePeriod, window: string | undefined): number | null {
  if (window === undefined) return 1;
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(window);
  if (!match || window === 'P') return null;
  const [years, months, weeks, days] = match.slice(1).map((value) => Number(value ?? 0));
  let count: number | null;
  switch (period) {
    case 'day':
      count = years || months ? null : weeks * 7 + days;
      break;
    case 'week':
      count = years || months || days % 7 ? null : weeks + days / 7;
      break;
    case 'month':
      count = weeks || days ? null : years * 12 + months;
      break;
    case 'quarter':
      count = weeks || days || months % 3 ? null : years * 4 + months / 3;
      break;
    case 'year':
      count = weeks || days || months % 12 ? null : years + months / 12;
      break;
    case 'none':
      count = null;
      break;
  }
  return count !== null && count >= 1 ? count : null;
}

/** The period `steps` periods after (before, when negative) `key`, on the WIB calendar. */
export function shiftPeriodKey(period: ThemePeriod, key: string, steps: number): string {
  if (period === 'none' || steps === 0) return key;
  const start = periodStart(period, key);
  if (!start) throw new Error(`Invalid ${period} period key ${key}`);
  const wib = new Date(start.getTime() + WIB_OFFSET_MS);
  const [y, m, d] = [wib.getUTCFullYear(), wib.getUTCMonth(), wib.getUTCDate()];
  const shifted =
    period === 'day' ? Date.UTC(y, m, d + steps)
    : period === 'week' ? Date.UTC(y, m, d + 7 * steps)
    : period === 'month' ? Date.UTC(y, m + steps, 1)
    : period === 'quarter' ? Date.UTC(y, m + 3 * steps, 1)
    : Date.UTC(y + steps, 0, 1);
  return periodKeyAt(period, new Date(shifted - WIB_OFFSET_MS));
}

/** Whether `value` crosses the rule's threshold; a value that cannot be computed (no denominator) never does. */
export function crosses(op: AlertOp, value: number | null, threshold: number): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  switch (op) {
    case 'gte':
      return value >= threshold;
    case 'gt':
      return value > threshold;
    case 'lte':
      return value <= threshold;
    case 'lt':
      return value < threshold;
  }
}
