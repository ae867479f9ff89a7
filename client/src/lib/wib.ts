/**
 * Time in Wakuncar is always Western Indonesia Time (WIB, Asia/Jakarta), whatever the phone's own clock
 * zone says. WIB is UTC+7 all year (no daylight saving), so calendar arithmetic is done on an instant
 * shifted by seven hours and read with the UTC getters.
 */
export const WIB_TIME_ZONE = 'Asia/Jakarta';
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'none';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The calendar date in WIB as `YYYY-MM-DD`. */
export function wibDate(instant: Date): string {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** `YYYY-MM-DDTHH:mm` of the instant in WIB (the value of a `datetime-local` input). */
export function wibDateTimeLocal(instant: Date): string {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  return `${wibDate(instant)}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

/** Reads `YYYY-MM-DDTHH:mm[:ss]` as a WIB wall-clock time; null when it is not one. */
export function parseWibDateTimeLocal(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  return Number.isNaN(utc) ? null : new Date(utc - WIB_OFFSET_MS);
}

/** An RFC 3339 date-time carrying the WIB offset, e.g. `2026-11-28T09:30:00+07:00`. */
export function toWibIsoString(instant: Date): string {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  return `${wibDate(instant)}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}+07:00`;
}

const WIB_OFFSET_MINUTES = WIB_OFFSET_MS / 60_000;
const MINUTES_PER_DAY = 24 * 60;
const RFC3339_TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?(?:(z)|([+-])([0-9]{2})(?::?([0-9]{2}))?)?$/i;

/** An RFC 3339 time of day (`09:30:00+07:00`, `02:30:00Z`) as WIB wall-clock `HH:mm`; null when it is not one. */
export function wibTimeOfDay(value: string): string | null {
  const match = RFC3339_TIME.exec(value);
  if (!match) return null;
  const [, hours, minutes, utc, sign, offsetHours, offsetMinutes = '0'] = match;
  // A time without a zone is read as WIB, the zone everything here is typed in.
  const offset = utc ? 0 : sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) : WIB_OFFSET_MINUTES;
  const wib = (((Number(hours) * 60 + Number(minutes) - offset + WIB_OFFSET_MINUTES) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${pad(Math.floor(wib / 60))}:${pad(wib % 60)}`;
}

/** Midnight WIB of a calendar date given as year, month (1-12), day, as a real instant. */
function wibMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - WIB_OFFSET_MS);
}

function isoWeek(year: number, month: number, day: number): { weekYear: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const firstDay = Date.UTC(weekYear, 0, 1);
  const week = Math.ceil(((date.getTime() - firstDay) / 86_400_000 + 1) / 7);
  return { weekYear, week };
}

/** The API's period key (`2026-11-28`, `2026-W48`, `2026-11`, `2026-Q4`, `2026`) for the instant, in WIB. */
export function periodKey(period: Period, instant: Date): string | null {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  switch (period) {
    case 'day':
      return `${year}-${pad(month)}-${pad(day)}`;
    case 'week': {
      const { weekYear, week } = isoWeek(year, month, day);
      return `${weekYear}-W${pad(week)}`;
    }
    case 'month':
      return `${year}-${pad(month)}`;
    case 'quarter':
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'year':
      return String(year);
    case 'none':
      return null;
  }
}

/** The instant a period starts (00:00 WIB of its first day); null for a key that does not parse. */
export function periodStart(period: Period, key: string): Date | null {
  let match: RegExpExecArray | null;
  switch (period) {
    case 'day':
      match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
      return match ? wibMidnight(Number(match[1]), Number(match[2]), Number(match[3])) : null;
    case 'week': {
      match = /^(\d{4})-W(\d{2})$/.exec(key);
      if (!match) return null;
      // ISO week 1 is the week holding 4 January.
      const fourth = new Date(Date.UTC(Number(match[1]), 0, 4));
      const mondayOfWeekOne = Date.UTC(Number(match[1]), 0, 4 - ((fourth.getUTCDay() || 7) - 1));
      return new Date(mondayOfWeekOne + (Number(match[2]) - 1) * 7 * 86_400_000 - WIB_OFFSET_MS);
    }
    case 'month':
      match = /^(\d{4})-(\d{2})$/.exec(key);
      return match ? wibMidnight(Number(match[1]), Number(match[2]), 1) : null;
    case 'quarter':
      match = /^(\d{4})-Q([1-4])$/.exec(key);
      return match ? wibMidnight(Number(match[1]), (Number(match[2]) - 1) * 3 + 1, 1) : null;
    case 'year':
      match = /^(\d{4})$/.exec(key);
      return match ? wibMidnight(Number(match[1]), 1, 1) : null;
    case 'none':
      return null;
  }
}

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Parses an ISO 8601 duration such as `P1DT10H`; null when it is not one. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** Adds a duration to an instant on the WIB calendar (months and years move the calendar date). */
export function addDuration(instant: Date, duration: IsoDuration): Date {
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  shifted.setUTCFullYear(shifted.getUTCFullYear() + duration.years, shifted.getUTCMonth() + duration.months);
  const milliseconds =
    ((duration.weeks * 7 + duration.days) * 24 * 3600 + duration.hours * 3600 + duration.minutes * 60 + duration.seconds) * 1000;
  return new Date(shifted.getTime() + milliseconds - WIB_OFFSET_MS);
}

const PERIOD_LENGTH: Record<Exclude<Period, 'none'>, IsoDuration> = {
  day: { years: 0, months: 0, weeks: 0, days: 1, hours: 0, minutes: 0, seconds: 0 },
  week: { years: 0, months: 0, weeks: 1, days: 0, hours: 0, minutes: 0, seconds: 0 },
  month: { years: 0, months: 1, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 },
  quarter: { years: 0, months: 3, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 },
  year: { years: 1, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 },
};

/** The key of the period just before `key`. */
export function previousPeriodKey(period: Period, key: string): string | null {
  const start = periodStart(period, key);
  if (!start) return null;
  return periodKey(period, new Date(start.getTime() - 1));
}

/**
 * When a period's submission is due: `dueAfter` after the period starts, or the end of the period
 * when the theme sets no due rule.
 */
export function dueAt(period: Period, key: string, dueAfter?: string | null): Date | null {
  if (period === 'none') return null;
  const start = periodStart(period, key);
  if (!start) return null;
  const duration = (dueAfter ? parseIsoDuration(dueAfter) : null) ?? PERIOD_LENGTH[period];
  return addDuration(start, duration);
}

const localeOf = (language: string): string => (language.startsWith('en') ? 'en-GB' : 'id-ID');

// Building an Intl.DateTimeFormat with a time zone costs tens of milliseconds on a slow phone: each
// formatter is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${localeOf(language)}|${JSON.stringify(options)}`;
  let built = formatters.get(key);
  if (!built) {
    built = new Intl.DateTimeFormat(localeOf(language), options);
    formatters.set(key, built);
  }
  return built;
}

const SHORT_MONTHS = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
};

/**
 * `28 Nov 2026, 09.30 WIB` (`28 Nov 2026, 09:30 WIB` in English) — every time shown to a person goes
 * through here. Written out by hand, as Intl writes it for id-ID and en-GB: WIB is a fixed offset, and
 * the first Intl.DateTimeFormat with a time zone costs ~70 ms on a slow phone, paid when a form
 * reopens with its draft ("saved at …").
 */
export function formatDateTime(value: string | Date, language: string): string {
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) return String(value);
  const shifted = new Date(instant.getTime() + WIB_OFFSET_MS);
  const english = language.startsWith('en');
  const month = (english ? SHORT_MONTHS.en : SHORT_MONTHS.id)[shifted.getUTCMonth()];
  const time = `${pad(shifted.getUTCHours())}${english ? ':' : '.'}${pad(shifted.getUTCMinutes())}`;
  return `${shifted.getUTCDate()} ${month} ${shifted.getUTCFullYear()}, ${time} WIB`;
}

/** A calendar date (`YYYY-MM-DD`) written out, e.g. `Sabtu, 28 November 2026`. */
export function formatDate(date: string, language: string, withWeekday = true): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const instant = wibMidnight(Number(match[1]), Number(match[2]), Number(match[3]));
  return formatter(language, {
    timeZone: WIB_TIME_ZONE,
    weekday: withWeekday ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(instant);
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Which period a key belongs to, read from its spelling (`2026-11-28`, `2026-W48`, `2026-11`, `2026-Q4`, `2026`). */
export function periodOfKey(key: string): Period {
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return 'day';
  if (/^\d{4}-W\d{2}$/.test(key)) return 'week';
  if (/^\d{4}-\d{2}$/.test(key)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^\d{4}$/.test(key)) return 'year';
  return 'none';
}

/** A period key for people: `November 2026`, `Minggu ke-48, 2026`, `Triwulan IV 2026`. */
export function formatPeriod(period: Period, key: string, language: string): string {
  const english = language.startsWith('en');
  let match: RegExpExecArray | null;
  switch (period) {
    case 'day':
      return formatDate(key, language);
    case 'week':
      match = /^(\d{4})-W(\d{2})$/.exec(key);
      if (!match) return key;
      return english ? `Week ${Number(match[2])}, ${match[1]}` : `Minggu ke-${Number(match[2])}, ${match[1]}`;
    case 'month': {
      const start = periodStart('month', key);
      if (!start) return key;
      return formatter(language, { timeZone: WIB_TIME_ZONE, month: 'long', year: 'numeric' }).format(start);
    }
    case 'quarter':
      match = /^(\d{4})-Q([1-4])$/.exec(key);
      if (!match) return key;
      return english ? `Q${match[2]} ${match[1]}` : `Triwulan ${ROMAN[Number(match[2]) - 1]} ${match[1]}`;
    case 'year':
    case 'none':
      return key;
  }
}
