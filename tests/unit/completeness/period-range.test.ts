import { periodKeyBefore, periodKeysBetween } from '../../../server/src/modules/completeness/period-range';

describe('period ranges of the rate over time', () => {
  it('lists every period between two keys, across month and year ends', () => {
    expect(periodKeysBetween('day', '2026-02-27', '2026-03-02', 10)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(periodKeysBetween('week', '2026-W52', '2027-W02', 10)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
    expect(periodKeysBetween('quarter', '2026-Q3', '2027-Q1', 10)).toEqual(['2026-Q3', '2026-Q4', '2027-Q1']);
  });

  it('answers nothing for a reversed range and null past the limit', () => {
    expect(periodKeysBetween('month', '2026-11', '2026-10', 10)).toEqual([]);
    expect(periodKeysBetween('month', '2026-01', '2026-12', 11)).toBeNull();
    expect(periodKeysBetween('month', '2026-01', '2026-12', 12)).toHaveLength(12);
  });

  it('counts back whole periods', () => {
    expect(periodKeyBefore('day', '2026-03-01', 1)).toBe('2026-02-28');
    expect(periodKeyBefore('month', '2026-11', 11)).toBe('2025-12');
    expect(periodKeyBefore('week', '2027-W01', 0)).toBe('2027-W01');
  });
});
