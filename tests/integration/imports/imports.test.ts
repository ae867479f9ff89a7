import ExcelJS from 'exceljs';
import type { ThemeDefinition } from '../../../schemas/theme-definition';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT } from '../../support/regions';
import { publishTheme, TestApp, themeIdOf } from '../../support/test-app';
import { makeTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

interface ImportReport {
  id: string;
  status: string;
  progress: number;
  source: string;
  total: number;
  accepted: number;
  rejected: number;
  stored: number;
  alreadyStored: number;
  errors: { row: number; path: string; field: string | null; message: string }[];
  ignoredColumns: string[];
  error?: string;
}

/** A registry theme with every kind of column: text, integer, number, date, choice with labels, yes/no, a group and a repeat. */
function registryTheme(): ThemeDefinition {
  return makeTheme((d) => {
    d.title = 'Registri uji';
    d.schema = {
      type: 'object',
      required: ['nama', 'jumlah'],
      additionalProperties: false,
      properties: {
        nama: { type: 'string', title: 'Nama', minLength: 1, maxLength: 100 },
        jumlah: { type: 'integer', title: 'Jumlah', minimum: 0, maximum: 10000000 },
        omzet: { type: 'number', title: 'Omzet (Rp)', minimum: 0 },
        tanggal: { type: 'string', format: 'date', title: 'Tanggal daftar' },
        kategori: { type: 'string', title: 'Kategori', enum: ['a', 'b'] },
        aktif: { type: 'boolean', title: 'Aktif' },
        alamat: { type: 'object', title: 'Alamat', additionalProperties: false, properties: { rt: { type: 'string', title: 'RT', pattern: '^[0-9]{3}$' } } },
        anggota: {
          type: 'array',
          title: 'Anggota',
          items: {
            type: 'object',
            required: ['nama_anggota'],
            additionalProperties: false,
            properties: { nama_anggota: { type: 'string', title: 'Nama anggota', minLength: 1 }, umur: { type: 'integer', title: 'Umur', minimum: 0, maximum: 130 } },
          },
        },
      },
    };
    d.uiSchema = {
      'ui:order': ['nama', 'jumlah', 'omzet', 'tanggal', 'kategori', 'aktif', 'alamat', 'anggota'],
      anggota: { items: { 'ui:order': ['nama_anggota', 'umur'] } },
      nama: { 'ui:help': 'Nama lengkap sesuai KTP' }, kategori: { 'ui:enumNames': ['Kategori A', 'Kategori B'] } };
  });
}

async function template(t: TestApp, auth: string, slug: string): Promise<ExcelJS.Workbook> {
  const response = await t
    .http()
    .get(`/api/themes/${slug}/import-template.xlsx`)
    .set('Authorization', auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  return workbook;
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(t: TestApp, auth: string, slug: string, file: Buffer, fields: Record<string, string> = {}, filename = 'impor.xlsx'): Promise<ImportReport> {
  let request = t.http().post(`/api/themes/${slug}/imports`).set('Authorization', auth);
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  const created = await request.attach('file', file, filename);
  expect({ status: created.status, text: created.text }).toEqual({ status: 202, text: expect.any(String) });
  return waitFor(`import ${created.body.id}`, async () => {
    const body = (await t.http().get(`/api/imports/${created.body.id}`).set('Authorization', auth).expect(200)).body as ImportReport;
    return body.status === 'done' || body.status === 'failed' ? body : null;
  }, { timeoutMs: 60_000, explain: async () => JSON.stringify(await t.db.query(`SELECT status, progress, error FROM import_job WHERE id = $1`, [created.body.id])) });
}

async function storedCount(t: TestApp, slug: string): Promise<number> {
  const [row] = (await t.db.query(`SELECT count(*)::int AS n FROM submission WHERE theme_id = $1`, [await themeIdOf(t, slug)])) as { n: number }[];
  return row.n;
}

/** Fills the template's Data sheet (by header) and its Anggota sheet. */
function fill(workbook: ExcelJS.Workbook, rows: Record<string, ExcelJS.CellValue>[], members: Record<string, ExcelJS.CellValue>[] = []) {
  for (const [sheetName, values] of [
    ['Data', rows],
    ['Anggota', members],
  ] as const) {
    const sheet = workbook.getWorksheet(sheetName)!;
    const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => (v === null || v === undefined ? '' : String(v)));
    values.forEach((row, i) => {
      for (const [header, value] of Object.entries(row)) {
        const column = headers.indexOf(header);
        if (column < 0) throw new Error(`no column ${header} in ${sheetName}: ${headers.join('|')}`);
        sheet.getRow(i + 2).getCell(column).value = value;
      }
    });
  }
}

describe('imports of the theme template, CSV and Kobo exports', () => {
  let p: Pipeline;
  let admin: string;
  let theme: ThemeDefinition;

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    await p.startWorker();
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    theme = registryTheme();
    await publishTheme(p.t, admin, theme);
  });
  afterAll(() => p.close());

  it('makes a template: titles as headers, help as comments, dropdowns of choices and of the caller’s regions, a hidden sheet naming theme and version', async () => {
    const kelurahanAdmin = (await p.t.as('admin', METRO_PUSAT)).auth;
    const workbook = await template(p.t, kelurahanAdmin, theme.slug);
    const data = workbook.getWorksheet('Data')!;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Kode wilayah',
      'Periode',
      'Nama',
      'Jumlah',
      'Omzet (Rp)',
      'Tanggal daftar',
      'Kategori',
      'Aktif',
      'Alamat – RT',
    ]);
    expect(String(data.getCell('C1').note)).toContain('Nama lengkap sesuai KTP');
    const meta = workbook.getWorksheet('_wakuncar')!;
    expect(meta.state).toBe('veryHidden');
    expect([meta.getCell('A1').value, meta.getCell('B1').value, meta.getCell('A2').value, meta.getCell('B2').value]).toEqual(['tematik', theme.slug, 'versi', 1]);
    const anggota = workbook.getWorksheet('Anggota')!;
    expect((anggota.getRow(1).values as unknown[]).slice(1)).toEqual(['Baris data', 'Nama anggota', 'Umur']);
    // Dropdowns read the hidden list sheet: the kategori labels, and the regions of the caller's subtree only.
    const lists = workbook.getWorksheet('_pilihan')!;
    const listed = (column: number) => lists.getColumn(column).values.filter((v) => v !== undefined && v !== null).map(String);
    const regions = listed(1);
    expect(regions.length).toBeGreaterThan(1);
    expect(regions.every((entry) => entry.startsWith(`${METRO_PUSAT}.`))).toBe(true);
    expect(listed(2)).toEqual(['Kategori A', 'Kategori B']);
    const validation = (data as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(Object.values(validation).some((v) => v.type === 'list' && String(v.formulae[0]).includes('$B$1:$B$2'))).toBe(true);
  });

  it('gives the built-ins\' branches their place: the NIB column after "has a NIB", the dasawisma households on their own sheet', async () => {
    const umkm = (await template(p.t, admin, 'umkm')).getWorksheet('Data')!;
    const headers = (umkm.getRow(1).values as unknown[]).slice(1);
    expect(headers.indexOf('Nomor Induk Berusaha (NIB)')).toBe(headers.indexOf('Sudah memiliki NIB') + 1);
    const households = (await template(p.t, admin, 'dasawisma-rekap')).getWorksheet('Daftar rumah tangga')!;
    expect((households.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Baris data', 'Nama kepala rumah tangga', 'Jumlah KK']);
  });

  it('stores a good file with every row, reading Excel dates, text dates and Indonesian numbers; the same file again stores nothing twice', async () => {
    const workbook = await template(p.t, admin, theme.slug);
    fill(
      workbook,
      [
        { 'Kode wilayah': `${KELURAHAN_METRO} Metro`, Periode: '2026-11', Nama: 'Bu Sri', Jumlah: '1.500.000', 'Omzet (Rp)': '1.500.000,50', 'Tanggal daftar': new Date(Date.UTC(2026, 10, 28)), Kategori: 'Kategori B', Aktif: 'ya', 'Alamat – RT': '004' },
        { 'Kode wilayah': HADIMULYO_TIMUR, Periode: '2026-10', Nama: 'Pak Budi', Jumlah: 3, 'Omzet (Rp)': 2500.75, 'Tanggal daftar': '28/10/2026', Kategori: 'a', Aktif: 'tidak' },
        { 'Kode wilayah': HADIMULYO_TIMUR, Periode: '2026-10', Nama: 'Bu Ani', Jumlah: '12', 'Tanggal daftar': '2026-10-01' },
      ],
      [
        { 'Baris data': 2, 'Nama anggota': 'Sari', Umur: 12 },
        { 'Baris data': 2, 'Nama anggota': 'Rina', Umur: '9' },
        { 'Baris data': 3, 'Nama anggota': 'Dodi' },
      ],
    );
    const file = await toBuffer(workbook);
    const report = await upload(p.t, admin, theme.slug, file);
    expect(report).toEqual(expect.objectContaining({ status: 'done', progress: 1, source: 'template', total: 3, accepted: 3, rejected: 0, stored: 3, alreadyStored: 0, errors: [] }));
    const stored = (await p.t.db.query(`SELECT region_code, period_key, data FROM submission WHERE theme_id = $1 ORDER BY data->>'nama'`, [await themeIdOf(p.t, theme.slug)])) as {
      region_code: string;
      period_key: string;
      data: Record<string, unknown>;
    }[];
    expect(stored.map((s) => [s.region_code, s.period_key, s.data])).toEqual([
      [HADIMULYO_TIMUR, '2026-10', { nama: 'Bu Ani', jumlah: 12, tanggal: '2026-10-01' }],
      [
        KELURAHAN_METRO,
        '2026-11',
        { nama: 'Bu Sri', jumlah: 1500000, omzet: 1500000.5, tanggal: '2026-11-28', kategori: 'b', aktif: true, alamat: { rt: '004' }, anggota: [{ nama_anggota: 'Sari', umur: 12 }, { nama_anggota: 'Rina', umur: 9 }] },
      ],
      [HADIMULYO_TIMUR, '2026-10', { nama: 'Pak Budi', jumlah: 3, omzet: 2500.75, tanggal: '2026-10-28', kategori: 'a', aktif: false, anggota: [{ nama_anggota: 'Dodi' }] }],
    ]);
    // The aggregates refresh as for any submission (the outbox rows were written with the rows).
    await p.settle();
    const cells = await p.t.http().get(`/api/themes/${theme.slug}/aggregates`).query({ measure: 'banyak', level: 'kota', period: 'year' }).set('Authorization', admin).expect(200);
    expect(cells.body.items.map((i: { value: number }) => i.value)).toEqual([3]);

    // An imported row is a submission like any other: POSTing it again as it was stored is a replay.
    const [one] = (await p.t.db.query(`SELECT id, region_code, period_key, data FROM submission WHERE theme_id = $1 AND data->>'nama' = 'Bu Ani'`, [await themeIdOf(p.t, theme.slug)])) as {
      id: string;
      region_code: string;
      period_key: string;
      data: Record<string, unknown>;
    }[];
    await p.t
      .http()
      .post(`/api/themes/${theme.slug}/submissions`)
      .set('Authorization', admin)
      .send({ id: one.id, regionCode: one.region_code, period: one.period_key, version: 1, data: one.data })
      .expect(200);

    const again = await upload(p.t, admin, theme.slug, file);
    expect(again).toEqual(expect.objectContaining({ status: 'done', accepted: 3, stored: 0, alreadyStored: 3 }));
    expect(await storedCount(p.t, theme.slug)).toBe(3);
  });

  it('stores nothing from a file with bad rows and reports every bad row, by row, field title and a plain message', async () => {
    const definition = registryTheme();
    await publishTheme(p.t, admin, definition);
    const kelurahanAdmin = (await p.t.as('admin', METRO_PUSAT)).auth;
    const workbook = await template(p.t, admin, definition.slug);
    fill(workbook, [
      { 'Kode wilayah': KELURAHAN_METRO, Periode: '2026-11', Nama: 'Baik', Jumlah: 1 },
      { 'Kode wilayah': KELURAHAN_METRO, Periode: '2026-11', Nama: 'Ambigu', Jumlah: 1, 'Omzet (Rp)': '1.500' },
      { 'Kode wilayah': KELURAHAN_METRO, Periode: '2026-11', Jumlah: 2, 'Tanggal daftar': '31/02/2026' },
      { 'Kode wilayah': BANJARSARI, Periode: '2026-11', Nama: 'Di luar wilayah', Jumlah: 2, 'Alamat – RT': '4' },
      { 'Kode wilayah': KELURAHAN_METRO, Periode: '2026-11', Nama: 'Baik juga', Jumlah: 'banyak', Kategori: 'Kategori Z' },
    ]);
    const report = await upload(p.t, kelurahanAdmin, definition.slug, await toBuffer(workbook));
    expect(report).toEqual(expect.objectContaining({ status: 'done', total: 5, accepted: 0, rejected: 4, stored: 0 }));
    const byRow = (row: number) => report.errors.filter((e) => e.row === row).map((e) => [e.path, e.field, e.message]);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual([['/omzet', 'Omzet (Rp)', expect.stringMatching(/^Omzet \(Rp\): "1\.500" bisa dibaca 1500 atau 1,5/)]]);
    expect(byRow(4)).toEqual([
      ['/tanggal', 'Tanggal daftar', expect.stringContaining('tidak ada')],
      ['/nama', 'Nama', 'Nama wajib diisi'],
    ]);
    expect(byRow(5)).toEqual([
      ['/regionCode', 'Kode wilayah', `Wilayah ${BANJARSARI} tidak ditemukan di wilayah Anda`],
      ['/alamat/rt', 'RT', expect.any(String)],
    ]);
    expect(byRow(6).map(([path, field]) => [path, field])).toEqual([
      ['/jumlah', 'Jumlah'],
      ['/kategori', 'Kategori'],
    ]);
    expect(report.errors.every((e) => !/instancePath|must |\^\[/.test(e.message))).toBe(true);
    expect(await storedCount(p.t, definition.slug)).toBe(0);
  });

  it('checks a dry run the same way and stores nothing', async () => {
    const definition = registryTheme();
    await publishTheme(p.t, admin, definition);
    const workbook = await template(p.t, admin, definition.slug);
    fill(workbook, [{ 'Kode wilayah': KELURAHAN_METRO, Periode: '2026-11', Nama: 'Coba', Jumlah: 1 }]);
    const report = await upload(p.t, admin, definition.slug, await toBuffer(workbook), { dryRun: 'true' });
    expect(report).toEqual(expect.objectContaining({ status: 'done', accepted: 1, rejected: 0, stored: 0, alreadyStored: 0 }));
    expect(await storedCount(p.t, definition.slug)).toBe(0);

    // The template of one theme is not read as another's.
    const elsewhere = await upload(p.t, admin, theme.slug, await toBuffer(workbook), { dryRun: 'true' });
    expect(elsewhere).toEqual(expect.objectContaining({ status: 'failed', error: `Templat ini untuk tematik "${definition.slug}", bukan "${theme.slug}"; unduh templat tematik ini` }));
  });

  it('reads a CSV saved by Excel in Indonesia (semicolons, titles or keys as headers, dates as text)', async () => {
    const definition = registryTheme();
    await publishTheme(p.t, admin, definition);
    const csv = [
      'Kode wilayah;Periode;Nama;jumlah;Omzet (Rp);Tanggal daftar;Kategori;aktif;alamat/rt',
      `${KELURAHAN_METRO};28/11/2026;"Warung ""Bu Sri""";1.234.567;"1.500.000,50";28/11/2026;Kategori A;Ya;007`,
      '',
      `${KELURAHAN_METRO};2026-11;Toko Dua;5;12,5;2026-11-01;b;t;`,
    ].join('\r\n');
    const report = await upload(p.t, admin, definition.slug, Buffer.from(`\uFEFF${csv}`), {}, 'registri.csv');
    expect(report).toEqual(expect.objectContaining({ status: 'done', source: 'table', total: 2, accepted: 2, stored: 2, errors: [] }));
    const stored = (await p.t.db.query(`SELECT period_key, data FROM submission WHERE theme_id = $1 ORDER BY data->>'nama'`, [await themeIdOf(p.t, definition.slug)])) as { period_key: string; data: Record<string, unknown> }[];
    expect(stored).toEqual([
      { period_key: '2026-11', data: { nama: 'Toko Dua', jumlah: 5, omzet: 12.5, tanggal: '2026-11-01', kategori: 'b', aktif: false } },
      { period_key: '2026-11', data: { nama: 'Warung "Bu Sri"', jumlah: 1234567, omzet: 1500000.5, tanggal: '2026-11-28', kategori: 'a', aktif: true, alamat: { rt: '007' } } },
    ]);

    const unknown = await upload(p.t, admin, definition.slug, Buffer.from('Kode wilayah,Periode,Nama,Jumlah,Bonus\n18.72.01.1001,2026-11,A,1,2\n'), {}, 'lain.csv');
    expect(unknown).toEqual(expect.objectContaining({ accepted: 0, stored: 0 }));
    expect(unknown.errors).toEqual([{ row: 1, path: '', field: null, message: expect.stringContaining('"Bonus"') }]);
  });

  it('computes calculated fields for every imported row as POST does, replacing what the file says for them', async () => {
    const csv = [
      'Kode wilayah;Periode;nik_anak;nama_anak;nama_orang_tua;jenis_kelamin;tanggal_lahir;tanggal_pengukuran;tinggi_badan_cm;cara_ukur;berat_badan_kg;nama_posyandu;kategori_tbu',
      `${KELURAHAN_METRO};2026-11;1872015003250001;Aisyah Putri;Rina Marlina;perempuan;10/03/2025;12/11/2026;74,2;terlentang;8,6;Posyandu Mawar;normal`,
    ].join('\r\n');
    const report = await upload(p.t, admin, 'stunting', Buffer.from(csv), {}, 'pengukuran.csv');
    expect(report).toEqual(expect.objectContaining({ status: 'done', accepted: 1, stored: 1, errors: [], ignoredColumns: ['kategori_tbu'] }));
    const [row] = (await p.t.db.query(`SELECT data FROM submission WHERE theme_id = $1`, [await themeIdOf(p.t, 'stunting')])) as { data: Record<string, unknown> }[];
    // The same values the stunting fixture holds, computed by the server (the file's "normal" replaced).
    expect(row.data).toMatchObject({ umur_hari: 612, umur_bulan: 20, zscore_tbu: -2.85, kategori_tbu: 'pendek', zscore_bbtb: -0.51, kategori_bbtb: 'gizi_baik' });
  });

  it('loads a Kobo export (XML values and headers) of an XLSForm: _uuid as id, group paths into the nesting, XML numbers, repeats by _parent_index, meta columns ignored', async () => {
    const definition = makeTheme((d) => {
      d.schema = {
        type: 'object',
        required: ['jumlah'],
        additionalProperties: false,
        properties: {
          identitas: { type: 'object', title: 'Identitas', additionalProperties: false, properties: { nama: { type: 'string', title: 'Nama' } } },
          jumlah: { type: 'integer', title: 'Jumlah', minimum: 0 },
          berat: { type: 'number', title: 'Berat (kg)' },
          bantuan: { type: 'array', title: 'Bantuan', uniqueItems: true, items: { type: 'string', enum: ['modal', 'pelatihan'] } },
          lokasi: { type: 'object', title: 'Lokasi', additionalProperties: false, properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracy: { type: 'number' } } },
          anak: { type: 'array', title: 'Anak', items: { type: 'object', additionalProperties: false, properties: { nama_anak: { type: 'string', title: 'Nama anak' } } } },
        },
      };
      d.uiSchema = {};
    });
    await publishTheme(p.t, admin, definition);
    const workbook = new ExcelJS.Workbook();
    const main = workbook.addWorksheet(definition.slug.slice(0, 31));
    main.addRow(['start', 'end', 'identitas/nama', 'jumlah', 'berat', 'bantuan', 'bantuan/modal', 'bantuan/pelatihan', 'lokasi', '_lokasi_latitude', '_lokasi_longitude', 'meta/instanceID', '_id', '_uuid', '_submission_time', '_index', '__version__', 'catatan_petugas']);
    main.addRow(['2026-11-20T08:00:00.000+07:00', '2026-11-20T08:05:00.000+07:00', 'Bu Sri', 2, '2.125', 'modal pelatihan', 1, 1, '-5.1131 105.3067 0 4.5', -5.1131, 105.3067, 'uuid:0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f', 101, '0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f', '2026-11-20T01:05:10', 1, 'v1', 'catatan']);
    main.addRow(['2026-10-31T20:00:00.000+07:00', '2026-10-31T20:05:00.000+07:00', 'Pak Budi', 0, '', '', 0, 0, '', '', '', 'uuid:1c1f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f', 102, '1c1f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f', '2026-10-31T18:05:10', 2, 'v1', '']);
    const anak = workbook.addWorksheet('anak');
    anak.addRow(['anak/nama_anak', '_index', '_parent_table_name', '_parent_index', '_submission__uuid']);
    anak.addRow(['Sari', 1, definition.slug, 1, '0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f']);
    anak.addRow(['Dodi', 2, definition.slug, 1, '0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f']);
    const file = await toBuffer(workbook);

    const report = await upload(p.t, admin, definition.slug, file, { regionCode: KELURAHAN_METRO });
    expect(report).toEqual(expect.objectContaining({ status: 'done', source: 'kobo', accepted: 2, stored: 2, errors: [], ignoredColumns: ['catatan_petugas'] }));
    const stored = (await p.t.db.query(`SELECT id, region_code, period_key, data FROM submission WHERE theme_id = $1 ORDER BY id`, [await themeIdOf(p.t, definition.slug)])) as {
      id: string;
      region_code: string;
      period_key: string;
      data: Record<string, unknown>;
    }[];
    expect(stored).toEqual([
      {
        id: '0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f',
        region_code: KELURAHAN_METRO,
        period_key: '2026-11',
        data: { identitas: { nama: 'Bu Sri' }, jumlah: 2, berat: 2.125, bantuan: ['modal', 'pelatihan'], lokasi: { lat: -5.1131, lon: 105.3067, accuracy: 4.5 }, anak: [{ nama_anak: 'Sari' }, { nama_anak: 'Dodi' }] },
      },
      // Finished on the phone at 20:05 WIB on 31 October (`end`), received 01:05 WIB on 1 November: October's.
      { id: '1c1f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f', region_code: KELURAHAN_METRO, period_key: '2026-10', data: { identitas: { nama: 'Pak Budi' }, jumlah: 0 } },
    ]);
    const again = await upload(p.t, admin, definition.slug, file, { regionCode: KELURAHAN_METRO });
    expect(again).toEqual(expect.objectContaining({ stored: 0, alreadyStored: 2 }));
    expect(await storedCount(p.t, definition.slug)).toBe(2);
  });

  it('imports reports as POST stores them: a new report of a region and period revises the current one, and one file may not say two', async () => {
    const definition = makeTheme((d) => (d.unit = 'report'));
    await publishTheme(p.t, admin, definition);
    const csv = (rows: string[]) => Buffer.from(['Kode wilayah;Periode;Nama;Jumlah', ...rows].join('\n'));
    expect(await upload(p.t, admin, definition.slug, csv([`${KELURAHAN_METRO};2026-11;Laporan;3`]), {}, 'a.csv')).toEqual(expect.objectContaining({ stored: 1 }));
    expect(await upload(p.t, admin, definition.slug, csv([`${KELURAHAN_METRO};2026-11;Laporan;4`]), {}, 'b.csv')).toEqual(expect.objectContaining({ stored: 1 }));
    const chain = (await p.t.db.query(`SELECT revision, current, data->>'jumlah' AS jumlah FROM submission WHERE theme_id = $1 ORDER BY revision`, [await themeIdOf(p.t, definition.slug)])) as unknown[];
    expect(chain).toEqual([
      { revision: 1, current: false, jumlah: '3' },
      { revision: 2, current: true, jumlah: '4' },
    ]);
    const twice = await upload(p.t, admin, definition.slug, csv([`${HADIMULYO_TIMUR};2026-11;Satu;1`, `${HADIMULYO_TIMUR};2026-11;Dua;2`]), {}, 'c.csv');
    expect(twice).toEqual(expect.objectContaining({ stored: 0, rejected: 1 }));
    expect(twice.errors).toEqual([{ row: 3, path: '/regionCode', field: 'Kode wilayah', message: expect.stringContaining('sudah ada di baris 2') }]);
  });

  it('is for admins only, and an import is read only by whoever made it', async () => {
    const kader = (await p.t.as('kader', KELURAHAN_METRO)).auth;
    expectProblem(await p.t.http().get(`/api/themes/${theme.slug}/import-template.xlsx`).set('Authorization', kader), 403, 'FORBIDDEN');
    expectProblem(await p.t.http().post(`/api/themes/${theme.slug}/imports`).set('Authorization', kader).attach('file', Buffer.from('a;b\n'), 'x.csv'), 403, 'FORBIDDEN');
    const created = await p.t.http().post(`/api/themes/${theme.slug}/imports`).set('Authorization', admin).field('dryRun', 'true').attach('file', Buffer.from('Nama;Jumlah\nA;1\n'), 'x.csv').expect(202);
    const other = (await p.t.as('admin', KOTA_METRO)).auth;
    expectProblem(await p.t.http().get(`/api/imports/${created.body.id}`).set('Authorization', other), 404, 'NOT_FOUND');
    expectProblem(await p.t.http().post(`/api/themes/${theme.slug}/imports`).set('Authorization', admin), 400, 'FILE_MISSING');
    // A registry is larger than a photo: the 5 MiB limit of /api/files does not apply here.
    const large = Buffer.from(`Kode wilayah;Periode;Nama;Jumlah\n${`${KELURAHAN_METRO};2026-11;${'x'.repeat(200)};1\n`.repeat(30_000)}`);
    expect(large.length).toBeGreaterThan(5 * 1024 * 1024);
    const checked = await upload(p.t, admin, theme.slug, large, { dryRun: 'true' }, 'besar.csv');
    // Every row's name is too long: each is reported, the report bounded, nothing stored.
    expect(checked).toEqual(expect.objectContaining({ status: 'done', total: 30_000, rejected: 30_000, stored: 0 }));
    expect(checked.errors.length).toBe(5000);
    expectProblem(await p.t.http().post('/api/themes/tidak-ada/imports').set('Authorization', admin).attach('file', Buffer.from('a;b\n'), 'x.csv'), 404);
  });
});
