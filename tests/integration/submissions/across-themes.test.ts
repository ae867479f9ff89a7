import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { METRO_PUSAT, METRO_SELATAN, MARGOREJO, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../../support/regions';
import { covidData, dayKey, makeSubmission, postSubmission } from '../../support/submissions';
import { loadFixture } from '../../support/themes';

interface Item {
  id: string;
  theme: string;
  themeTitle: string;
  summary: string | null;
  periodKey: string;
  periodLabel: string;
  status: string;
  regionCode: string;
}

describe('submissions: one list across themes (GET /api/submissions)', () => {
  let t: TestApp;
  let kader: string;
  let otherKader: string;
  let selatanAdmin: string;
  let pusatAdmin: string;
  let opd: string;
  const mine: Record<string, string> = {};
  let othersId: string;
  let covidDay: string;

  beforeAll(async () => {
    t = await createTestApp();
    kader = (await t.as('kader', REJOMULYO)).auth;
    otherKader = (await t.as('kader', MARGOREJO)).auth;
    selatanAdmin = (await t.as('admin', METRO_SELATAN)).auth;
    pusatAdmin = (await t.as('admin', METRO_PUSAT)).auth;
    opd = (await t.as('opd', METRO_SELATAN)).auth;
    // A file id must name an uploaded file; the photo is not what these tests are about.
    const { foto: _photo, ...umkm } = loadFixture('umkm', 'valid');
    covidDay = dayKey(1);
    const post = async (auth: string, slug: string, body: ReturnType<typeof makeSubmission>) => {
      await postSubmission(t, auth, slug, body).expect(201);
      return body.id;
    };
    mine.warung = await post(kader, 'umkm', makeSubmission(REJOMULYO, { ...umkm, nama_usaha: 'Warung Bu Sri', nama_pemilik: 'Sri Wahyuni' }));
    mine.covid = await post(kader, 'covid-harian', makeSubmission(REJOMULYO_RW_01_RT_01, covidData(), { period: covidDay }));
    mine.keripik = await post(kader, 'umkm', makeSubmission(REJOMULYO, { ...umkm, nama_usaha: 'Keripik Pisang Maju', nama_pemilik: 'Budi Santoso' }));
    othersId = await post(otherKader, 'umkm', makeSubmission(MARGOREJO, { ...umkm, nama_usaha: 'Jahit Rapi', nama_pemilik: 'Ani' }));
    await t.http().post(`/api/submissions/${mine.warung}/review`).set('Authorization', selatanAdmin).send({ status: 'rejected', comment: 'Foto kurang jelas' }).expect(200);
  });
  afterAll(() => t.close());

  const list = async (auth: string, query: string, language?: string): Promise<{ items: Item[]; nextCursor: string | null }> => {
    let request = t.http().get(`/api/submissions?${query}`).set('Authorization', auth);
    if (language) request = request.set('Accept-Language', language);
    const response = await request.expect(200);
    return response.body as { items: Item[]; nextCursor: string | null };
  };

  it('gives a kader their own submissions of every theme, newest first, each named by its record and period', async () => {
    const { items } = await list(kader, 'mine=true');
    expect(items.map((item) => item.id)).toEqual([mine.keripik, mine.covid, mine.warung]);
    const [keripik, covid] = items;
    expect(keripik).toMatchObject({
      theme: 'umkm',
      themeTitle: 'Usaha Mikro, Kecil dan Menengah (UMKM)',
      summary: 'Keripik Pisang Maju · Budi Santoso',
      periodKey: 'all',
      periodLabel: 'Tanpa periode',
      status: 'submitted',
    });
    const [year, month, day] = covidDay.split('-');
    expect(covid.periodLabel).toMatch(new RegExp(`^${Number(day)} [A-Z][a-z]+ ${year}$`));
    expect(covid.periodLabel).not.toContain(month);
  });

  it('never shows a kader anyone else’s, with or without mine=true', async () => {
    const ids = (await list(kader, '')).items.map((item) => item.id);
    expect(ids).not.toContain(othersId);
    expect(ids.sort()).toEqual(Object.values(mine).sort());
  });

  it('filters by theme and by status', async () => {
    expect((await list(kader, 'mine=true&theme=umkm')).items.map((item) => item.id)).toEqual([mine.keripik, mine.warung]);
    expect((await list(kader, 'mine=true&status=rejected')).items.map((item) => item.id)).toEqual([mine.warung]);
    expect((await list(kader, 'mine=true&theme=covid-harian&status=rejected')).items).toEqual([]);
  });

  it('pages with an opaque cursor, each submission once', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const answer = await list(kader, `mine=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...answer.items.map((item) => item.id));
      if (!answer.nextCursor) break;
      cursor = answer.nextCursor;
    }
    expect(seen).toEqual([mine.keripik, mine.covid, mine.warung]);
  });

  it('speaks English when asked', async () => {
    const { items } = await list(kader, 'mine=true&theme=umkm', 'en');
    expect(items[0]).toMatchObject({ themeTitle: 'Micro, Small and Medium Enterprises (UMKM)', periodLabel: 'No period' });
  });

  it('gives an admin the review queue of their subtree, filterable by region, period, theme and status', async () => {
    expect((await list(selatanAdmin, '')).items.map((item) => item.id).sort()).toEqual([...Object.values(mine), othersId].sort());
    expect((await list(selatanAdmin, `region=${MARGOREJO}`)).items.map((item) => item.id)).toEqual([othersId]);
    expect((await list(selatanAdmin, `period=${covidDay}`)).items.map((item) => item.id)).toEqual([mine.covid]);
    expect((await list(selatanAdmin, 'theme=umkm&status=submitted')).items.map((item) => item.id)).toEqual([othersId, mine.keripik]);
    // Their own: none, they submitted nothing.
    expect((await list(selatanAdmin, 'mine=true')).items).toEqual([]);
  });

  it('shows an admin outside the subtree nothing, and a region outside theirs as not found', async () => {
    expect((await list(pusatAdmin, '')).items).toEqual([]);
    expectProblem(await t.http().get(`/api/submissions?region=${REJOMULYO}`).set('Authorization', pusatAdmin), 404, 'REGION_OUT_OF_SCOPE');
  });

  it('refuses an OPD, and bad filters with 400 or 404, never 500', async () => {
    expectProblem(await t.http().get('/api/submissions?mine=true').set('Authorization', opd), 403, 'FORBIDDEN');
    expectProblem(await t.http().get('/api/submissions?status=all').set('Authorization', kader), 400, 'INVALID_STATUS');
    expectProblem(await t.http().get('/api/submissions?theme=tidak-ada').set('Authorization', kader), 404, 'THEME_NOT_FOUND');
    expectProblem(await t.http().get(`/api/submissions?cursor=${Buffer.from('x|y').toString('base64url')}`).set('Authorization', kader), 400, 'INVALID_CURSOR');
  });

  it('names the record and its period in one submission’s detail too', async () => {
    const response = await t.http().get(`/api/submissions/${mine.warung}`).set('Authorization', kader).expect(200);
    expect(response.body).toMatchObject({ summary: 'Warung Bu Sri · Sri Wahyuni', periodLabel: 'Tanpa periode', status: 'rejected', reviewComment: 'Foto kurang jelas' });
  });
});
