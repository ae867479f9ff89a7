import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { dailyKelurahanTheme } from '../../support/themes';
import { KOTA_METRO, MARGODADI, MARGOREJO, METRO_SELATAN, REJOMULYO, SUMBERSARI_BANTUL } from '../../support/regions';
import { covidData, makeSubmission, postSubmission } from '../../support/submissions';

// harian-kelurahan (covid-harian per kelurahan) is due P1DT10H: 2026-11-21 10:00 WIB = 03:00 UTC. Everything below arrives now, late.
const DAY = '2026-11-20';

describe('completeness: a report counts from when it was filled on the device (filledAt)', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', METRO_SELATAN)).auth;
    await publishTheme(t, (await t.as('admin', KOTA_METRO)).auth, dailyKelurahanTheme());
    const kader = (await t.as('kader', METRO_SELATAN)).auth;
    const send = async (region: string, filledAt?: string) => {
      const body = makeSubmission(region, covidData(), { period: DAY, ...(filledAt && { filledAt }) });
      await postSubmission(t, kader, 'harian-kelurahan', body).expect(201);
      return body.id;
    };
    ids.offlineOnTime = await send(MARGOREJO, '2026-11-20T08:00:00+07:00');
    ids.claimedOutsidePeriod = await send(REJOMULYO, '2026-11-19T08:00:00+07:00');
    ids.noClaim = await send(MARGODADI);
    // Reminded at 08:00 about yesterday, filled at once in the field, sent when back in signal.
    ids.nextMorning = await send(SUMBERSARI_BANTUL, '2026-11-21T08:30:00+07:00');
  });
  afterAll(() => t.close());

  it('is on time when filled within the period and before the due time, though it arrived later', async () => {
    const response = await t.http().get('/api/themes/harian-kelurahan/completeness').query({ period: DAY }).set('Authorization', admin).expect(200);
    const status = Object.fromEntries((response.body.items as { regionCode: string; status: string }[]).map((item) => [item.regionCode, item.status]));
    expect(status[MARGOREJO]).toBe('on_time');
    // A time outside the period is not believed: it counts from when it arrived.
    expect(status[REJOMULYO]).toBe('late');
    expect(status[MARGODADI]).toBe('late');
  });

  it("is on time when yesterday's report was filled this morning before the deadline, though it arrived after it", async () => {
    const response = await t.http().get('/api/themes/harian-kelurahan/completeness').query({ period: DAY }).set('Authorization', admin).expect(200);
    const item = (response.body.items as { regionCode: string; status: string }[]).find((row) => row.regionCode === SUMBERSARI_BANTUL);
    expect(item?.status).toBe('on_time');
  });

  it('counts on time by filledAt in the history over time as well', async () => {
    const response = await t.http().get('/api/themes/harian-kelurahan/completeness/history').query({ from: DAY, to: DAY, region: METRO_SELATAN }).set('Authorization', admin).expect(200);
    // Margorejo (filled on the day) and Sumbersari Bantul (filled the next morning) are on time.
    expect(response.body.items[0]).toMatchObject({ periodKey: DAY, onTime: 2, late: 2 });
  });

  it('answers a retry that carries another filledAt as the same submission', async () => {
    const kader = (await t.as('kader', METRO_SELATAN)).auth;
    const body = makeSubmission(MARGODADI, covidData(5), { period: DAY, filledAt: '2026-11-20T09:00:00+07:00' });
    await postSubmission(t, kader, 'harian-kelurahan', body).expect(201);
    await postSubmission(t, kader, 'harian-kelurahan', { ...body, filledAt: undefined }).expect(200);
  });

  it('keeps the trusted time, and none that is not trusted', async () => {
    const rows = (await t.db.query(`SELECT id, filled_at, created_at FROM submission WHERE id = ANY($1::uuid[])`, [Object.values(ids)])) as {
      id: string;
      filled_at: Date | null;
      created_at: Date;
    }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids.offlineOnTime)?.filled_at?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(byId.get(ids.claimedOutsidePeriod)?.filled_at).toBeNull();
    expect(byId.get(ids.noClaim)?.filled_at).toBeNull();
  });
});
