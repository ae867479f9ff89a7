import { RemindersService } from '../../../server/src/modules/reminders/reminders.service';
import { REJOMULYO, REJOMULYO_RTS } from '../../support/regions';
import { createTestApp, TestApp, themeIdOf } from '../../support/test-app';

// covid-harian is a daily report per RT due P1DT10H: the report for a day is owed by 10:00 WIB the next day.
describe('a scheduled reminder asks about the period that is due', () => {
  let t: TestApp;
  let themeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.as('kader', REJOMULYO);
    themeId = await themeIdOf(t, 'covid-harian');
  });
  afterAll(() => t.close());

  it('the daily 08:00 reminder asks about yesterday, and its notification names yesterday', async () => {
    const reminders = t.app.get(RemindersService);
    // 2026-11-21 08:00 WIB; a scheduled run carries no period.
    const outcome = await reminders.run(themeId, 'kader-pagi', undefined, REJOMULYO, new Date('2026-11-21T01:00:00Z'));
    // Every RT of Rejomulyo still owes its report.
    expect(outcome).toMatchObject({ periodKey: '2026-11-20', missing: REJOMULYO_RTS.length });
    const rows = (await t.db.query(`SELECT DISTINCT period_key FROM notification WHERE reminder_key = 'kader-pagi'`)) as { period_key: string }[];
    expect(rows.map((row) => row.period_key)).toEqual(['2026-11-20']);
  });

  it('the 10:30 "still missing" reminder asks about yesterday too, the day whose deadline just passed', async () => {
    const outcome = await t.app.get(RemindersService).run(themeId, 'admin-terlambat', undefined, REJOMULYO, new Date('2026-11-21T03:30:00Z'));
    expect(outcome?.periodKey).toBe('2026-11-20');
  });
});
