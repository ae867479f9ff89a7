import { periodKey, periodStart, type Period } from '../../../lib/wib';

const ORDER: Period[] = ['day', 'week', 'month', 'quarter', 'year'];
const NEXT_START: Record<Exclude<Period, 'none'>, (start: Date) => Date> = {
  day: (start) => new Date(start.getTime() + 86_400_000),
  week: (start) => new Date(start.getTime() + 7 * 86_400_000),
  month: (start) => monthsLater(start, 1),
  quarter: (start) => monthsLater(start, 3),
  year: (start) => monthsLater(start, 12),
};

// Period starts are WIB midnights (17:00 UTC the day before): shift to read the WIB calendar.
function monthsLater(start: Date, months: number): Date {
  const shifted = new Date(start.getTime() + 7 * 3600_000);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  return new Date(shifted.getTime() - 7 * 3600_000);
}

/** Which of the theme's own periods the panel reports on, and the range its chart covers. */
export interface CompletenessPeriods {
  /** The theme's own period key the counts are for. */
  key: string;
  /** True when the dashboard reads a coarser period than the theme's (a month of a daily theme). */
  coarser: boolean;
  /** First period of the chart; null: the twelve periods up to `key`. */
  from: string | null;
}

/**
 * Completeness exists only in the theme's own period. Read by a coarser one, the panel shows its last
 * own period that has started (the month's last day, or today in the current month) and charts every
 * own period of the chosen one.
 */
export function completenessPeriods(themePeriod: Period, granularity: Period, key: string, now = new Date()): CompletenessPeriods | null {
  if (themePeriod === 'none') return null;
  if (granularity === themePeriod || ORDER.indexOf(granularity) < ORDER.indexOf(themePeriod) || granularity === 'none') {
    const start = periodStart(granularity, key);
    const own = granularity === themePeriod ? key : start ? periodKey(themePeriod, start) : null;
    return own ? { key: own, coarser: false, from: null } : null;
  }
  const start = periodStart(granularity, key);
  if (!start) return null;
  const end = new Date(Math.min(NEXT_START[granularity](start).getTime() - 1, now.getTime()));
  const last = periodKey(themePeriod, end < start ? start : end);
  const first = periodKey(themePeriod, start);
  return last && first ? { key: last, coarser: true, from: first } : null;
}
