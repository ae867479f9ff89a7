import type { ThemePeriod } from '../../../../schemas/theme-definition';
import { isValidPeriodKey, periodKeyAt } from '../submissions/period';
import { parseDate, Parsed } from './cell-values';

/** Noon WIB of a calendar day: inside that day whatever the period's granularity. */
const noonWib = (day: string) => new Date(`${day}T12:00:00+07:00`);

/**
 * The period key a row's `Periode` cell names: a key of the theme's granularity as it is (`2026-11`),
 * or a date (a date cell, `28/11/2026`, `2026-11-28`) whose period it is; a Kobo/ODK submission time
 * (`instant:` — an ISO time, UTC when it carries no zone, as Kobo's `_submission_time`) likewise.
 * Absent stays absent (the current period, as for POST).
 */
export function resolvePeriod(raw: string | undefined, period: ThemePeriod): Parsed<string | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (raw.startsWith('instant:')) {
    const text = raw.slice('instant:'.length);
    const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : `${text}Z`;
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(text) ? noonWib(text) : new Date(zoned);
    if (Number.isNaN(instant.getTime())) return { ok: false, message: `Waktu kiriman "${text}" tidak terbaca` };
    return { ok: true, value: periodKeyAt(period, instant) };
  }
  const text = raw.startsWith('date:') ? raw.slice('date:'.length) : raw;
  if (isValidPeriodKey(period, text)) return { ok: true, value: text };
  if (period === 'none') return { ok: true, value: text };
  const date = parseDate(text, 'Periode');
  if (date.ok) return { ok: true, value: periodKeyAt(period, noonWib(date.value)) };
  if (/^\d{4}(-|$)/.test(text)) return { ok: true, value: text };
  return date;
}
