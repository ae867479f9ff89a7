import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExportsService } from '../../../server/src/modules/exports/exports.service';
import { parseCsv } from '../../../server/src/modules/regions/region-csv';
import type { ThemeDefinition } from '../../../schemas/theme-definition';
import { JOB_BACKENDS, Pipeline, startPipeline } from '../../support/pipeline';
import { expectProblem } from '../../support/problem';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT, METRO_SELATAN, METRO_TIMUR, REJOMULYO } from '../../support/regions';
import { submit } from '../../support/submissions';
import { publishTheme, TestApp } from '../../support/test-app';
import { aggregationTheme, makeTheme } from '../../support/themes';
import { tokenBody } from '../../support/tokens';
import { waitFor } from '../../support/wait';

interface ExportStatus {
  id: string;
  status: string;
  progress: number;
  rows: number;
  expiresAt: string | null;
  error?: string;
}

async function finished(t: TestApp, auth: string, id: string): Promise<ExportStatus> {
  return waitFor(`export ${id} to finish`, async () => {
    const body = (await t.http().get(`/api/exports/${id}`).set('Authorization', auth).expect(200)).body as ExportStatus;
    return body.status === 'done' || body.status === 'failed' ? body : null;
  });
}

function download(t: TestApp, auth: string, id: string) {
  return t
    .http()
    .get(`/api/exports/${id}/file`)
    .set('Authorization', auth)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** POSTs an export, waits for it, answers its status and file. */
async function exported(t: TestApp, auth: string, body: Record<string, unknown>): Promise<{ status: ExportStatus; file: Buffer }> {
  const created = await t.http().post('/api/exports').set('Authorization', auth).send(body);
  expect(created.status).toBe(202);
  const status = await finished(t, auth, created.body.id as string);
  expect(status).toEqual(expect.objectContaining({ status: 'done', progress: 1 }));
  const file = await download(t, auth, status.id).expect(200);
  return { status, file: file.body as Buffer };
}

describe.each(JOB_BACKENDS)('exports of aggregates (jobs: %s)', (backend) => {
  let p: Pipeline;
  let admin: string;
  const SLUG = `uji-ekspor-${backend}`;

  beforeAll(async () => {
    p = await startPipeline({}, { backend });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    await publishTheme(p.t, admin, aggregationTheme(SLUG, (d) => (d.sensitivity = 'sensitive')));
    const s = (region: string, n: number) => Promise.all(Array.from({ length: n }, () => submit(p.t, admin, SLUG, region, '2026-11-02', { jumlah: 2, tinggi: 90, kategori: 'b', aktif: true })));
    await s(KELURAHAN_METRO, 2);
    await s(HADIMULYO_TIMUR, 6);
    await s(BANJARSARI, 9);
    await p.settle();
  });
  afterAll(() => p.close());

  it('writes the same CSV as the aggregates route, and a JSON with the same suppressed cells, for any user', async () => {
    const opd = (await p.t.as('opd', KOTA_METRO)).auth;
    const query = { level: 'kelurahan', period: 'month' };
    const { status, file } = await exported(p.t, opd, { theme: SLUG, kind: 'aggregates', format: 'csv', query });
    const direct = await p.t.http().get(`/api/themes/${SLUG}/aggregates.csv`).query(query).set('Authorization', opd).expect(200);
    expect(file.toString('utf8')).toBe(direct.text);
    expect(status.rows).toBe(parseCsv(direct.text.slice(1)).length - 1);

    const json = JSON.parse((await exported(p.t, opd, { theme: SLUG, kind: 'aggregates', format: 'json', query })).file.toString('utf8')) as {
      tematik: string;
      metadata: { indikator: string }[];
      data: { kode_desa_kelurahan: string; indikator: string; nilai: number | null; keterangan: string | null }[];
    };
    const items = (await p.t.http().get(`/api/themes/${SLUG}/aggregates`).query({ ...query, limit: '1000' }).set('Authorization', opd).expect(200)).body.items as {
      regionCode: string;
      measure: string;
      value: number | null;
      suppressed: boolean;
    }[];
    expect(json.tematik).toBe(SLUG);
    expect(json.metadata.map((m) => m.indikator)).toEqual(aggregationTheme(SLUG).aggregations.map((a) => a.key));
    expect(json.data.map((row) => [row.kode_desa_kelurahan, row.indikator, row.nilai, row.keterangan])).toEqual(
      items.map((item) => [item.regionCode, item.measure, item.value, item.suppressed ? 'disensor' : null]),
    );
    expect(items.filter((item) => item.measure === 'banyak').map((item) => [item.regionCode, item.value])).toEqual([
      [KELURAHAN_METRO, null],
      [HADIMULYO_TIMUR, null],
      [BANJARSARI, 9],
    ]);
  });
});

describe('exports: submissions, ownership, refusals and expiry', () => {
  let p: Pipeline;
  let admin: string;
  let definition: ThemeDefinition;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    p = await startPipeline({}, { backend: 'in-process' });
    admin = (await p.t.as('admin', KOTA_METRO)).auth;
    // Version 1: nama (personal), jumlah, kategori, catatan.
    definition = makeTheme((d) => Object.assign(d, { sensitivity: 'personal', personalFields: ['/nama'] }));
    await publishTheme(p.t, admin, definition);
    ids.v1 = await submit(p.t, admin, definition.slug, KELURAHAN_METRO, '2026-10', { nama: 'Bu Sri', jumlah: 3, catatan: 'versi satu, "lama"' });
    // Version 2 adds telepon.
    const publish = async (change: (d: ThemeDefinition) => void) => {
      change(definition);
      await p.t.http().put(`/api/themes/${definition.slug}/draft`).set('Authorization', admin).send(definition).expect(200);
      await p.t.http().post(`/api/themes/${definition.slug}/publish`).set('Authorization', admin).expect(201);
    };
    await publish((d) => {
      d.schema.properties.telepon = { type: 'string', title: 'Telepon', maxLength: 20 };
      (d.uiSchema!['ui:order'] as string[]).push('telepon');
    });
    ids.v2 = await submit(p.t, admin, definition.slug, HADIMULYO_TIMUR, '2026-11', { nama: '=HYPERLINK("http://x")', jumlah: 5, kategori: 'b', telepon: '+62812' });
    // Version 3 renames catatan to keterangan and adds a location.
    await publish((d) => {
      delete d.schema.properties.catatan;
      d.schema.properties.keterangan = { type: 'string', title: 'Keterangan', maxLength: 500 };
      d.schema.properties.lokasi = { type: 'object', title: 'Lokasi', properties: { lat: { type: 'number', title: 'Lintang' }, lon: { type: 'number', title: 'Bujur' } } };
      d.uiSchema!['ui:order'] = ['nama', 'jumlah', 'kategori', 'telepon', 'keterangan', 'lokasi'];
    });
    ids.v3 = await submit(p.t, admin, definition.slug, BANJARSARI, '2026-11', { nama: 'Pak Budi', jumlah: 7, keterangan: 'baru', lokasi: { lat: -5.11, lon: 105.3 } });
    await p.t.http().post(`/api/submissions/${ids.v2}/review`).set('Authorization', admin).send({ status: 'rejected', comment: 'Data ganda' }).expect(200);
    await p.settle();
  });
  afterAll(() => p.close());

  const COLUMNS = [
    'id', 'version', 'kode_provinsi', 'nama_provinsi', 'kode_kabupaten_kota', 'nama_kabupaten_kota', 'kode_kecamatan', 'nama_kecamatan',
    'kode_desa_kelurahan', 'nama_desa_kelurahan', 'periode', 'status', 'catatan_review', 'direview_pada', 'dikirim_pada',
    'nama', 'jumlah', 'kategori', 'telepon', 'keterangan', 'lokasi.lat', 'lokasi.lon', 'catatan',
  ];

  /** The export's rows by submission id, as column → text. */
  function byId(table: string[][]): Map<string, Record<string, string>> {
    const [header, ...rows] = table;
    return new Map(rows.map((row) => [row[0], Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])) as Record<string, string>]));
  }

  it('exports 3 versions with a field added and one renamed: one column per field of any version, a version column, regions, review, personal fields for an admin (CSV)', async () => {
    const { status, file } = await exported(p.t, admin, { theme: definition.slug, kind: 'submissions', format: 'csv', query: {} });
    expect(status.rows).toBe(3);
    // Downloading personal data is on record: which export, never what it held.
    expect(await p.t.db.query(`SELECT details FROM audit_log WHERE action = 'export.downloaded' AND target_id = $1`, [status.id])).toEqual([
      { details: { theme: definition.slug, kind: 'submissions', format: 'csv' } },
    ]);
    const text = file.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const table = parseCsv(text.slice(1));
    expect(table[0]).toEqual(COLUMNS);
    const rows = byId(table);
    expect(rows.get(ids.v1)).toEqual(
      expect.objectContaining({
        version: '1',
        kode_provinsi: '18',
        nama_provinsi: 'Lampung',
        kode_kabupaten_kota: KOTA_METRO,
        kode_kecamatan: METRO_PUSAT,
        nama_kecamatan: 'Metro Pusat',
        kode_desa_kelurahan: KELURAHAN_METRO,
        nama_desa_kelurahan: 'Metro',
        periode: '2026-10',
        status: 'submitted',
        catatan_review: '',
        nama: 'Bu Sri',
        jumlah: '3',
        telepon: '',
        keterangan: '',
        catatan: 'versi satu, "lama"',
      }),
    );
    expect(rows.get(ids.v1)!.dikirim_pada).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    // Formulas in text fields are neutralized, a number stays a number.
    expect(rows.get(ids.v2)).toEqual(
      expect.objectContaining({ version: '2', status: 'rejected', catatan_review: 'Data ganda', nama: `'=HYPERLINK("http://x")`, telepon: "'+62812", kategori: 'b', jumlah: '5' }),
    );
    expect(rows.get(ids.v2)!.direview_pada).toMatch(/\+07:00$/);
    expect(rows.get(ids.v3)).toEqual(expect.objectContaining({ version: '3', keterangan: 'baru', 'lokasi.lat': '-5.11', 'lokasi.lon': '105.3', catatan: '', kode_kecamatan: '18.72.02' }));
  });

  it('writes the same rows as XLSX (read back with ExcelJS) and JSON, numbers as numbers', async () => {
    const xlsx = await exported(p.t, admin, { theme: definition.slug, kind: 'submissions', format: 'xlsx', query: {} });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('data')!;
    const values = sheet.getSheetValues().slice(1).map((row) => Array.from({ length: COLUMNS.length }, (_, i) => (row as ExcelJS.CellValue[])[i + 1] ?? null));
    expect(values[0]).toEqual(COLUMNS);
    const v3 = values.find((row) => row[0] === ids.v3)!;
    const cell = (row: ExcelJS.CellValue[], name: string) => row[COLUMNS.indexOf(name)];
    expect([cell(v3, 'version'), cell(v3, 'jumlah'), cell(v3, 'lokasi.lat'), cell(v3, 'kode_desa_kelurahan'), cell(v3, 'catatan')]).toEqual([3, 7, -5.11, BANJARSARI, null]);
    const v2 = values.find((row) => row[0] === ids.v2)!;
    expect([cell(v2, 'nama'), cell(v2, 'telepon'), cell(v2, 'status')]).toEqual([`'=HYPERLINK("http://x")`, "'+62812", 'rejected']);

    const json = JSON.parse((await exported(p.t, admin, { theme: definition.slug, kind: 'submissions', format: 'json', query: { region: METRO_PUSAT } })).file.toString('utf8')) as {
      data: Record<string, unknown>[];
    };
    expect(json.data.map((row) => row.id).sort()).toEqual([ids.v1, ids.v2].sort());
    expect(json.data.find((row) => row.id === ids.v1)).toEqual(expect.objectContaining({ version: 1, jumlah: 3, nama: 'Bu Sri', catatan: 'versi satu, "lama"', 'lokasi.lat': null }));
  });

  it('filters by region, period and status', async () => {
    const csv = async (query: Record<string, string>) =>
      [...byId(parseCsv((await exported(p.t, admin, { theme: definition.slug, kind: 'submissions', format: 'csv', query })).file.toString('utf8').slice(1))).keys()].sort();
    expect(await csv({ region: BANJARSARI })).toEqual([ids.v3]);
    expect(await csv({ from: '2026-11', to: '2026-11' })).toEqual([ids.v2, ids.v3].sort());
    expect(await csv({ status: 'rejected' })).toEqual([ids.v2]);
  });

  it('refuses before any work: a theme the caller cannot see, submissions for an OPD or a kader, a region outside, a bad query, a token without submissions:read', async () => {
    const count = async () => ((await p.t.db.query('SELECT count(*)::int AS n FROM export_job')) as { n: number }[])[0].n;
    const before = await count();
    const post = (auth: string, body: Record<string, unknown>) => p.t.http().post('/api/exports').set('Authorization', auth).send(body);
    const opd = (await p.t.as('opd', KOTA_METRO)).auth;
    const kader = (await p.t.as('kader', REJOMULYO)).auth;
    const selatan = (await p.t.as('admin', METRO_SELATAN)).auth;
    const draft = makeTheme();
    await p.t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);

    expectProblem(await post(opd, { theme: definition.slug, kind: 'submissions', format: 'csv' }), 403, 'FORBIDDEN');
    expectProblem(await post(kader, { theme: definition.slug, kind: 'submissions', format: 'xlsx' }), 403, 'FORBIDDEN');
    expectProblem(await post(admin, { theme: draft.slug, kind: 'aggregates', format: 'csv' }), 404);
    expectProblem(await post(opd, { theme: 'tidak-ada', kind: 'aggregates', format: 'csv' }), 404);
    expectProblem(await post(selatan, { theme: definition.slug, kind: 'submissions', format: 'csv', query: { region: METRO_TIMUR } }), 404, 'REGION_OUT_OF_SCOPE');
    expectProblem(await post(opd, { theme: definition.slug, kind: 'aggregates', format: 'csv', query: { region: KOTA_METRO, level: 'rw' } }), 400, 'INVALID_QUERY');
    expectProblem(await post(admin, { theme: definition.slug, kind: 'submissions', format: 'csv', query: { warna: 'merah' } }), 400, 'INVALID_QUERY');
    expectProblem(await post(admin, { theme: definition.slug, kind: 'submissions', format: 'pdf' }), 400);
    const token = (await p.t.http().post('/api/tokens').set('Authorization', admin).send(tokenBody('ekspor', ['exports'])).expect(201)).body.token as string;
    expectProblem(await post(`Bearer ${token}`, { theme: definition.slug, kind: 'submissions', format: 'csv' }), 403, 'INSUFFICIENT_SCOPE');
    expect(await count()).toBe(before);
    // The same token may export aggregates.
    await post(`Bearer ${token}`, { theme: definition.slug, kind: 'aggregates', format: 'csv' }).expect(202);
  });

  it('lets only its owner read an export; a file not done yet answers 409', async () => {
    const created = (await p.t.http().post('/api/exports').set('Authorization', admin).send({ theme: definition.slug, kind: 'aggregates', format: 'xlsx' }).expect(202)).body as ExportStatus;
    await finished(p.t, admin, created.id);
    const other = (await p.t.as('admin', KOTA_METRO)).auth;
    expectProblem(await p.t.http().get(`/api/exports/${created.id}`).set('Authorization', other), 404);
    expectProblem(await p.t.http().get(`/api/exports/${created.id}/file`).set('Authorization', other), 404);

    await p.t.db.query(`UPDATE export_job SET status = 'running' WHERE id = $1`, [created.id]);
    expectProblem(await p.t.http().get(`/api/exports/${created.id}/file`).set('Authorization', admin), 409, 'EXPORT_NOT_READY');
  });

  it('removes a file once its time is over: the export stays on record, its file answers 410', async () => {
    const { status } = await exported(p.t, admin, { theme: definition.slug, kind: 'submissions', format: 'csv', query: {} });
    expect(new Date(status.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const path = join(p.t.config.dataDir, 'exports', `${status.id}.csv`);
    expect(existsSync(path)).toBe(true);
    await p.t.db.query(`UPDATE export_job SET expires_at = now() - interval '1 second' WHERE id = $1`, [status.id]);
    const file = () => p.t.http().get(`/api/exports/${status.id}/file`).set('Authorization', admin);
    expectProblem(await file(), 410, 'EXPORT_EXPIRED');
    await p.t.app.get(ExportsService).sweep();
    expect(existsSync(path)).toBe(false);
    expect((await p.t.http().get(`/api/exports/${status.id}`).set('Authorization', admin).expect(200)).body.status).toBe('done');
    expectProblem(await file(), 410, 'EXPORT_EXPIRED');
  });
});
