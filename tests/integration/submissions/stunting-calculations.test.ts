import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, KELURAHAN_METRO, KOTA_METRO } from '../../support/regions';
import { makeSubmission, postSubmission, submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme, loadFixture } from '../../support/themes';
import { waitFor } from '../../support/wait';

interface Item {
  regionCode: string;
  periodKey: string;
  measure: string;
  group: string | number | boolean | null;
  value: number | null;
  suppressed: boolean;
}

const PERIOD = '2026-11';

/** One child's measurement as a cadre enters it: no calculated field, or stale ones the server must replace. */
function child(name: string, heightCm: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nama_anak: name,
    nama_orang_tua: 'Rina Marlina',
    jenis_kelamin: 'perempuan',
    tanggal_lahir: '2025-03-10',
    tanggal_pengukuran: '2026-11-12',
    tinggi_badan_cm: heightCm,
    cara_ukur: 'terlentang',
    berat_badan_kg: 8.6,
    ...extra,
  };
}

describe('stunting end to end: computed on the server, stored, counted and suppressed', () => {
  let p: Pipeline;
  let admin: string;
  let kader: string;

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    kader = (await p.t.as('kader', KELURAHAN_METRO)).auth;
  });
  afterAll(() => p.close());

  const cell = (items: Item[], region: string, periodKey: string, measure: string): Item | undefined =>
    items.find((item) => item.regionCode === region && item.periodKey === periodKey && item.measure === measure && item.group === null);

  async function aggregates(query: Record<string, string>): Promise<Item[]> {
    const response = await p.t.http().get('/api/themes/stunting/aggregates').query({ limit: '1000', period: 'month', ...query }).set('Authorization', admin);
    if (response.status !== 200) throw new Error(`aggregates answered ${response.status}: ${response.text}`);
    return response.body.items as Item[];
  }

  it('stores the age, z-scores and categories it computed, replacing what the client sent', async () => {
    const id = await submit(p.t, kader, 'stunting', KELURAHAN_METRO, PERIOD, child('Aisyah Putri', 74.2, { kategori_tbu: 'normal', zscore_tbu: 1.5, umur_hari: 3 }));
    const stored = await p.t.http().get(`/api/submissions/${id}`).set('Authorization', kader).expect(200);
    expect(stored.body.data).toMatchObject({
      umur_hari: 612,
      umur_bulan: 20,
      zscore_tbu: -2.85,
      kategori_tbu: 'pendek',
      zscore_bbu: -1.8,
      kategori_bbu: 'normal',
      zscore_bbtb: -0.51,
      kategori_bbtb: 'gizi_baik',
    });
  });

  it('leaves a score out when it cannot be computed, rather than storing a guess', async () => {
    // 40 cm is below the weight-for-length table (45–110 cm): no BB/TB score, and the stale category sent goes.
    const id = await submit(p.t, kader, 'stunting', KELURAHAN_METRO, PERIOD, child('Terlalu Pendek', 40, { kategori_bbtb: 'gizi_baik' }));
    const { data } = (await p.t.http().get(`/api/submissions/${id}`).set('Authorization', kader).expect(200)).body as { data: Record<string, unknown> };
    expect(data).not.toHaveProperty('kategori_bbtb');
    expect(data).not.toHaveProperty('zscore_bbtb');
    expect(data).toMatchObject({ umur_hari: 612, kategori_tbu: 'sangat_pendek', kategori_bbu: 'normal' });
  });

  it('refuses a child over five at the age it computed, in words the cadre can act on', async () => {
    const response = await postSubmission(p.t, kader, 'stunting', makeSubmission(KELURAHAN_METRO, loadFixture('stunting', 'invalid'), { period: PERIOD }));
    const body = expectProblem(response, 422, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: '/umur_hari', keyword: 'maximum', message: 'Umur paling banyak 5 tahun: formulir ini untuk balita' })]);
  });

  it('counts the stunted from the computed category: prevalence per kelurahan and month, rolled up', async () => {
    // Kelurahan Metro: 10 children (the two above and 8 more), 5 of them stunted (74.2 and 76 cm:
    // pendek, z −2.85 and −2.26; 73 and 40 cm: sangat pendek, z −3.25 and below) → 50 %.
    const heights = [76, 76, 73, 82, 84, 80, 82, 84];
    for (const [index, height] of heights.entries()) await submit(p.t, kader, 'stunting', KELURAHAN_METRO, PERIOD, child(`Anak ${index + 1}`, height));
    await p.settle();

    const kelurahan = await aggregates({ level: 'kelurahan' });
    expect(cell(kelurahan, KELURAHAN_METRO, PERIOD, 'balita_diukur')).toMatchObject({ value: 10, suppressed: false });
    expect(cell(kelurahan, KELURAHAN_METRO, PERIOD, 'balita_stunting')).toMatchObject({ value: 5, suppressed: false });
    expect(cell(kelurahan, KELURAHAN_METRO, PERIOD, 'prevalensi_stunting')).toMatchObject({ value: 50, suppressed: false });
    const kota = await aggregates({ level: 'kota' });
    expect(cell(kota, KOTA_METRO, PERIOD, 'prevalensi_stunting')).toMatchObject({ value: 50, suppressed: false });

    // Above the built-in 20 % rule: one early warning for that kelurahan and month, for the admins.
    await waitFor('the alert marks to be evaluated', async () => ((await p.t.db.query(`SELECT count(*)::int AS n FROM alert_dirty_cell`)) as { n: number }[])[0].n === 0, 30_000);
    await p.settle();
    const alerts = await p.t.http().get('/api/alerts').query({ theme: 'stunting', status: 'open' }).set('Authorization', admin).expect(200);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ theme: 'stunting', rule: 'prevalensi-stunting-kelurahan', regionCode: KELURAHAN_METRO, periodKey: PERIOD, value: 50, threshold: 20 }),
    ]);
  });

  it('suppresses the small cells of a kelurahan with few children measured', async () => {
    // Another year is another suppression block, so these small cells leave 2026's alone.
    for (const [name, height] of [['Gita', 73], ['Hana', 82]] as const) {
      await submit(p.t, admin, 'stunting', BANJARSARI, '2025-11', child(name, height, { tanggal_pengukuran: '2025-11-12', tanggal_lahir: '2024-03-10' }));
    }
    await p.settle();
    const kelurahan = await aggregates({ level: 'kelurahan', from: '2025-11', to: '2025-11' });
    expect(cell(kelurahan, BANJARSARI, '2025-11', 'balita_diukur')).toMatchObject({ value: null, suppressed: true });
    expect(cell(kelurahan, BANJARSARI, '2025-11', 'prevalensi_stunting')).toMatchObject({ value: null, suppressed: true });
  });

  it('computes with the version a submission is pinned to: a changed expression is a new version, old results stay', async () => {
    const slug = 'uji-hitung-versi';
    const v1 = aggregationTheme(slug, (definition) => {
      definition.calculations = [{ field: '/stok', expression: '${jumlah} * 2' }];
    });
    await publishTheme(p.t, admin, v1);
    const first = await submit(p.t, admin, slug, KELURAHAN_METRO, '2026-11-02', { jumlah: 5, kategori: 'a', stok: 999 });
    const v2 = { ...v1, calculations: [{ field: '/stok', expression: '${jumlah} * 3' }] };
    await p.t.http().put(`/api/themes/${slug}/draft`).set('Authorization', admin).send(v2).expect(200);
    expect((await p.t.http().post(`/api/themes/${slug}/publish`).set('Authorization', admin).expect(201)).body).toMatchObject({ version: 2 });
    const second = await submit(p.t, admin, slug, KELURAHAN_METRO, '2026-11-02', { jumlah: 5, kategori: 'a' });
    const read = async (id: string): Promise<{ version: number; data: Record<string, unknown> }> =>
      (await p.t.http().get(`/api/submissions/${id}`).set('Authorization', admin).expect(200)).body as { version: number; data: Record<string, unknown> };
    expect(await read(first)).toMatchObject({ version: 1, data: { stok: 10 } });
    expect(await read(second)).toMatchObject({ version: 2, data: { stok: 15 } });
  });

  it('refuses a draft whose calculation names an unknown field, mixes types or loops, at the expression', async () => {
    const theme = aggregationTheme('uji-hitung', (definition) => {
      definition.calculations = [
        { field: '/tinggi', expression: '${tidak_ada} + 1' },
        { field: '/stok', expression: "${jumlah} + 'a'" },
        { field: '/aktif', expression: '${aktif} and true' },
        { field: '/bukan_kolom', expression: '1' },
        { field: '/jumlah', expression: '1' },
      ];
    });
    const response = await p.t.http().post('/api/themes').set('Authorization', admin).send(theme);
    const body = expectProblem(response, 422, 'THEME_INVALID');
    expect(body.errors).toEqual([
      expect.objectContaining({ path: '/calculations/0/expression', message: 'kolom /tidak_ada tidak ada di schema (karakter 1)' }),
      expect.objectContaining({ path: '/calculations/1/expression', message: '"+" membutuhkan angka, bukan teks (karakter 13)' }),
      expect.objectContaining({ path: '/calculations/3/field', message: 'kolom /bukan_kolom tidak ada di schema' }),
      expect.objectContaining({ path: '/calculations/4/field', message: expect.stringMatching(/^kolom \/jumlah dihitung, jadi tidak boleh wajib diisi/) }),
      expect.objectContaining({ path: '/calculations/2/expression', message: 'perhitungan saling bergantung berputar: /aktif → /aktif' }),
    ]);
  });
});
