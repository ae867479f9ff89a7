import { addDuration, ALL_PERIODS, isValidPeriodKey, periodKeyAt, periodStart, trustedFilledAt } from '../../../server/src/modules/submissions/period';
import type { ThemePeriod } from '../../../schemas/theme-definition';

const at = (iso: string) => new Date(iso);

describe('periodKeyAt (Asia/Jakarta, UTC+7)', () => {
  it.each([
    ['2026-11-28T16:59:59.999Z', '2026-11-28'],
    ['2026-11-28T17:00:00.000Z', '2026-11-29'],
    ['2026-11-28T23:30:00.000Z', '2026-11-29'],
    ['2026-11-28T00:00:00.000Z', '2026-11-28'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2024-02-28T17:00:00.000Z', '2024-02-29'],
  ])('day: %s → %s', (instant, key) => {
    expect(periodKeyAt('day', at(instant))).toBe(key);
  });

  it.each([
    // 2026 starts on a Thursday: it has an ISO week 53, which runs into January 2027.
    ['2026-12-31T05:00:00Z', '2026-W53'],
    ['2027-01-03T16:59:59Z', '2026-W53'], // Sunday 23:59:59 WIB
    ['2027-01-03T17:00:00Z', '2027-W01'], // Monday 00:00 WIB
    // 2020 (a leap year starting on a Wednesday) has a week 53 too.
    ['2020-12-31T05:00:00Z', '2020-W53'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2021-01-03T17:00:00Z', '2021-W01'],
    // The first days of January can belong to the previous year's last week, and late December to the next year's first.
    ['2027-12-31T05:00:00Z', '2027-W52'],
    ['2024-12-29T17:00:00Z', '2025-W01'],
    ['2026-11-28T05:00:00Z', '2026-W48'],
    ['2026-01-01T05:00:00Z', '2026-W01'],
  ])('week: %s → %s', (instant, key) => {
    expect(periodKeyAt('week', at(instant))).toBe(key);
  });

  it.each([
    ['month', '2026-11-30T16:59:59Z', '2026-11'],
    ['month', '2026-11-30T17:00:00Z', '2026-12'],
    ['quarter', '2026-09-30T16:59:59Z', '2026-Q3'],
    ['quarter', '2026-09-30T17:00:00Z', '2026-Q4'],
    ['quarter', '2026-03-31T17:00:00Z', '2026-Q2'],
    ['year', '2026-12-31T16:59:59Z', '2026'],
    ['year', '2026-12-31T17:00:00Z', '2027'],
    ['none', '2026-12-31T17:00:00Z', ALL_PERIODS],
  ] as [ThemePeriod, string, string][])('%s: %s → %s', (period, instant, key) => {
    expect(periodKeyAt(period, at(instant))).toBe(key);
  });
});

describe('periodStart: 00:00 WIB of the first day', () => {
  it.each([
    ['day', '2026-11-29', '2026-11-28T17:00:00.000Z'],
    ['day', '2024-02-29', '2024-02-28T17:00:00.000Z'],
    ['week', '2026-W01', '2025-12-28T17:00:00.000Z'],
    ['week', '2026-W48', '2026-11-22T17:00:00.000Z'],
    ['week', '2026-W53', '2026-12-27T17:00:00.000Z'],
    ['week', '2020-W53', '2020-12-27T17:00:00.000Z'],
    ['week', '2025-W01', '2024-12-29T17:00:00.000Z'],
    ['month', '2026-12', '2026-11-30T17:00:00.000Z'],
    ['month', '2026-01', '2025-12-31T17:00:00.000Z'],
    ['quarter', '2026-Q4', '2026-09-30T17:00:00.000Z'],
    ['quarter', '2026-Q1', '2025-12-31T17:00:00.000Z'],
    ['year', '2027', '2026-12-31T17:00:00.000Z'],
  ] as [ThemePeriod, string, string][])('%s %s starts at %s', (period, key, start) => {
    expect(periodStart(period, key)?.toISOString()).toBe(start);
  });

  it.each([
    ['day', '2026-02-29'],
    ['day', '2026-13-01'],
    ['day', '2026-00-10'],
    ['day', '2026-11-31'],
    ['day', '2026-11-00'],
    ['day', '2026-1-5'],
    ['day', '28-11-2026'],
    ['day', '2026-11-28T00:00'],
    ['week', '2027-W53'], // 2027 has 52 weeks
    ['week', '2026-W54'],
    ['week', '2026-W00'],
    ['week', '2026-W1'],
    ['month', '2026-13'],
    ['month', '2026-00'],
    ['quarter', '2026-Q0'],
    ['quarter', '2026-Q5'],
    ['year', '26'],
    ['year', '2026-01'],
    ['none', '2026'],
  ] as [ThemePeriod, string][])('%s %s is malformed', (period, key) => {
    expect(periodStart(period, key)).toBeNull();
    expect(isValidPeriodKey(period, key)).toBe(false);
  });

  it('gives the single period of a `none` theme', () => {
    expect(isValidPeriodKey('none', ALL_PERIODS)).toBe(true);
  });

  it.each(['day', 'week', 'month', 'quarter', 'year'] as ThemePeriod[])('round-trips %s keys: the start of the period holding an instant holds it', (period) => {
    for (let time = Date.UTC(2019, 11, 20); time < Date.UTC(2028, 0, 10); time += 13 * 3600_000 + 7 * 60_000) {
      const instant = new Date(time);
      const key = periodKeyAt(period, instant);
      const start = periodStart(period, key);
      expect(start).not.toBeNull();
      expect(start!.getTime()).toBeLessThanOrEqual(time);
      expect(periodKeyAt(period, start!)).toBe(key);
      // One millisecond before the start is the previous period.
      expect(periodKeyAt(period, new Date(start!.getTime() - 1))).not.toBe(key);
    }
  });
});

describe('addDuration (on the WIB calendar)', () => {
  it('P1DT10H from the start of a day is 10:00 WIB the next day', () => {
    expect(addDuration(periodStart('day', '2026-11-28')!, 'P1DT10H')?.toISOString()).toBe('2026-11-29T03:00:00.000Z');
  });

  it.each([
    ['month', '2026-01', 'P1M', '2026-01-31T17:00:00.000Z'],
    ['month', '2026-12', 'P1M', '2026-12-31T17:00:00.000Z'],
    ['month', '2026-11', 'P5D', '2026-11-05T17:00:00.000Z'],
    ['week', '2026-W53', 'P1W', '2027-01-03T17:00:00.000Z'],
    ['year', '2026', 'P1Y', '2026-12-31T17:00:00.000Z'],
    ['day', '2026-11-28', 'PT23H59M59S', '2026-11-28T16:59:59.000Z'],
    ['quarter', '2026-Q4', 'P3M', '2026-12-31T17:00:00.000Z'],
  ] as [ThemePeriod, string, string, string][])('%s %s + %s = %s', (period, key, duration, due) => {
    expect(addDuration(periodStart(period, key)!, duration)?.toISOString()).toBe(due);
  });

  it.each(['', 'P', 'PT', 'P1DT', '1D', 'P1H', 'P-1D', 'P1.5D', 'p1d'])('refuses the malformed duration "%s"', (duration) => {
    expect(addDuration(periodStart('day', '2026-11-28')!, duration)).toBeNull();
  });
});

describe('trustedFilledAt', () => {
  const received = new Date('2026-11-28T05:00:00Z'); // 12:00 WIB

  it('believes a time inside the period, never later than the server received it', () => {
    expect(trustedFilledAt('day', '2026-11-28', '2026-11-28T08:00:00+07:00', received)).toEqual(new Date('2026-11-28T01:00:00Z'));
    expect(trustedFilledAt('day', '2026-11-28', '2026-11-28T20:00:00+07:00', received)).toEqual(received);
  });

  it('does not believe a time before the period began, or none', () => {
    expect(trustedFilledAt('day', '2026-11-28', '2026-11-27T23:59:00+07:00', received)).toBeNull();
    expect(trustedFilledAt('month', '2026-11', '2026-10-31T23:59:00+07:00', received)).toBeNull();
    expect(trustedFilledAt('day', '2026-11-28', undefined, received)).toBeNull();
  });

  it("believes yesterday's report filled this morning, before its deadline, though it arrives later", () => {
    const arrivedAtNoon = new Date('2026-11-29T05:00:00Z'); // 12:00 WIB, after the 10:00 deadline
    expect(trustedFilledAt('day', '2026-11-28', '2026-11-29T08:00:00+07:00', arrivedAtNoon)).toEqual(new Date('2026-11-29T01:00:00Z'));
    // A device clock ahead of the server is never believed past the moment the report arrived.
    expect(trustedFilledAt('month', '2026-11', '2026-12-01T00:00:00+07:00', received)).toEqual(received);
  });

  it('takes any earlier time for a theme without periods', () => {
    expect(trustedFilledAt('none', 'all', '2025-01-01T00:00:00Z', received)).toEqual(new Date('2025-01-01T00:00:00Z'));
  });
});
