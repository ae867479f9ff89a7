import ExcelJS from 'exceljs';
import { parseCsv } from '../../../server/src/modules/regions/region-csv';
import type { Aggregation } from '../../../schemas/theme-definition';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, HADIMULYO_TIMUR, IMOPURO, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT, METRO_UTARA } from '../../support/regions';
import { submit } from '../../support/submissions';
import { publishTheme } from '../../support/test-app';
import { aggregationTheme, makeTheme } from '../../support/themes';

/**
 * The aggregates as files (Satu Data long format, CSV and XLSX) checked cell by cell against numbers
 * the test computes itself, and small-cell suppression through the API: the subtraction, ratio and
 * two-periods attacks, the same in JSON, CSV and XLSX.
 */

interface Item {
  regionCode: string;
  periodKey: string;
  measure: string;
  group: string | number | boolean | null;
  value: number | null;
  suppressed: boolean;
}

const HEADER = [
  'kode_provinsi', 'nama_provinsi', 'kode_kabupaten_kota', 'nama_kabupaten_kota', 'kode_kecamatan', 'nama_kecamatan',
  'kode_desa_kelurahan', 'nama_desa_kelurahan', 'periode', 'tahun', 'indikator', 'nama_indikator', 'kelompok', 'nilai', 'satuan', 'keterangan',
];

const META = { konsep: 'Catatan usaha', definisi: 'Banyaknya catatan', rumus: 'banyaknya catatan', sumber: 'TP-PKK Kota Metro (uji)' };
const MEASURES: Aggregation[] = [
  { key: 'banyak', title: 'Banyak catatan', op: 'count', satuan: 'catatan', ...META },
  // A title and metadata that a spreadsheet would run as formulas.
  { key: 'total_jumlah', title: '=SUM(A1:A9)', op: 'sum', field: '/jumlah', satuan: 'unit', ...META, konsep: '+konsep', sumber: '@sumber' },
  { key: 'per_kategori', title: 'Menurut kategori', op: 'count', groupBy: '/kategori', satuan: 'catatan', ...META },
  { key: 'rata_jumlah', title: 'Rata-rata jumlah', op: 'avg', field: '/jumlah', satuan: 'unit', ...META },
];

describe('aggregates as Satu Data files, and suppression that survives subtraction', () => {
  let p: Pipeline;
  let admin: string;
  let names: Map<string, string>;
  let slug: string;

  const get = (path: string, auth = admin) => p.t.http().get(path).set('Authorization', auth);
  const binary = (path: string) =>
    get(path)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function items(theme: string, query: Record<string, string>): Promise<Item[]> {
    const response = await get(`/api/themes/${theme}/aggregates`).query({ limit: '1000', ...query });
    expect(response.status).toBe(200);
    return response.body.items as Item[];
  }

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    names = new Map(((await p.t.db.query('SELECT code, name FROM region')) as { code: string; name: string }[]).map((r) => [r.code, r.name]));
    const definition = makeTheme((d) => {
      d.aggregations = MEASURES;
      d.schema.properties.kategori.enum = ['a', '-b'];
    });
    slug = definition.slug;
    await publishTheme(p.t, admin, definition);
    const s = (region: string, data: Record<string, unknown>) => submit(p.t, admin, slug, region, '2026-11', { nama: 'Usaha', ...data });
    await s(KELURAHAN_METRO, { jumlah: 3, kategori: 'a' });
    await s(KELURAHAN_METRO, { jumlah: 4, kategori: '-b' });
    await s(HADIMULYO_TIMUR, { jumlah: 10, kategori: 'a' });
    await s(BANJARSARI, { jumlah: 5 });
    await p.settle();
  });
  afterAll(() => p.close());

  /** The Satu Data rows of the kecamatan cells, from the submissions above, as the test computes them. */
  function expectedRows(): (string | number | null)[][] {
    const kecamatan = [
      { code: METRO_PUSAT, records: [{ jumlah: 3, kategori: 'a' }, { jumlah: 4, kategori: '-b' }, { jumlah: 10, kategori: 'a' }] },
      { code: METRO_UTARA, records: [{ jumlah: 5, kategori: null }] },
    ];
    const rows: (string | number | null)[][] = [];
    for (const { code, records } of kecamatan) {
      const region = ['18', names.get('18')!, '18.72', names.get('18.72')!, code, names.get(code)!, null, null, '2026-11', 2026];
      const total = records.reduce((sum, r) => sum + r.jumlah, 0);
      rows.push([...region, 'banyak', 'Banyak catatan', null, records.length, 'catatan', null]);
      // Groups in the order of their JSON text, as the API answers them.
      const groups = [...new Set(records.map((r) => r.kategori))].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      for (const group of groups) rows.push([...region, 'per_kategori', 'Menurut kategori', group, records.filter((r) => r.kategori === group).length, 'catatan', null]);
      rows.push([...region, 'rata_jumlah', 'Rata-rata jumlah', null, total / records.length, 'unit', null]);
      rows.push([...region, 'total_jumlah', '=SUM(A1:A9)', null, total, 'unit', null]);
    }
    return rows;
  }

  /** A cell as a spreadsheet shows it: text that starts a formula carries a leading apostrophe. */
  const shown = (value: string | number | null) => (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

  it('answers the CSV in Satu Data long format: UTF-8 with BOM, a header, every column and value as computed, formulas neutralized', async () => {
    const response = await get(`/api/themes/${slug}/aggregates.csv?level=kecamatan&period=month`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${slug}-agregat-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
    expect(response.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(response.text.slice(1));
    expect(header).toEqual(HEADER);
    expect(rows).toEqual(expectedRows().map((row) => row.map((value) => (value === null ? '' : String(shown(value))))));
    // The neutralized title is still readable, and the group "-b" is text, not a subtraction.
    expect(response.text).toContain(",'=SUM(A1:A9),");
    expect(response.text).toContain(",'-b,");
  });

  it('answers the XLSX with codes as text, numbers as numbers, a metadata sheet, formulas neutralized', async () => {
    const response = await binary(`/api/themes/${slug}/aggregates.xlsx?level=kecamatan&period=month`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ExcelJS.Buffer);
    const data = workbook.getWorksheet('data')!;
    const table = data.getSheetValues().slice(1).map((row) => (row as ExcelJS.CellValue[]).slice(1));
    const width = HEADER.length;
    const padded = table.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
    expect(padded[0]).toEqual(HEADER);
    expect(padded.slice(1)).toEqual(expectedRows().map((row) => row.map(shown)));
    expect(typeof data.getCell('A2').value).toBe('string');
    expect(typeof data.getCell('N2').value).toBe('number');

    const metadata = workbook.getWorksheet('metadata')!;
    const described = metadata.getSheetValues().slice(1).map((row) => (row as ExcelJS.CellValue[]).slice(1));
    expect(described).toEqual([
      ['indikator', 'nama_indikator', 'konsep', 'definisi', 'rumus', 'satuan', 'sumber'],
      ...MEASURES.map((m) => [m.key, m.title, m.konsep, m.definisi, m.rumus, m.satuan, m.sumber].map((value) => shown(value ?? null))),
    ]);
  });

  it('checks the query before the first byte: a bad one is problem+json, not half a file', async () => {
    expectProblem(await get(`/api/themes/${slug}/aggregates.csv?level=rt`), 400, 'INVALID_QUERY');
    expectProblem(await get(`/api/themes/${slug}/aggregates.xlsx?region=18.71`), 404, 'REGION_OUT_OF_SCOPE');
    expectProblem(await get('/api/themes/tidak-ada/aggregates.csv'), 404);
  });

  describe('on a sensitive theme', () => {
    const SENSITIVE = 'uji-sensitif-berkas';
    const D1 = '2026-11-02';
    const D2 = '2026-11-03';

    beforeAll(async () => {
      await publishTheme(p.t, admin, aggregationTheme(SENSITIVE, (d) => (d.sensitivity = 'sensitive')));
      const s = (region: string, day: string, aktif: boolean) => submit(p.t, admin, SENSITIVE, region, day, { jumlah: 1, tinggi: 100, kategori: 'a', aktif });
      // Metro Pusat: 3 + 6 + 8 records, every one of Metro aktif, 5 of Hadimulyo Timur, 2 of Imopuro.
      for (let i = 0; i < 3; i++) await s(KELURAHAN_METRO, D1, true);
      for (let i = 0; i < 6; i++) await s(HADIMULYO_TIMUR, D1, i < 5);
      for (let i = 0; i < 8; i++) await s(IMOPURO, D1, i < 2);
      // Banjarsari: 7 records one day, 2 the next.
      for (let i = 0; i < 7; i++) await s(BANJARSARI, D1, true);
      for (let i = 0; i < 2; i++) await s(BANJARSARI, D2, true);
      await p.settle();
    });

    const find = (list: Item[], region: string, measure: string, periodKey = '2026-11') => list.find((i) => i.regionCode === region && i.measure === measure && i.periodKey === periodKey)!;

    it('defeats subtraction: the kecamatan total minus the visible kelurahan gives no hidden one', async () => {
      const kelurahan = await items(SENSITIVE, { measure: 'banyak', period: 'month', region: METRO_PUSAT });
      expect(kelurahan.map((i) => [i.regionCode, i.value, i.suppressed])).toEqual([
        [KELURAHAN_METRO, null, true],
        // 6 records are enough, but 17 − 8 would give Metro's 3: the smallest sibling goes with it.
        [HADIMULYO_TIMUR, null, true],
        [IMOPURO, 8, false],
      ]);
      const kecamatan = await items(SENSITIVE, { measure: 'banyak', period: 'month', level: 'kecamatan' });
      expect(find(kecamatan, METRO_PUSAT, 'banyak')).toEqual(expect.objectContaining({ value: 17, suppressed: false }));
    });

    it('defeats the ratio attack: a share resting on 2 records is hidden though its denominator is shown', async () => {
      const list = await items(SENSITIVE, { period: 'month', region: METRO_PUSAT });
      // Imopuro: 8 records shown, and 2 of them aktif — 25 % × 8 would give the 2 away.
      expect(find(list, IMOPURO, 'banyak')).toEqual(expect.objectContaining({ value: 8, suppressed: false }));
      expect(find(list, IMOPURO, 'persen_aktif')).toEqual(expect.objectContaining({ value: null, suppressed: true }));
      // Metro rests on 3 records; with two hidden, the kecamatan share gives neither back.
      expect(find(list, KELURAHAN_METRO, 'persen_aktif').suppressed).toBe(true);
      expect(find(list, HADIMULYO_TIMUR, 'persen_aktif')).toEqual(expect.objectContaining({ value: (5 / 6) * 100, suppressed: false }));
      // min and max are never published for a sensitive theme.
      const kota = await items(SENSITIVE, { period: 'month', level: 'kota' });
      expect(find(kota, KOTA_METRO, 'max_tinggi')).toEqual(expect.objectContaining({ value: null, suppressed: true }));
      expect(find(kota, KOTA_METRO, 'banyak')).toEqual(expect.objectContaining({ value: 26, suppressed: false }));
    });

    it('defeats the two-periods case: the month minus one day gives no hidden day', async () => {
      const days = await items(SENSITIVE, { measure: 'banyak', region: BANJARSARI });
      expect(days.map((i) => [i.periodKey, i.value, i.suppressed])).toEqual([
        [D1, null, true],
        [D2, null, true],
      ]);
      expect(find(await items(SENSITIVE, { measure: 'banyak', period: 'month', region: BANJARSARI }), BANJARSARI, 'banyak').value).toBe(9);
    });

    it('suppresses the same cells in the CSV and the XLSX, with an empty value and "disensor"', async () => {
      const json = await items(SENSITIVE, { period: 'month', region: METRO_PUSAT });
      const csv = parseCsv((await get(`/api/themes/${SENSITIVE}/aggregates.csv?period=month&region=${METRO_PUSAT}`)).text.slice(1));
      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load((await binary(`/api/themes/${SENSITIVE}/aggregates.xlsx?period=month&region=${METRO_PUSAT}`)).body as ExcelJS.Buffer);
      const sheet = xlsx.getWorksheet('data')!;
      const column = (name: string) => HEADER.indexOf(name);
      expect(csv.length - 1).toBe(json.length);
      json.forEach((item, index) => {
        const line = csv[index + 1];
        const row = sheet.getRow(index + 2);
        expect([line[column('kode_desa_kelurahan')], line[column('indikator')]]).toEqual([item.regionCode, item.measure]);
        expect(line[column('nilai')]).toBe(item.suppressed ? '' : String(item.value));
        expect(line[column('keterangan')]).toBe(item.suppressed ? 'disensor' : '');
        expect(row.getCell(column('nilai') + 1).value).toBe(item.suppressed ? null : item.value);
        expect(row.getCell(column('keterangan') + 1).value).toBe(item.suppressed ? 'disensor' : null);
      });
      expect(json.some((item) => item.suppressed)).toBe(true);
    });
  });
});
