import { crosses, shiftPeriodKey, windowPeriods } from '../../../server/src/modules/alerts/alert-window';
import { isAbsenceRule, lastDuePeriod } from '../../../server/src/modules/alerts/alerts.service';
import { loadBuiltIn } from '../../support/themes';

describe('alert windows', () => {
  it('counts whole periods of the theme, and refuses a window that does not fit', () => {
    expect(windowPeriods('day', 'P7D')).toBe(7);
    expect(windowPeriods('day', 'P2W')).toBe(14);
    expect(windowPeriods('day', undefined)).toBe(1);
    expect(windowPeriods('day', 'P1M')).toBeNull();
    expect(windowPeriods('week', 'P14D')).toBe(2);
    expect(windowPeriods('week', 'P10D')).toBeNull();
    expect(windowPeriods('month', 'P2M')).toBe(2);
    expect(windowPeriods('month', 'P1Y')).toBe(12);
    expect(windowPeriods('month', 'P30D')).toBeNull();
    expect(windowPeriods('quarter', 'P6M')).toBe(2);
    expect(windowPeriods('quarter', 'P4M')).toBeNull();
    expect(windowPeriods('year', 'P2Y')).toBe(2);
    expect(windowPeriods('none', 'P1D')).toBeNull();
    expect(windowPeriods('day', 'P0D')).toBeNull();
  });

  it('steps period keys on the WIB calendar, across months and years', () => {
    expect(shiftPeriodKey('day', '2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftPeriodKey('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftPeriodKey('week', '2026-W01', -1)).toBe('2025-W52');
    expect(shiftPeriodKey('month', '2026-01', -2)).toBe('2025-11');
    expect(shiftPeriodKey('quarter', '2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftPeriodKey('year', '2026', 3)).toBe('2029');
  });

  it('crosses by the rule’s comparison; a value that cannot be computed never crosses', () => {
    expect(crosses('gte', 5, 5)).toBe(true);
    expect(crosses('gt', 5, 5)).toBe(false);
    expect(crosses('lte', 0, 0)).toBe(true);
    expect(crosses('lt', 0, 0)).toBe(false);
    expect(crosses('gte', null, 0)).toBe(false);
  });

  it('judges absence only once a period is due', () => {
    const posyandu = loadBuiltIn('posyandu');
    // Due 10 days after the month ends: on 6 December the last month that is due is October.
    expect(lastDuePeriod(posyandu, new Date('2026-12-06T03:00:00Z'))).toBe('2026-10');
    expect(lastDuePeriod(posyandu, new Date('2026-12-11T03:00:00Z'))).toBe('2026-11');
    const covid = loadBuiltIn('covid-harian');
    expect(lastDuePeriod(covid, new Date('2026-12-06T04:00:00Z'))).toBe('2026-12-05');
    expect(isAbsenceRule(posyandu, { key: 'x', title: 'x', measure: 'laporan_masuk', level: 'kelurahan', op: 'lte', threshold: 0, window: 'P2M', audience: 'admin' })).toBe(true);
    expect(isAbsenceRule(covid, { key: 'x', title: 'x', measure: 'konfirmasi_baru', level: 'kelurahan', op: 'gte', threshold: 5, window: 'P7D', audience: 'admin' })).toBe(false);
  });
});
