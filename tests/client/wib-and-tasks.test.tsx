import { dueAt, formatDateTime, parseWibDateTimeLocal, periodKey, previousPeriodKey, toWibIsoString, wibDate } from '../../client/src/lib/wib';
import { countedSubmittedAt, regionsAtLevel, taskStatus } from '../../client/src/features/tasks/task-status';
import type { Region } from '../../client/src/api/types';
import { newUuid } from '../../client/src/lib/uuid';

describe('WIB time', () => {
  it('puts 23:30 UTC on the next calendar day, as a cadre in Metro sees it', () => {
    const instant = new Date('2026-11-27T23:30:00Z');
    expect(wibDate(instant)).toBe('2026-11-28');
    expect(periodKey('day', instant)).toBe('2026-11-28');
    expect(periodKey('week', instant)).toBe('2026-W48');
    expect(periodKey('month', new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(periodKey('quarter', instant)).toBe('2026-Q4');
    expect(periodKey('year', new Date('2026-12-31T17:00:00Z'))).toBe('2027');
  });

  it('uses ISO weeks across the year boundary', () => {
    expect(periodKey('week', new Date('2027-01-01T05:00:00Z'))).toBe('2026-W53');
    expect(previousPeriodKey('week', '2027-W01')).toBe('2026-W53');
    expect(previousPeriodKey('day', '2026-03-01')).toBe('2026-02-28');
    expect(previousPeriodKey('quarter', '2026-Q1')).toBe('2025-Q4');
  });

  it('computes due times from dueAfter in WIB (P1DT10H = 10:00 WIB the next day)', () => {
    expect(dueAt('day', '2026-11-28', 'P1DT10H')?.toISOString()).toBe('2026-11-29T03:00:00.000Z');
    expect(dueAt('month', '2026-11', 'P5D')?.toISOString()).toBe('2026-11-05T17:00:00.000Z');
    expect(dueAt('month', '2026-11', null)?.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(dueAt('none', 'all', 'P1D')).toBeNull();
  });

  it('reads and writes wall-clock WIB times whatever the device zone', () => {
    const parsed = parseWibDateTimeLocal('2026-11-28T09:30');
    expect(parsed?.toISOString()).toBe('2026-11-28T02:30:00.000Z');
    expect(toWibIsoString(parsed as Date)).toBe('2026-11-28T09:30:00+07:00');
    expect(formatDateTime('2026-11-28T02:30:00Z', 'id')).toBe('28 Nov 2026, 09.30 WIB');
    expect(formatDateTime('2026-09-04T19:03:00Z', 'en')).toBe('5 Sept 2026, 02:03 WIB');
  });

  it('writes times as Intl does for id-ID and en-GB in Asia/Jakarta, over every month and hour', () => {
    const options = { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' } as const;
    const intl = { id: new Intl.DateTimeFormat('id-ID', options), en: new Intl.DateTimeFormat('en-GB', options) };
    // Every 7 h 13 min over two years: each month, each hour, the turn of a day and of a year in WIB.
    for (let time = Date.UTC(2025, 11, 1); time < Date.UTC(2027, 11, 1); time += (7 * 60 + 13) * 60 * 1000) {
      const instant = new Date(time);
      expect(formatDateTime(instant, 'id')).toBe(`${intl.id.format(instant)} WIB`);
      expect(formatDateTime(instant, 'en')).toBe(`${intl.en.format(instant)} WIB`);
    }
  });
});

describe('task states', () => {
  const base = { period: 'day' as const, periodKey: '2026-11-28', dueAfter: 'P1DT10H', queued: false };

  it('is belum before the due time and terlambat after it', () => {
    expect(taskStatus({ ...base, submittedAt: [], now: new Date('2026-11-29T02:59:00Z') }).state).toBe('pending');
    expect(taskStatus({ ...base, submittedAt: [], now: new Date('2026-11-29T03:01:00Z') }).state).toBe('late');
  });

  it('is sudah once sent, noting a late send, and counts a queued submission as sent', () => {
    const late = taskStatus({ ...base, submittedAt: ['2026-11-29T04:00:00Z'], now: new Date('2026-11-29T05:00:00Z') });
    expect(late).toMatchObject({ state: 'done', sentLate: true });
    const queued = taskStatus({ ...base, submittedAt: [], queued: true, now: new Date('2026-11-30T00:00:00Z') });
    expect(queued).toMatchObject({ state: 'done', queued: true });
  });

  it('counts a rejected report as not sent, as the server does: the task is late again', () => {
    const submissions = [{ status: 'rejected', createdAt: '2026-11-29T01:00:00Z' }];
    const status = taskStatus({ ...base, submittedAt: countedSubmittedAt(submissions), now: new Date('2026-11-29T05:00:00Z') });
    expect(status.state).toBe('late');
    const resent = [...submissions, { status: 'submitted', createdAt: '2026-11-29T04:00:00Z' }];
    expect(taskStatus({ ...base, submittedAt: countedSubmittedAt(resent), now: new Date('2026-11-29T05:00:00Z') })).toMatchObject({ state: 'done', sentLate: true });
  });

  it('has no due time for themes without a period', () => {
    expect(taskStatus({ ...base, period: 'none', periodKey: null, submittedAt: [], now: new Date() }).state).toBe('open');
  });
});

describe('regions at a level', () => {
  const region = (code: string, level: Region['level'], parentCode: string | null): Region => ({ code, name: code, level, parentCode });
  const tree: Record<string, Region[]> = {
    K: [region('K.1', 'rw', 'K'), region('K.2', 'rw', 'K')],
    'K.1': [region('K.1.1', 'rt', 'K.1'), region('K.1.2', 'rt', 'K.1')],
    'K.2': [region('K.2.1', 'rt', 'K.2')],
  };
  const load = async (code: string): Promise<Region[]> => tree[code] ?? [];

  it('walks down the subtree to the theme level', async () => {
    const found = await regionsAtLevel(region('K', 'kelurahan', 'C'), 'rt', load);
    expect(found.map((entry) => entry.code)).toEqual(['K.1.1', 'K.1.2', 'K.2.1']);
  });

  it('names a repeated RT name with its RW, so RT 01 of RW 01 and of RW 02 can be told apart', async () => {
    const named = (code: string, name: string, level: Region['level'], parentCode: string): Region => ({ code, name, level, parentCode });
    const rejomulyo: Record<string, Region[]> = {
      K: [named('K.1', 'RW 01', 'rw', 'K'), named('K.2', 'RW 02', 'rw', 'K')],
      'K.1': [named('K.1.1', 'RT 01', 'rt', 'K.1'), named('K.1.2', 'RT 02', 'rt', 'K.1'), named('K.1.3', 'RT 03', 'rt', 'K.1')],
      'K.2': [named('K.2.1', 'RT 01', 'rt', 'K.2')],
    };
    const found = await regionsAtLevel(named('K', 'Rejomulyo', 'kelurahan', 'C'), 'rt', async (code) => rejomulyo[code] ?? []);
    expect(found.map((entry) => `${entry.code} ${entry.name}`)).toEqual(['K.1.1 RW 01 · RT 01', 'K.1.2 RT 02', 'K.1.3 RT 03', 'K.2.1 RW 02 · RT 01']);
  });

  it('answers the root itself at its own level and nothing above it', async () => {
    expect(await regionsAtLevel(region('K', 'kelurahan', 'C'), 'kelurahan', load)).toHaveLength(1);
    expect(await regionsAtLevel(region('K', 'kelurahan', 'C'), 'kecamatan', load)).toEqual([]);
  });
});

describe('submission ids', () => {
  it('are lowercase version 4 UUIDs even where crypto.randomUUID is missing (plain HTTP on a LAN)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newUuid()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
