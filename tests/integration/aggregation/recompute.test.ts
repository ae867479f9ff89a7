import { JOB_BACKENDS, Pipeline, startPipeline } from '../../support/pipeline';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, LAMPUNG, REJOMULYO } from '../../support/regions';

const KELURAHAN = [KELURAHAN_METRO, HADIMULYO_TIMUR, BANJARSARI, REJOMULYO];

/** Every stored cell of a theme, in a stable order and with numbers as stored (text), for exact comparison. */
async function cells(p: Pipeline, themeId: string): Promise<string[]> {
  const rows = (await p.t.db.query(
    `SELECT concat_ws(' ', level, granularity, period_key, region_code, measure, group_key, row_count, n, coalesce(value_sum::text, '-'),
                      coalesce(value_min::text, '-'), coalesce(value_max::text, '-'), coalesce(numerator::text, '-'), coalesce(denominator::text, '-')) AS line
     FROM aggregate_cell WHERE theme_id = $1 ORDER BY level, granularity, period_key, region_code, measure, group_key`,
    [themeId],
  )) as { line: string }[];
  return rows.map((row) => row.line);
}

async function recomputedAt(p: Pipeline, themeId: string): Promise<number> {
  const rows = (await p.t.db.query(`SELECT recomputed_at FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as { recomputed_at: Date }[];
  return rows[0]?.recomputed_at.getTime() ?? 0;
}

describe.each(JOB_BACKENDS)('aggregation: full recompute (jobs: %s)', (backend) => {
  let p: Pipeline;
  let admin: string;
  let themeId: string;

  beforeAll(async () => {
    p = await startPipeline({}, { backend });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    themeId = (await publishTheme(p.t, admin, aggregationTheme('uji-hitung-ulang'))).id;
    let i = 0;
    for (const region of KELURAHAN) {
      for (const day of ['2026-10-30', '2026-11-02', '2026-11-03', '2026-11-16']) {
        i++;
        await submit(p.t, admin, 'uji-hitung-ulang', region, day, { jumlah: i, tinggi: 100 + i, kategori: ['a', 'b', 'c'][i % 3], aktif: i % 2 === 0, stok: i % 5 });
      }
    }
    await p.settle();
  });
  afterAll(() => p.close());

  it('gives exactly the cells the incremental refreshes gave (the same code over every cell)', async () => {
    const incremental = await cells(p, themeId);
    expect(incremental.length).toBeGreaterThan(100);
    const before = await recomputedAt(p, themeId);
    await p.t.http().post('/api/themes/uji-hitung-ulang/aggregates/recompute').set('Authorization', admin).expect(202);
    await waitFor('the recompute', async () => (await recomputedAt(p, themeId)) > before);
    expect(await cells(p, themeId)).toEqual(incremental);
  });

  it('replaces results atomically: readers never see a partial result while a large recompute runs', async () => {
    // 30,000 more submissions written straight to the table (as if the outbox had been lost).
    await p.t.db.query(
      `WITH ids AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 30000) AS g)
       INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT ids.id, $1, 1, false, false, (ARRAY['18.72.01.1001','18.72.03.1002','18.72.04.1005'])[1 + g % 3],
              to_char(date '2026-09-01' + (g % 80), 'YYYY-MM-DD'),
              jsonb_build_object('jumlah', g % 50, 'tinggi', 100 + g % 30, 'kategori', (ARRAY['a','b','c'])[1 + g % 3], 'aktif', g % 2 = 0, 'stok', g % 7),
              'bulk', ids.id, 1, true, 'submitted', (SELECT id FROM app_user LIMIT 1)
       FROM ids`,
      [themeId],
    );
    const [truth] = (await p.t.db.query(
      `SELECT count(*)::int AS n, sum((data->>'jumlah')::numeric)::bigint AS jumlah FROM submission
       WHERE theme_id = $1 AND current AND NOT is_test AND status <> 'rejected'`,
      [themeId],
    )) as { n: number; jumlah: string }[];
    const total = async () => {
      const response = await p.t.http().get('/api/themes/uji-hitung-ulang/aggregates').query({ level: 'kota', period: 'year', measure: 'banyak' }).set('Authorization', admin).expect(200);
      return (response.body.items as { value: number }[]).reduce((sum, item) => sum + item.value, 0);
    };
    const old = await total();
    expect(old).toBe(16);
    const before = await recomputedAt(p, themeId);
    await p.t.http().post('/api/themes/uji-hitung-ulang/aggregates/recompute').set('Authorization', admin).expect(202);
    const seen = new Set<number>();
    await waitFor(
      'the large recompute',
      async () => {
        seen.add(await total());
        return (await recomputedAt(p, themeId)) !== before;
      },
      { timeoutMs: 60_000, intervalMs: 0 },
    );
    seen.add(await total());
    // Only the old total or the new one, never anything in between (or nothing).
    expect([...seen].every((value) => value === old || value === truth.n)).toBe(true);
    expect(await total()).toBe(truth.n);
    const year = await p.t.http().get('/api/themes/uji-hitung-ulang/aggregates').query({ level: 'kota', period: 'year', measure: 'jumlah' }).set('Authorization', admin).expect(200);
    expect((year.body.items as { value: number }[]).reduce((sum, item) => sum + item.value, 0)).toBe(Number(truth.jumlah));
  });

  it('recomputes when a version with changed aggregations is published, aggregating a field across versions', async () => {
    const v2 = aggregationTheme('uji-hitung-ulang', (d) => {
      d.schema.properties.berat = { type: 'number', title: 'Berat', minimum: 0, maximum: 500 };
      d.aggregations.push({ key: 'total_berat', title: 'Total berat', op: 'sum', field: '/berat' }, { key: 'banyak_semua', title: 'Semua catatan', op: 'count' });
    });
    await p.t.http().put('/api/themes/uji-hitung-ulang/draft').set('Authorization', admin).send(v2).expect(200);
    const before = await recomputedAt(p, themeId);
    await p.t.http().post('/api/themes/uji-hitung-ulang/publish').set('Authorization', admin).expect(201);
    await waitFor('the recompute after publishing v2', async () => (await recomputedAt(p, themeId)) > before, 30_000);
    await submit(p.t, admin, 'uji-hitung-ulang', KELURAHAN_METRO, '2026-11-20', { jumlah: 1, kategori: 'a', berat: 12.5 });
    await p.settle();
    const [truth] = (await p.t.db.query(
      `SELECT count(*)::int AS n, sum((data->>'jumlah')::numeric)::bigint AS jumlah FROM submission WHERE theme_id = $1 AND current AND NOT is_test AND status <> 'rejected'`,
      [themeId],
    )) as { n: number; jumlah: string }[];
    const response = await p.t.http().get('/api/themes/uji-hitung-ulang/aggregates').query({ level: 'provinsi', period: 'year', limit: '1000' }).set('Authorization', (await p.t.as('admin', LAMPUNG)).auth).expect(200);
    const sum = (measure: string) => (response.body.items as { measure: string; value: number }[]).filter((i) => i.measure === measure).reduce((s, i) => s + i.value, 0);
    // A measure new in v2 covers v1's submissions too; a field only v2 has counts where it is present.
    expect(sum('banyak_semua')).toBe(truth.n);
    expect(sum('jumlah')).toBe(Number(truth.jumlah));
    expect(sum('total_berat')).toBe(12.5);
  });
});
