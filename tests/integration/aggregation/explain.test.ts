import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT, METRO_UTARA, REJOMULYO } from '../../support/regions';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';

interface Explanation {
  measure: string;
  value: number | null;
  submissions: number;
  level: string;
  items: { id: string; regionCode: string; periodKey: string; version: number; status: string; contribution: { value?: number | null; numerator?: number; denominator?: number } }[];
  nextCursor: string | null;
}

const SLUG = 'uji-jelaskan';
const D1 = '2026-11-02';
const D2 = '2026-11-03';

describe('explain a number: the submissions behind one cell, with what each contributed', () => {
  let p: Pipeline;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, aggregationTheme(SLUG));
    const s = (region: string, day: string, data: Record<string, unknown>) => submit(p.t, admin, SLUG, region, day, { tinggi: 100, aktif: false, ...data });
    ids.a = await s(KELURAHAN_METRO, D1, { jumlah: 3, kategori: 'a', stok: 10 });
    ids.b = await s(KELURAHAN_METRO, D1, { jumlah: 7, kategori: 'b', aktif: true, stok: 20 });
    ids.c = await s(HADIMULYO_TIMUR, D2, { jumlah: 4, kategori: 'a', aktif: true, stok: 5 });
    ids.d = await s(KELURAHAN_METRO, D2, { jumlah: 1, kategori: 'a', stok: 8 });
    ids.elsewhere = await s(BANJARSARI, D1, { jumlah: 100, kategori: 'a', stok: 1 });
    const rejected = await s(KELURAHAN_METRO, D1, { jumlah: 50, kategori: 'a', stok: 50 });
    await p.t.http().post(`/api/submissions/${rejected}/review`).set('Authorization', admin).send({ status: 'rejected' }).expect(200);
    await p.settle();
  });
  afterAll(() => p.close());

  const explain = (query: Record<string, string>, auth = admin) => p.t.http().get(`/api/themes/${SLUG}/aggregates/explain`).query(query).set('Authorization', auth);
  const explained = async (query: Record<string, string>): Promise<Explanation> => (await explain(query).expect(200)).body as Explanation;
  const aggregate = async (query: Record<string, string>) =>
    ((await p.t.http().get(`/api/themes/${SLUG}/aggregates`).query(query).set('Authorization', admin).expect(200)).body.items as { value: number }[])[0].value;

  it('explains a rolled-up cell (a kecamatan in a month): its submissions add up to the number the aggregates route shows', async () => {
    const cell = await explained({ measure: 'jumlah', region: METRO_PUSAT, periodKey: '2026-11' });
    const shown = await aggregate({ measure: 'jumlah', level: 'kecamatan', period: 'month', region: METRO_PUSAT });
    expect(cell).toEqual(expect.objectContaining({ measure: 'jumlah', level: 'kecamatan', value: 15, submissions: 4 }));
    expect(shown).toBe(15);
    // Kelurahan in code order, then day, then id; the rejected one and Banjarsari's are not behind it.
    const contributions = new Map(cell.items.map((item) => [item.id, item.contribution.value]));
    expect(contributions).toEqual(new Map([[ids.a, 3], [ids.b, 7], [ids.d, 1], [ids.c, 4]]));
    expect(cell.items.map((item) => item.regionCode)).toEqual([KELURAHAN_METRO, KELURAHAN_METRO, KELURAHAN_METRO, HADIMULYO_TIMUR]);
    expect(cell.items.reduce((sum, item) => sum + (item.contribution.value ?? 0), 0)).toBe(cell.value);
    expect(cell.items[0]).toEqual(expect.objectContaining({ version: 1, status: 'submitted', periodKey: D1 }));
  });

  it('lists every submission of a count-where cell, those the filter leaves out with 0', async () => {
    const cell = await explained({ measure: 'besar', region: METRO_PUSAT, periodKey: '2026-W45' });
    expect(cell.value).toBe(1);
    expect(new Map(cell.items.map((item) => [item.id, item.contribution.value]))).toEqual(new Map([[ids.a, 0], [ids.b, 1], [ids.d, 0], [ids.c, 0]]));
  });

  it("gives a ratio's numerator and denominator per submission, and a group's own submissions", async () => {
    const ratio = await explained({ measure: 'persen_aktif', region: KELURAHAN_METRO, periodKey: D1 });
    expect(ratio.value).toBe(50);
    expect(new Map(ratio.items.map((item) => [item.id, item.contribution]))).toEqual(
      new Map([
        [ids.a, { numerator: 0, denominator: 1 }],
        [ids.b, { numerator: 1, denominator: 1 }],
      ]),
    );
    const group = await explained({ measure: 'per_kategori', region: KOTA_METRO, periodKey: '2026', group: 'a' });
    expect(group.value).toBe(4);
    expect(group.items.map((item) => item.id).sort()).toEqual([ids.a, ids.c, ids.d, ids.elsewhere].sort());
  });

  it("counts, for an overTime last measure, only each kelurahan's latest day, as the cell does", async () => {
    const cell = await explained({ measure: 'stok', region: METRO_PUSAT, periodKey: '2026-11' });
    expect(cell.value).toBe(8 + 5);
    expect(cell.items.map((item) => [item.id, item.contribution.value])).toEqual([
      [ids.d, 8],
      [ids.c, 5],
    ]);
  });

  it('pages through the submissions', async () => {
    const first = await explained({ measure: 'banyak', region: KOTA_METRO, periodKey: '2026-11', limit: '3' });
    expect(first.items).toHaveLength(3);
    const rest = await explained({ measure: 'banyak', region: KOTA_METRO, periodKey: '2026-11', limit: '3', cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((item) => item.id).sort()).toEqual(Object.values(ids).sort());
  });

  it("stays in the caller's subtree, is for admins only, and says what is wrong with a query", async () => {
    const utara = (await p.t.as('admin', METRO_UTARA)).auth;
    expectProblem(await explain({ measure: 'jumlah', region: METRO_PUSAT, periodKey: '2026-11' }, utara), 404, 'REGION_OUT_OF_SCOPE');
    expect((await explain({ measure: 'jumlah', region: BANJARSARI, periodKey: '2026-11' }, utara)).status).toBe(200);
    expectProblem(await explain({ measure: 'jumlah', region: METRO_PUSAT, periodKey: '2026-11' }, (await p.t.as('opd', KOTA_METRO)).auth), 403, 'FORBIDDEN');
    expectProblem(await explain({ measure: 'jumlah', region: REJOMULYO, periodKey: '2026-11' }, (await p.t.as('kader', REJOMULYO)).auth), 403, 'FORBIDDEN');
    expectProblem(await explain({ measure: 'jumlah', region: METRO_PUSAT, periodKey: 'November' }), 400, 'INVALID_QUERY');
    expectProblem(await explain({ measure: 'per_kategori', region: METRO_PUSAT, periodKey: '2026-11' }), 400, 'INVALID_QUERY');
    expectProblem(await explain({ measure: 'tidak_ada', region: METRO_PUSAT, periodKey: '2026-11' }), 400, 'INVALID_QUERY');
    expectProblem(await explain({ measure: 'jumlah', periodKey: '2026-11' }), 400, 'INVALID_QUERY');
  });
});
