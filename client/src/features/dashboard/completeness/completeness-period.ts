import { dueAt, periodKey, periodStart, type Period } from '../../../lib/wib';

const ORDER: Period[] = ['day', 'week', 'month', 'quarter', 'year'];
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
  // Without a due rule a period is due when it ends: where the next one starts.
  const nextStart = dueAt(granularity, key);
  if (!start || !nextStart) return null;
  const end = new Date(Math.min(nextStart.getTime() - 1, now.getTime()));
  const last = periodKey(themePeriod, end < start ? start : end);
  const first = periodKey(themePeriod, start);
  return last && first ? { key: last, coarser: true, from: first } : null;
}
