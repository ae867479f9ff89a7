import { JOB_BACKENDS, Pipeline, startPipeline } from '../../support/pipeline';
import { makeSubmission, postSubmission, submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, LAMPUNG, METRO_PUSAT, METRO_SELATAN, METRO_UTARA, REJOMULYO, REJOMULYO_RW_01, REJOMULYO_RW_01_RT_01, REJOMULYO_RW_02, REJOMULYO_RW_02_RT_01 } from '../../support/regions';

interface Item {
  regionCode: string;
  regionName: string | null;
  level: string;
  periodKey: string;
  measure: string;
  group: string | number | boolean | null;
  value: number | null;
  suppressed: boolean;
}

const K1 = KELURAHAN_METRO;
const K2 = HADIMULYO_TIMUR;
const K3 = BANJARSARI;
const D1 = '2026-11-02'; // Monday of 2026-W45
const D2 = '2026-11-03';
const D3 = '2026-11-09'; // Monday of 2026-W46

describe.each(JOB_BACKENDS)('aggregation: exact roll-ups over the region tree and over time (jobs: %s)', (backend) => {
  let p: Pipeline;
  let admin: string;

  async function aggregates(slug: string, query: Record<string, string>, auth = admin): Promise<Item[]> {
    const response = await p.t.http().get(`/api/themes/${slug}/aggregates`).query({ limit: '1000', ...query }).set('Authorization', auth);
    if (response.status !== 200) throw new Error(`aggregates answered ${response.status}: ${response.text}`);
    return response.body.items as Item[];
  }

  function value(items: Item[], regionCode: string, periodKey: string, measure: string, group: Item['group'] = null): number | null | undefined {
    return items.find((i) => i.regionCode === regionCode && i.periodKey === periodKey && i.measure === measure && i.group === group)?.value;
  }

  beforeAll(async () => {
    p = await startPipeline({}, { backend });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, aggregationTheme('uji-agregasi'));
    const s = (region: string, period: string, data: Record<string, unknown>) => submit(p.t, admin, 'uji-agregasi', region, period, data);
    await s(K1, D1, { jumlah: 3, tinggi: 100, kategori: 'a', aktif: true, stok: 10 });
    await s(K1, D1, { jumlah: 7, tinggi: 120, kategori: 'b', aktif: false, stok: 20 });
    await s(K1, D2, { jumlah: 5, tinggi: 110, kategori: 'a', aktif: true, stok: 5 });
    await s(K2, D1, { jumlah: 1, tinggi: 90, kategori: 'c', aktif: true, stok: 7 });
    await s(K2, D3, { jumlah: 10, kategori: 'a', aktif: false, stok: 1 });
    await s(K3, D3, { jumlah: 4, tinggi: 130, kategori: 'b', aktif: true, stok: 3 });
    // Rejected after review: never counts.
    const rejected = await s(K3, D3, { jumlah: 100, tinggi: 200, kategori: 'a', aktif: true, stok: 100 });
    await p.t.http().post(`/api/submissions/${rejected}/review`).set('Authorization', admin).send({ status: 'rejected' }).expect(200);
    // Revised: only the current revision counts.
    const first = await s(K3, D2, { jumlah: 50, tinggi: 250, kategori: 'a', aktif: true, stok: 50 });
    const revision = await postSubmission(p.t, admin, 'uji-agregasi', makeSubmission(K3, { jumlah: 6, tinggi: 140, kategori: 'c', aktif: false, stok: 2 }, { period: D2, replaces: first }));
    expect(revision.status).toBe(201);
    await p.settle();
  });
  afterAll(() => p.close());

  it('adds components up the tree: sum, count, avg = Σ÷n, min, max, count-where, ratio = Σ÷Σ × scale', async () => {
    const kota = await aggregates('uji-agregasi', { level: 'kota', period: 'month' });
    expect(kota.every((i) => i.regionCode === KOTA_METRO && i.periodKey === '2026-11' && i.level === 'kota' && !i.suppressed)).toBe(true);
    expect(kota[0].regionName).toBe('Kota Metro');
    expect(value(kota, KOTA_METRO, '2026-11', 'jumlah')).toBe(36);
    expect(value(kota, KOTA_METRO, '2026-11', 'banyak')).toBe(7);
    expect(value(kota, KOTA_METRO, '2026-11', 'rata_tinggi')).toBeCloseTo(690 / 6, 10);
    expect(value(kota, KOTA_METRO, '2026-11', 'min_tinggi')).toBe(90);
    expect(value(kota, KOTA_METRO, '2026-11', 'max_tinggi')).toBe(140);
    expect(value(kota, KOTA_METRO, '2026-11', 'besar')).toBe(4);
    expect(value(kota, KOTA_METRO, '2026-11', 'ab')).toBe(5);
    expect(value(kota, KOTA_METRO, '2026-11', 'persen_aktif')).toBeCloseTo((4 / 7) * 100, 10);
    expect(value(kota, KOTA_METRO, '2026-11', 'jumlah_per_tinggi')).toBeCloseTo(36 / 690, 10);
  });

  it('never averages averages: a kecamatan avg is Σtinggi ÷ n of its kelurahan, not the mean of their means', async () => {
    const kecamatan = await aggregates('uji-agregasi', { level: 'kecamatan', period: 'month', measure: 'rata_tinggi' });
    // K1: 100, 120, 110 (mean 110); K2: 90 (mean 90) → (330 + 90) / 4 = 105, not (110 + 90) / 2 = 100.
    expect(value(kecamatan, METRO_PUSAT, '2026-11', 'rata_tinggi')).toBeCloseTo(105, 10);
  });

  it('gives one row per category with groupBy, each with its own ratio', async () => {
    const kota = await aggregates('uji-agregasi', { level: 'kota', period: 'month' });
    expect(value(kota, KOTA_METRO, '2026-11', 'per_kategori', 'a')).toBe(3);
    expect(value(kota, KOTA_METRO, '2026-11', 'per_kategori', 'b')).toBe(2);
    expect(value(kota, KOTA_METRO, '2026-11', 'per_kategori', 'c')).toBe(2);
    expect(value(kota, KOTA_METRO, '2026-11', 'aktif_per_kategori', 'a')).toBeCloseTo(200 / 3, 10);
    expect(value(kota, KOTA_METRO, '2026-11', 'aktif_per_kategori', 'b')).toBeCloseTo(50, 10);
    expect(value(kota, KOTA_METRO, '2026-11', 'aktif_per_kategori', 'c')).toBeCloseTo(50, 10);
    expect(value(kota, KOTA_METRO, '2026-11', 'jumlah')).toBe(36);
    expect(kota.find((i) => i.measure === 'jumlah')!.group).toBeNull();
  });

  it('rolls up over time in WIB: ISO weeks, months, quarters, years, with overTime last and avg per region', async () => {
    const weeks = await aggregates('uji-agregasi', { level: 'kecamatan', period: 'week' });
    expect(value(weeks, METRO_PUSAT, '2026-W45', 'jumlah')).toBe(16);
    expect(value(weeks, METRO_PUSAT, '2026-W46', 'jumlah')).toBe(10);
    expect(value(weeks, METRO_UTARA, '2026-W45', 'jumlah')).toBe(6);
    // last: K1's latest day in W45 is D2 (stok 5), K2's is D1 (stok 7).
    expect(value(weeks, METRO_PUSAT, '2026-W45', 'stok')).toBe(12);

    const month = await aggregates('uji-agregasi', { level: 'kota', period: 'month' });
    // last per kelurahan: K1 → D2 (5), K2 → D3 (1), K3 → D3 (3; the rejected 100 never counts).
    expect(value(month, KOTA_METRO, '2026-11', 'stok')).toBe(9);
    // avg per kelurahan over the days it reported: K1 (30 + 5) / 2, K2 (7 + 1) / 2, K3 (2 + 3) / 2.
    expect(value(month, KOTA_METRO, '2026-11', 'stok_rata')).toBeCloseTo(17.5 + 4 + 2.5, 10);

    expect(value(await aggregates('uji-agregasi', { level: 'kota', period: 'quarter' }), KOTA_METRO, '2026-Q4', 'jumlah')).toBe(36);
    // A Kota Metro admin sees no province row (it is not inside 18.72); a province admin does.
    expect(await aggregates('uji-agregasi', { level: 'provinsi', period: 'year' })).toEqual([]);
    const province = (await p.t.as('admin', LAMPUNG)).auth;
    expect(value(await aggregates('uji-agregasi', { level: 'provinsi', period: 'year' }, province), LAMPUNG, '2026', 'jumlah')).toBe(36);
    const days = await aggregates('uji-agregasi', { measure: 'jumlah', from: D1, to: D2 });
    expect(days.map((i) => `${i.regionCode} ${i.periodKey} ${i.value}`)).toEqual([`${K1} ${D1} 10`, `${K1} ${D2} 5`, `${K2} ${D1} 1`, `${K3} ${D2} 6`]);
  });

  it('matches a hand-written GROUP BY over the submissions table', async () => {
    const [truth] = (await p.t.db.query(
      `SELECT count(*)::int AS n, sum((data->>'jumlah')::numeric)::int AS jumlah, avg((data->>'tinggi')::numeric)::float8 AS tinggi
       FROM submission s JOIN theme t ON t.id = s.theme_id
       WHERE t.slug = 'uji-agregasi' AND s.current AND NOT s.is_test AND s.status <> 'rejected'`,
    )) as { n: number; jumlah: number; tinggi: number }[];
    const kota = await aggregates('uji-agregasi', { level: 'kota', period: 'year' });
    expect(value(kota, KOTA_METRO, '2026', 'banyak')).toBe(truth.n);
    expect(value(kota, KOTA_METRO, '2026', 'jumlah')).toBe(truth.jumlah);
    expect(value(kota, KOTA_METRO, '2026', 'rata_tinggi')).toBeCloseTo(truth.tinggi, 10);
  });

  it('updates incrementally when a submission arrives or is rejected', async () => {
    const id = await submit(p.t, admin, 'uji-agregasi', K2, D2, { jumlah: 20, tinggi: 100, kategori: 'b', aktif: true, stok: 0 });
    await p.settle();
    expect(value(await aggregates('uji-agregasi', { level: 'kota', period: 'month', measure: 'jumlah' }), KOTA_METRO, '2026-11', 'jumlah')).toBe(56);
    await p.t.http().post(`/api/submissions/${id}/review`).set('Authorization', admin).send({ status: 'rejected' }).expect(200);
    await p.settle();
    expect(value(await aggregates('uji-agregasi', { level: 'kota', period: 'month', measure: 'jumlah' }), KOTA_METRO, '2026-11', 'jumlah')).toBe(36);
    expect(value(await aggregates('uji-agregasi', { measure: 'jumlah' }), K2, D2, 'jumlah')).toBeUndefined();
  });

  it('counts the current report only for a report theme, and takes the latest day for overTime last', async () => {
    // covid-harian is reported per RT: two RTs of Rejomulyo, in two RWs.
    const covid = (region: string, day: string, konfirmasi: number, isolasi: number) =>
      submit(p.t, admin, 'covid-harian', region, day, { suspek: 0, konfirmasi_baru: konfirmasi, sembuh: 0, meninggal: 0, isolasi_mandiri: isolasi });
    await covid(REJOMULYO_RW_01_RT_01, D1, 5, 10);
    await covid(REJOMULYO_RW_01_RT_01, D1, 8, 12); // a revision of the same report
    await covid(REJOMULYO_RW_01_RT_01, D2, 2, 4);
    await covid(REJOMULYO_RW_02_RT_01, D2, 1, 6);
    await p.settle();
    const week = await aggregates('covid-harian', { level: 'kota', period: 'week' });
    expect(value(week, KOTA_METRO, '2026-W45', 'konfirmasi_baru')).toBe(11);
    expect(value(week, KOTA_METRO, '2026-W45', 'isolasi_mandiri')).toBe(4 + 6);
    expect(value(week, KOTA_METRO, '2026-W45', 'hari_dengan_kasus_baru')).toBe(3);
    // The RTs roll up to their RW, kelurahan and kecamatan like any region below.
    const kelurahan = await aggregates('covid-harian', { level: 'kelurahan', period: 'week' });
    expect(value(kelurahan, REJOMULYO, '2026-W45', 'konfirmasi_baru')).toBe(11);
    expect(value(kelurahan, REJOMULYO, '2026-W45', 'isolasi_mandiri')).toBe(4 + 6);
    const kecamatan = await aggregates('covid-harian', { level: 'kecamatan', period: 'week' });
    expect(value(kecamatan, METRO_SELATAN, '2026-W45', 'konfirmasi_baru')).toBe(11);
    const rw = await aggregates('covid-harian', { level: 'rw', period: 'week' });
    expect(value(rw, REJOMULYO_RW_01, '2026-W45', 'konfirmasi_baru')).toBe(10);
    expect(value(rw, REJOMULYO_RW_02, '2026-W45', 'konfirmasi_baru')).toBe(1);
    const rt = await aggregates('covid-harian', { level: 'rt', period: 'day' });
    expect(value(rt, REJOMULYO_RW_01_RT_01, D1, 'konfirmasi_baru')).toBe(8);
  });

  it('scopes rows to the caller: a kader sees their kelurahan, another region is 404', async () => {
    const kader = (await p.t.as('kader', K1)).auth;
    const own = await aggregates('uji-agregasi', { measure: 'jumlah' }, kader);
    expect(new Set(own.map((i) => i.regionCode))).toEqual(new Set([K1]));
    const other = await p.t.http().get('/api/themes/uji-agregasi/aggregates').query({ region: KOTA_METRO }).set('Authorization', kader);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('REGION_OUT_OF_SCOPE');
    const opd = (await p.t.as('opd', KOTA_METRO)).auth;
    expect((await aggregates('uji-agregasi', { level: 'kecamatan', measure: 'jumlah', period: 'month' }, opd)).map((i) => i.regionCode)).toEqual([METRO_PUSAT, METRO_UTARA]);
    await p.t.http().get('/api/themes/uji-agregasi/aggregates').expect(401);
  });

  it('pages with limit and cursor', async () => {
    const all = await aggregates('uji-agregasi', {});
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const response = await p.t.http().get('/api/themes/uji-agregasi/aggregates').query({ limit: '7', ...(cursor ? { cursor } : {}) }).set('Authorization', admin).expect(200);
      seen.push(...(response.body.items as Item[]));
      cursor = response.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses a bad query with a clear 400', async () => {
    for (const query of [{ level: 'rt' }, { period: 'hour' }, { measure: 'tidak_ada' }, { period: 'month', from: '2026-11-02' }, { cursor: '!!' }]) {
      const response = await p.t.http().get('/api/themes/uji-agregasi/aggregates').query(query).set('Authorization', admin);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
    await p.t.http().get('/api/themes/tidak-ada/aggregates').set('Authorization', admin).expect(404);
  });

  it('suppresses small cells of a sensitive theme', async () => {
    await publishTheme(p.t, admin, aggregationTheme('uji-sensitif', (d) => (d.sensitivity = 'sensitive')));
    for (let i = 0; i < 3; i++) await submit(p.t, admin, 'uji-sensitif', K1, D1, { jumlah: i + 1, tinggi: 100, kategori: 'a', aktif: true });
    for (let i = 0; i < 3; i++) await submit(p.t, admin, 'uji-sensitif', K3, D1, { jumlah: 10, tinggi: 100, kategori: 'a', aktif: true });
    await p.settle();
    const kelurahan = await aggregates('uji-sensitif', { measure: 'jumlah' });
    expect(kelurahan.length).toBe(2);
    expect(kelurahan.every((i) => i.suppressed && i.value === null)).toBe(true);
    const kota = await aggregates('uji-sensitif', { level: 'kota', measure: 'jumlah' });
    expect(kota).toEqual([expect.objectContaining({ regionCode: KOTA_METRO, value: 36, suppressed: false })]);
  });

  it('tells the reader the k of "< k" and which measures it may read', async () => {
    const read = async (slug: string, auth = admin) =>
      (await p.t.http().get(`/api/themes/${slug}/aggregates`).query({ measure: 'jumlah' }).set('Authorization', auth).expect(200)).body as { measures: string[]; suppressBelow: number | null };
    await publishTheme(p.t, admin, aggregationTheme('uji-k-tiga', (d) => Object.assign(d, { sensitivity: 'sensitive', suppressBelow: 3 })));
    expect((await read('uji-k-tiga')).suppressBelow).toBe(3);
    const open = await read('uji-agregasi');
    expect(open.suppressBelow).toBeNull();
    expect(open.measures).toEqual(aggregationTheme('x').aggregations.map((a) => a.key));
    const opd = (await p.t.as('opd', KOTA_METRO)).auth;
    expect((await read('uji-k-tiga', opd)).measures).toContain('per_kategori');
  });
});
