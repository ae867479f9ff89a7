/**
 * Calendar dates as the forms store them (`YYYY-MM-DD`, the JSON Schema `date` format), read as whole
 * days so a calculation never depends on the device's time zone. A `date-time` counts by its date part.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const DAY_MS = 86_400_000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  /** Days since 1970-01-01. */
  epochDay: number;
}

export function parseDate(value: unknown): CalendarDate | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  // 2026-02-30 is not a day: Date.UTC would roll it over into March.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, epochDay: Math.round(time / DAY_MS) };
}

/** `to − from` in days (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return to.epochDay - from.epochDay;
}

/** Whole months from `from` to `to`, as an age in completed months is counted (negative when earlier). */
export function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  if (to.epochDay < from.epochDay) return 0 - monthsBetween(to, from) || 0;
  const months = (to.year - from.year) * 12 + (to.month - from.month);
  return to.day < from.day ? months - 1 : months;
}
