import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT, METRO_SELATAN, MULYOJATI, REJOMULYO } from '../../support/regions';
import { covidData, submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { dailyKelurahanTheme } from '../../support/themes';

interface HistoryItem {
  periodKey: string;
  dueAt: string | null;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  rate: number;
}

const HISTORY = '/api/themes/harian-kelurahan/completeness/history';

describe('completeness over time', () => {
  let p: Pipeline;
  let admin: string;
  let opd: string;

  async function history(query: Record<string, string>, auth = opd) {
    const response = await p.t.http().get(HISTORY).query(query).set('Authorization', auth);
    if (response.status !== 200) throw new Error(`history answered ${response.status}: ${response.text}`);
    return response.body as { level: string; regionCode: string; items: HistoryItem[] };
  }

  /** A harian-kelurahan report (covid-harian per kelurahan) for `day` counted as made at `at` (due 10:00 WIB the next day). */
  async function reported(region: string, day: string, at: string): Promise<void> {
    const id = await submit(p.t, admin, 'harian-kelurahan', region, day, covidData());
    await p.t.db.query(`UPDATE submission SET created_at = $2 WHERE id = $1`, [id, at]);
  }

  beforeAll(async () => {
    p = await startPipeline({}, { worker: false });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    opd = (await p.t.as('opd', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, dailyKelurahanTheme());
    await reported(KELURAHAN_METRO, '2026-11-18', '2026-11-18T05:00:00Z');
    await reported(KELURAHAN_METRO, '2026-11-19', '2026-11-20T02:00:00Z'); // 09:00 WIB next day: on time
    await reported(BANJARSARI, '2026-11-19', '2026-11-20T04:00:00Z'); // 11:00 WIB next day: late
    await reported(KELURAHAN_METRO, '2026-11-20', '2026-11-22T01:00:00Z');
    await reported(REJOMULYO, '2026-11-20', '2026-11-20T12:00:00Z');
    const rejected = await submit(p.t, admin, 'harian-kelurahan', MULYOJATI, '2026-11-20', covidData());
    await p.t.http().post(`/api/submissions/${rejected}/review`).set('Authorization', admin).send({ status: 'rejected' }).expect(200);
  });
  afterAll(() => p.close());

  it('counts due, on time, late and missing kelurahan per day of the range, with each deadline', async () => {
    const body = await history({ from: '2026-11-17', to: '2026-11-20' });
    expect(body.level).toBe('kelurahan');
    expect(body.regionCode).toBe(KOTA_METRO);
    expect(body.items.map(({ periodKey, due, onTime, late, missing }) => ({ periodKey, due, onTime, late, missing }))).toEqual([
      { periodKey: '2026-11-17', due: 22, onTime: 0, late: 0, missing: 22 },
      { periodKey: '2026-11-18', due: 22, onTime: 1, late: 0, missing: 21 },
      { periodKey: '2026-11-19', due: 22, onTime: 1, late: 1, missing: 20 },
      { periodKey: '2026-11-20', due: 22, onTime: 1, late: 1, missing: 20 }, // the rejected one does not count
    ]);
    expect(body.items[2].dueAt).toBe('2026-11-20T03:00:00.000Z');
    expect(body.items[2].rate).toBeCloseTo(2 / 22, 12);
  });

  it('counts only the regions of the chosen or the caller\'s subtree', async () => {
    const pusat = await history({ from: '2026-11-19', to: '2026-11-20', region: METRO_PUSAT });
    expect(pusat.items.map((i) => [i.due, i.onTime, i.late])).toEqual([[5, 1, 0], [5, 0, 1]]);
    const selatanAdmin = (await p.t.as('admin', METRO_SELATAN)).auth;
    const selatan = await history({ from: '2026-11-19', to: '2026-11-20' }, selatanAdmin);
    expect(selatan.items.map((i) => [i.due, i.onTime, i.late, i.missing])).toEqual([[4, 0, 0, 4], [4, 1, 0, 3]]);
    expectProblem(await p.t.http().get(HISTORY).query({ region: KOTA_METRO }).set('Authorization', selatanAdmin), 404);
    const kader = (await p.t.as('kader', REJOMULYO)).auth;
    expectProblem(await p.t.http().get(HISTORY).set('Authorization', kader), 403);
  });

  it('defaults to the twelve periods up to the current one', async () => {
    const { items } = await history({});
    expect(items).toHaveLength(12);
    expect(items.map((i) => i.periodKey)).toEqual([...items.map((i) => i.periodKey)].sort());
    const ending = await history({ to: '2026-11-20' });
    expect(ending.items[0].periodKey).toBe('2026-11-09');
  });

  it('refuses a bad range and a theme without periods', async () => {
    const ask = (query: Record<string, string>) => p.t.http().get(HISTORY).query(query).set('Authorization', opd);
    expectProblem(await ask({ from: '2026-11' }), 400, 'INVALID_QUERY');
    expectProblem(await ask({ from: '2026-11-20', to: '2026-11-19' }), 400, 'INVALID_QUERY');
    expectProblem(await ask({ from: '2024-01-01', to: '2026-11-20' }), 400, 'INVALID_QUERY');
    expectProblem(await p.t.http().get('/api/themes/kwt/completeness/history').set('Authorization', opd), 400, 'THEME_NOT_PERIODIC');
  });
});
