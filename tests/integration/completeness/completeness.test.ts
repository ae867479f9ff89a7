import { Pipeline, startPipeline } from '../../support/pipeline';
import { covidData, submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { dailyKelurahanTheme } from '../../support/themes';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, MARGODADI, MARGOREJO, METRO_BARAT, METRO_PUSAT, METRO_SELATAN, METRO_TIMUR, METRO_UTARA, MULYOJATI, REJOMULYO, REJOMULYO_RTS, REJOMULYO_RW_01, REJOMULYO_RW_01_RT_02, REJOMULYO_RW_02_RT_01, SUMBERSARI_BANTUL } from '../../support/regions';

interface Item {
  regionCode: string;
  regionName: string;
  level: string;
  status: 'on_time' | 'late' | 'missing';
  submittedAt: string | null;
  expected?: number;
  rate?: number;
}

const DAY = '2026-11-20'; // harian-kelurahan (covid-harian per kelurahan) is due P1DT10H: 2026-11-21 10:00 WIB = 03:00 UTC
const covid = { suspek: 0, konfirmasi_baru: 1, sembuh: 0, meninggal: 0, isolasi_mandiri: 0 };

describe('completeness', () => {
  let p: Pipeline;
  let admin: string;
  let opd: string;

  async function report(query: Record<string, string>, auth = admin) {
    const response = await p.t.http().get('/api/themes/harian-kelurahan/completeness').query(query).set('Authorization', auth);
    if (response.status !== 200) throw new Error(`completeness answered ${response.status}: ${response.text}`);
    return response.body as { periodKey: string; dueAt: string; items: Item[]; rollup: { regionCode: string; level: string; expected: number; onTime: number; late: number; missing: number; rate: number; onTimeRate: number }[] };
  }

  beforeAll(async () => {
    p = await startPipeline({}, { worker: false });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    opd = (await p.t.as('opd', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, dailyKelurahanTheme());
    const onTime = await submit(p.t, admin, 'harian-kelurahan', KELURAHAN_METRO, DAY, covid);
    const justInTime = await submit(p.t, admin, 'harian-kelurahan', HADIMULYO_TIMUR, DAY, covid);
    await submit(p.t, admin, 'harian-kelurahan', BANJARSARI, DAY, covid); // now: late
    const rejected = await submit(p.t, admin, 'harian-kelurahan', MULYOJATI, DAY, covid);
    await p.t.http().post(`/api/submissions/${rejected}/review`).set('Authorization', admin).send({ status: 'rejected' }).expect(200);
    await p.t.db.query(`UPDATE submission SET created_at = '2026-11-20T05:00:00Z' WHERE id = $1`, [onTime]);
    await p.t.db.query(`UPDATE submission SET created_at = '2026-11-21T02:59:59Z' WHERE id = $1`, [justInTime]);
  });
  afterAll(() => p.close());

  it('says on_time, late or missing for every kelurahan of the period, with the deadline in WIB', async () => {
    const body = await report({ period: DAY });
    expect(body.periodKey).toBe(DAY);
    expect(body.dueAt).toBe('2026-11-21T03:00:00.000Z');
    expect(body.items).toHaveLength(22);
    const status = Object.fromEntries(body.items.map((item) => [item.regionCode, item.status]));
    expect(status[KELURAHAN_METRO]).toBe('on_time');
    expect(status[HADIMULYO_TIMUR]).toBe('on_time');
    expect(status[BANJARSARI]).toBe('late');
    expect(status[MULYOJATI]).toBe('missing'); // rejected does not count
    expect(body.items.filter((item) => item.status === 'missing')).toHaveLength(19);
    expect(body.items.find((item) => item.regionCode === KELURAHAN_METRO)).toEqual({
      regionCode: KELURAHAN_METRO,
      regionName: 'Metro',
      level: 'kelurahan',
      status: 'on_time',
      submittedAt: '2026-11-20T05:00:00.000Z',
    });
  });

  it('rolls the rate up per parent region', async () => {
    const { rollup } = await report({ period: DAY }, opd);
    const kecamatan = rollup.find((r) => r.regionCode === METRO_PUSAT)!;
    expect(kecamatan).toEqual(expect.objectContaining({ level: 'kecamatan', expected: 5, onTime: 2, late: 0, missing: 3, rate: 0.4, onTimeRate: 0.4 }));
    const kota = rollup.find((r) => r.regionCode === KOTA_METRO)!;
    expect(kota).toEqual(expect.objectContaining({ level: 'kota', expected: 22, onTime: 2, late: 1, missing: 19 }));
    expect(kota.rate).toBeCloseTo(3 / 22, 12);
    expect(rollup.filter((r) => r.level === 'kecamatan')).toHaveLength(5);
  });

  it('answers per parent region at a coarser level, and pages', async () => {
    const { items } = await report({ period: DAY, level: 'kecamatan' });
    expect(items.map((i) => `${i.regionCode} ${i.status} ${i.expected} ${i.rate}`)).toEqual([
      `${METRO_PUSAT} missing 5 0.4`,
      `${METRO_UTARA} missing 4 0.25`,
      `${METRO_BARAT} missing 4 0`,
      `${METRO_TIMUR} missing 5 0`,
      `${METRO_SELATAN} missing 4 0`,
    ]);
    const first = await p.t.http().get('/api/themes/harian-kelurahan/completeness').query({ period: DAY, limit: '20' }).set('Authorization', admin).expect(200);
    const second = await p.t.http().get('/api/themes/harian-kelurahan/completeness').query({ period: DAY, limit: '20', cursor: first.body.nextCursor }).set('Authorization', admin).expect(200);
    expect(first.body.items).toHaveLength(20);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
  });

  it('is scoped to the caller and refused to kader', async () => {
    const kecamatanAdmin = (await p.t.as('admin', METRO_SELATAN)).auth;
    const { items, rollup } = await report({ period: DAY }, kecamatanAdmin);
    expect(items.map((i) => i.regionCode)).toEqual([REJOMULYO, MARGOREJO, SUMBERSARI_BANTUL, MARGODADI]);
    expect(rollup.map((r) => r.regionCode)).toEqual([METRO_SELATAN]);
    const kader = (await p.t.as('kader', KELURAHAN_METRO)).auth;
    expect((await p.t.http().get('/api/themes/harian-kelurahan/completeness').set('Authorization', kader)).status).toBe(403);
    expect((await p.t.http().get('/api/themes/harian-kelurahan/completeness').query({ region: KOTA_METRO }).set('Authorization', kecamatanAdmin)).status).toBe(404);
  });

  it('defaults to the current period and refuses what has no period', async () => {
    const body = await report({});
    expect(body.periodKey).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const none = await p.t.http().get('/api/themes/kwt/completeness').set('Authorization', admin);
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('THEME_NOT_PERIODIC');
    expect((await p.t.http().get('/api/themes/harian-kelurahan/completeness').query({ period: '2026-13-01' }).set('Authorization', admin)).status).toBe(400);
    expect((await p.t.http().get('/api/themes/harian-kelurahan/completeness').query({ level: 'rt' }).set('Authorization', admin)).status).toBe(400);
  });

  it('counts the RTs for the built-in COVID-19 report, which is kept per RT, and rolls them up to RW and kelurahan', async () => {
    await submit(p.t, admin, 'covid-harian', REJOMULYO_RW_01_RT_02, DAY, covidData());
    await submit(p.t, admin, 'covid-harian', REJOMULYO_RW_02_RT_01, DAY, covidData());
    const response = await p.t.http().get('/api/themes/covid-harian/completeness').query({ period: DAY, region: REJOMULYO }).set('Authorization', admin).expect(200);
    const body = response.body as Awaited<ReturnType<typeof report>>;
    expect(body.items.map((item) => `${item.regionCode} ${item.level} ${item.status}`)).toEqual(
      REJOMULYO_RTS.map((code) => `${code} rt ${code === REJOMULYO_RW_01_RT_02 || code === REJOMULYO_RW_02_RT_01 ? 'late' : 'missing'}`),
    );
    expect(body.rollup.find((r) => r.regionCode === REJOMULYO)).toEqual(expect.objectContaining({ level: 'kelurahan', expected: 5, onTime: 0, late: 2, missing: 3 }));
    expect(body.rollup.find((r) => r.regionCode === REJOMULYO_RW_01)).toEqual(expect.objectContaining({ level: 'rw', expected: 3, late: 1, missing: 2 }));
  });
});
