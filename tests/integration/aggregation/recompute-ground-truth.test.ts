import { AggregationEngine } from '../../../server/src/modules/aggregation/aggregation-engine.service';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { BANJARSARI, GANJAR_AGUNG, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, REJOMULYO, TEJO_AGUNG } from '../../support/regions';

/**
 * A full recompute checked against GROUP BYs written by hand over the submissions table: every
 * measure kind, two groupBy fields (two scans), values of the wrong type, test fills, rejected and
 * superseded submissions, and cells that must disappear.
 */

const KELURAHAN = [KELURAHAN_METRO, HADIMULYO_TIMUR, BANJARSARI, GANJAR_AGUNG, TEJO_AGUNG, REJOMULYO];

const definition = () =>
  aggregationTheme('uji-hitung-tepat', (d) => {
    d.schema.properties.jenis = { type: 'string', title: 'Jenis', enum: ['x', 'y'] };
    d.schema.properties.tanggal = { type: 'string', title: 'Tanggal', format: 'date' };
    d.aggregations.push(
      { key: 'jumlah_per_jenis', title: 'Jumlah menurut jenis', op: 'sum', field: '/jumlah', groupBy: '/jenis' },
      { key: 'rata_per_jenis', title: 'Rata-rata tinggi menurut jenis', op: 'avg', field: '/tinggi', groupBy: '/jenis' },
      { key: 'sejak', title: 'Sejak 10 November', op: 'count', where: { '/tanggal': { gte: '2026-11-10' } } },
    );
  });

/** The counted submissions with their fields as SQL sees them (numbers only where JSON has numbers). */
const COUNTED = `(SELECT s.region_code AS r, s.period_key AS p, s.data,
    CASE WHEN jsonb_typeof(s.data -> 'jumlah') = 'number' THEN (s.data ->> 'jumlah')::numeric END AS jumlah,
    CASE WHEN jsonb_typeof(s.data -> 'tinggi') = 'number' THEN (s.data ->> 'tinggi')::numeric END AS tinggi,
    CASE WHEN jsonb_typeof(s.data -> 'stok') = 'number' THEN (s.data ->> 'stok')::numeric END AS stok
  FROM submission s JOIN theme t ON t.id = s.theme_id
  WHERE t.slug = 'uji-hitung-tepat' AND s.current AND NOT s.is_test AND s.status <> 'rejected')`;

describe('aggregation: a full recompute equals GROUP BYs over the submissions', () => {
  let t: TestApp;
  let themeId: string;

  /**
   * The stored cells of `measure` at (level, granularity) — region, period, group and `columns` — equal
   * the rows of `expected` (r, p, g and one value per column), numbers compared as text: exactly.
   */
  async function compare(level: string, granularity: string, measure: string, columns: string, expected: string): Promise<void> {
    const lines = (rows: Record<string, unknown>[]) => rows.map((row) => Object.values(row).map((value) => String(value ?? '-')).join(' ')).sort();
    const stored = (await t.db.query(
      `SELECT region_code, period_key, group_key, ${columns} FROM aggregate_cell WHERE theme_id = $1 AND level = $2 AND granularity = $3 AND measure = $4`,
      [themeId, level, granularity, measure],
    )) as Record<string, unknown>[];
    const names = columns.split(',').map((_, i) => `v${i}`);
    const truth = (await t.db.query(`SELECT * FROM (${expected}) AS e(r, p, g, ${names.join(', ')})`)) as Record<string, unknown>[];
    expect(truth.length).toBeGreaterThan(0);
    expect(lines(stored)).toEqual(lines(truth));
  }

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    themeId = (await publishTheme(t, admin, definition())).id;
    const [{ id: user }] = (await t.db.query(`SELECT id FROM app_user LIMIT 1`)) as { id: string }[];
    // 4,000 submissions over 45 days (three months, ISO weeks across month ends), written straight to
    // the table: decimals, absent fields, a number stored as a string, and rows that must not count.
    await t.db.query(
      `WITH g AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, 4000) AS g)
       INSERT INTO submission (id, theme_id, version, is_test, is_report, region_code, period_key, data, request_hash, root_id, revision, current, status, submitted_by)
       SELECT id, $1, 1, g % 37 = 0, false, ($2::text[])[1 + g % 6], to_char(date '2026-10-20' + (g * 7 % 45), 'YYYY-MM-DD'),
              jsonb_strip_nulls(jsonb_build_object(
                'jumlah', CASE WHEN g % 53 = 0 THEN to_jsonb((g % 9)::text) ELSE to_jsonb(g % 23) END,
                'tinggi', CASE WHEN g % 5 = 0 THEN NULL ELSE to_jsonb(100 + (g % 40) / 4.0) END,
                'kategori', (ARRAY['a','b','c'])[1 + g % 3],
                'jenis', CASE WHEN g % 11 = 0 THEN NULL ELSE (ARRAY['x','y'])[1 + g % 2] END,
                'aktif', g % 4 <> 0,
                'stok', g % 13,
                'tanggal', to_char(date '2026-11-01' + g % 20, 'YYYY-MM-DD'))),
              'bulk', id, 1, g % 41 <> 0, CASE WHEN g % 29 = 0 THEN 'rejected' WHEN g % 7 = 0 THEN 'approved' ELSE 'submitted' END, $3
       FROM g`,
      [themeId, KELURAHAN, user],
    );
    await t.app.get(AggregationEngine).recompute(themeId, true);
  });
  afterAll(() => t.close());

  it('base cells: count, sum, avg and ratio components, count-where on numbers, strings and sets', async () => {
    await compare(
      'kelurahan',
      'day',
      'jumlah',
      'row_count, n, value_sum, value_min, value_max',
      `SELECT r, p, 'null' AS g, count(*), count(jumlah), sum(jumlah), min(jumlah), max(jumlah) FROM ${COUNTED} c GROUP BY r, p`,
    );
    await compare(
      'kelurahan',
      'day',
      'rata_tinggi',
      'n, value_sum, value_min, value_max',
      `SELECT r, p, 'null' AS g, count(tinggi) AS n, sum(tinggi), min(tinggi), max(tinggi) FROM ${COUNTED} c GROUP BY r, p`,
    );
    await compare(
      'kelurahan',
      'day',
      'jumlah_per_tinggi',
      'n, numerator, denominator',
      `SELECT r, p, 'null' AS g, count(*), coalesce(sum(jumlah), 0), coalesce(sum(tinggi), 0) FROM ${COUNTED} c GROUP BY r, p`,
    );
    await compare(
      'kelurahan',
      'day',
      'ab',
      'n',
      `SELECT r, p, 'null' AS g, count(*) FILTER (WHERE data -> 'kategori' IN ('"a"', '"b"')) FROM ${COUNTED} c GROUP BY r, p`,
    );
    await compare('kelurahan', 'day', 'besar', 'n', `SELECT r, p, 'null' AS g, count(*) FILTER (WHERE jumlah >= 5) FROM ${COUNTED} c GROUP BY r, p`);
    await compare('kelurahan', 'day', 'sejak', 'n', `SELECT r, p, 'null' AS g, count(*) FILTER (WHERE data ->> 'tanggal' >= '2026-11-10') FROM ${COUNTED} c GROUP BY r, p`);
  });

  it('groups of both groupBy fields, absent values as the null group, rolled up the tree and over time', async () => {
    await compare(
      'kecamatan',
      'week',
      'jumlah_per_jenis',
      'row_count, n, value_sum',
      `SELECT left(r, 8) AS r, to_char(p::date, 'IYYY-"W"IW') AS p, coalesce((data -> 'jenis')::text, 'null') AS g, count(*), count(jumlah), sum(jumlah)
       FROM ${COUNTED} c GROUP BY 1, 2, 3`,
    );
    await compare(
      'kota',
      'quarter',
      'rata_per_jenis',
      'n, value_sum, value_min, value_max',
      `SELECT left(r, 5) AS r, to_char(p::date, 'YYYY-"Q"Q') AS p, coalesce((data -> 'jenis')::text, 'null') AS g, count(tinggi), sum(tinggi), min(tinggi), max(tinggi)
       FROM ${COUNTED} c GROUP BY 1, 2, 3`,
    );
    await compare(
      'provinsi',
      'month',
      'aktif_per_kategori',
      'n, numerator, denominator',
      `SELECT left(r, 2) AS r, left(p, 7) AS p, (data -> 'kategori')::text AS g, count(*), count(*) FILTER (WHERE data -> 'aktif' = 'true'), count(*)
       FROM ${COUNTED} c GROUP BY 1, 2, 3`,
    );
    await compare(
      'kota',
      'year',
      'banyak',
      'row_count, n',
      `SELECT left(r, 5) AS r, left(p, 4) AS p, 'null' AS g, count(*), count(*) FROM ${COUNTED} c GROUP BY 1, 2`,
    );
  });

  it('overTime last takes each kelurahan’s latest day, avg divides by the days it reported, then adds up', async () => {
    const days = `SELECT r, p, left(p, 7) AS m, count(*) AS rc, count(stok) AS n, sum(stok) AS s FROM ${COUNTED} c GROUP BY r, p`;
    const last = `SELECT d.* FROM (${days}) d WHERE d.p = (SELECT max(e.p) FROM (${days}) e WHERE e.r = d.r AND e.m = d.m)`;
    await compare('kelurahan', 'month', 'stok', 'row_count, n, value_sum', `SELECT r, m AS p, 'null' AS g, rc, n, s FROM (${last}) l`);
    await compare('kota', 'month', 'stok', 'row_count, n, value_sum', `SELECT left(r, 5) AS r, m AS p, 'null' AS g, sum(rc), sum(n), sum(s) FROM (${last}) l GROUP BY 1, 2`);
    const mean = `SELECT r, m, sum(rc) / count(*) AS rc, sum(n) / count(*) AS n, sum(s) / count(*) AS s FROM (${days}) d GROUP BY r, m`;
    await compare('kota', 'month', 'stok_rata', 'row_count, n, value_sum', `SELECT left(r, 5) AS r, m AS p, 'null' AS g, sum(rc), sum(n), sum(s) FROM (${mean}) a GROUP BY 1, 2`);
  });

  it('drops the cells whose submissions are gone and keeps every other cell, updating its values', async () => {
    const [{ r, p }] = (await t.db.query(`SELECT r, p FROM ${COUNTED} c GROUP BY r, p ORDER BY r, p LIMIT 1`)) as { r: string; p: string }[];
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1`, [themeId])) as { n: number }[];
    // Straight to the table, as if the outbox had been lost: only a recompute can notice.
    await t.db.query(`UPDATE submission SET status = 'rejected' WHERE theme_id = $1 AND region_code = $2 AND period_key = $3`, [themeId, r, p]);
    await t.db.query(`UPDATE submission SET data = jsonb_set(data, '{jumlah}', '1000') WHERE theme_id = $1 AND region_code = $2 AND period_key > $3`, [themeId, r, p]);
    await t.app.get(AggregationEngine).recompute(themeId, true);
    const gone = (await t.db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1 AND level = 'kelurahan' AND region_code = $2 AND period_key = $3`, [
      themeId,
      r,
      p,
    ])) as { n: number }[];
    expect(gone[0].n).toBe(0);
    const after = (await t.db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1`, [themeId])) as { n: number }[];
    expect(after[0].n).toBeLessThan(before[0].n);
    await compare(
      'kelurahan',
      'day',
      'jumlah',
      'row_count, n, value_sum',
      `SELECT r, p, 'null' AS g, count(*), count(jumlah), sum(jumlah) FROM ${COUNTED} c GROUP BY r, p`,
    );
    await compare('kecamatan', 'month', 'jumlah', 'row_count, value_sum', `SELECT left(r, 8) AS r, left(p, 7) AS p, 'null' AS g, count(*), sum(jumlah) FROM ${COUNTED} c GROUP BY 1, 2`);
    // Every stored cell has a counted submission behind it.
    const [orphans] = (await t.db.query(
      `SELECT count(*)::int AS n FROM aggregate_cell a WHERE a.theme_id = $1 AND a.level = 'kelurahan' AND a.granularity = 'day'
         AND NOT EXISTS (SELECT FROM ${COUNTED} c WHERE c.r = a.region_code AND c.p = a.period_key)`,
      [themeId],
    )) as { n: number }[];
    expect(orphans.n).toBe(0);
  });
});
