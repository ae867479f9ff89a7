import { duePeriodKey } from '../../../server/src/modules/completeness/completeness.service';
import type { ThemeDefinition } from '../../../schemas/theme-definition';

const theme = (period: ThemeDefinition['period'], dueAfter?: string) => ({ period, ...(dueAfter && { dueAfter }) }) as ThemeDefinition;

describe('the period a reminder asks about', () => {
  it('is yesterday for a daily report due 10:00 the next day, before and after that deadline', () => {
    expect(duePeriodKey(theme('day', 'P1DT10H'), new Date('2026-11-21T01:00:00Z'))).toBe('2026-11-20'); // 08:00 WIB
    expect(duePeriodKey(theme('day', 'P1DT10H'), new Date('2026-11-21T03:30:00Z'))).toBe('2026-11-20'); // 10:30 WIB
    expect(duePeriodKey(theme('day', 'P1DT10H'), new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-20'); // 00:00 WIB
  });

  it('is the current period when the deadline falls within it or at its end', () => {
    expect(duePeriodKey(theme('day'), new Date('2026-11-21T13:00:00Z'))).toBe('2026-11-21');
    expect(duePeriodKey(theme('month', 'P5D'), new Date('2026-11-02T01:00:00Z'))).toBe('2026-11');
    expect(duePeriodKey(theme('month', 'P1M'), new Date('2026-11-02T01:00:00Z'))).toBe('2026-11');
  });

  it('is last month for a monthly report due ten days into the next month', () => {
    expect(duePeriodKey(theme('month', 'P1M10D'), new Date('2026-12-03T01:00:00Z'))).toBe('2026-11');
  });

  it('is "all" for a theme without periods', () => {
    expect(duePeriodKey(theme('none'), new Date('2026-11-21T01:00:00Z'))).toBe('all');
  });
});
