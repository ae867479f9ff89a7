import { randomUUID } from 'node:crypto';
import { compileValidator } from '../../../schemas/validator';
import { createTestApp, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { BALITA_XLSFORM, surveyRow, withSurvey, xlsformFile, XlsformSpec } from '../../support/xlsforms';

/** A fill of "Pendataan Balita" a cadre could send. */
const SAMPLE = {
  nama_ibu: 'Siti Aminah',
  nik: '1872011234567890',
  tanggal_lahir: '2025-05-17',
  jk: 'P',
  umur_bulan: 18,
  berat: 9.5,
  tinggi: 80,
  imunisasi: 'ya',
  vaksin_diterima: ['bcg', 'polio'],
  bantuan: 'other',
  bantuan_other: 'Susu dari puskesmas',
  lokasi: { lat: -5.113, lon: 105.307, accuracy: 8 },
  alamat: { rt: '003', jalan: 'Jl. Mawar' },
  saudara: [{ nama_saudara: 'Budi', umur_saudara: 4 }],
  catatan: 'Sehat',
};

describe('POST /api/themes/import/xlsform', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const upload = async (spec: XlsformSpec | Buffer, auth = admin, language?: string) => {
    const file = Buffer.isBuffer(spec) ? spec : await xlsformFile(spec);
    const call = t.http().post('/api/themes/import/xlsform').set('Authorization', auth);
    return (language ? call.set('Accept-Language', language) : call).attach('file', file, { filename: 'balita.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  };

  it('creates an unpublished draft from the form and lists what it could not translate (201)', async () => {
    const response = await upload(BALITA_XLSFORM);
    expect(response.status).toBe(201);
    expect(response.body.slug).toBe('pendataan-balita');
    expect(response.body.draft).toMatchObject({ slug: 'pendataan-balita', title: 'Pendataan Balita', schema: { type: 'object' } });
    expect(response.body.report).toEqual(
      expect.arrayContaining([
        { sheet: 'survey', row: 26, column: 'default', message: expect.stringContaining('default') },
        { sheet: 'survey', row: 28, column: 'calculation', message: expect.stringContaining('today()') },
        { sheet: 'survey', row: 29, column: 'type', message: expect.stringContaining('start') },
      ]),
    );
    // The two calculates that translate are in the draft, checked by the expression language's own check.
    expect(response.body.draft.calculations.map((entry: { field: string }) => entry.field)).toHaveLength(2);
    const reported = response.body.report.filter((entry: { column: string; row: number }) => entry.column === 'calculation' && entry.row !== 28);
    expect(reported).toEqual([]);

    const theme = await t.http().get('/api/themes/pendataan-balita').set('Authorization', admin).expect(200);
    expect(theme.body).toMatchObject({ latestVersion: null, versions: [], draft: { title: 'Pendataan Balita' } });
    const published = await t.http().get('/api/themes').set('Authorization', admin).expect(200);
    expect(published.body.items.map((item: { slug: string }) => item.slug)).not.toContain('pendataan-balita');

    const [audit] = (await t.db.query(`SELECT details FROM audit_log WHERE action = 'theme.created' AND target_id = $1`, ['pendataan-balita'])) as { details: Record<string, unknown> }[];
    expect(audit.details).toMatchObject({ source: 'xlsform', fileName: 'balita.xlsx', untranslated: response.body.report.length });
  });

  it('makes a draft whose validator accepts a real fill and refuses a wrong one in the form’s own words', async () => {
    const response = await upload(BALITA_XLSFORM);
    const slug = response.body.slug as string;
    expect(slug).toBe('pendataan-balita-2');
    const validator = compileValidator(response.body.draft.schema, { texts: response.body.draft });
    expect(validator.validate(SAMPLE, 'id')).toEqual({ valid: true, errors: [] });

    const test = (data: unknown) => t.http().post(`/api/themes/${slug}/draft/test-submissions`).set('Authorization', admin).send({ id: randomUUID(), data });
    expect((await test(SAMPLE)).status).toBe(201);
    const refused = expectProblem(await test({ ...SAMPLE, nik: '12345', umur_bulan: 72 }), 422, 'VALIDATION_FAILED');
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/nik', message: 'NIK harus 16 angka' }),
        expect.objectContaining({ path: '/umur_bulan', message: 'Umur harus 0–59 bulan' }),
      ]),
    );
  });

  it('words the report and a refusal in English when asked', async () => {
    const response = await upload(BALITA_XLSFORM, admin, 'en');
    expect(response.status).toBe(201);
    expect(response.body.report).toContainEqual({ sheet: 'survey', row: 29, column: 'type', message: 'Type "start" is not supported; this question was left out.' });
    const refused = expectProblem(await upload(withSurvey((rows) => [...rows, surveyRow({ type: 'select_one pekerjaan', name: 'pekerjaan' })]), admin, 'en'), 422, 'XLSFORM_CHOICES_MISSING');
    expect(refused.problems).toEqual([{ sheet: 'survey', row: 30, column: 'type', message: 'Choice list "pekerjaan" is not in the choices sheet.' }]);
    expect(refused.detail).toBe('Choice list "pekerjaan" is not in the choices sheet.');
  });

  it.each([
    ['a select naming a missing choices list', withSurvey((rows) => [...rows, surveyRow({ type: 'select_one pekerjaan', name: 'pekerjaan' })]), 'XLSFORM_CHOICES_MISSING', { row: 30, column: 'type' }],
    ['a relevant naming an unknown field', withSurvey((rows) => [...rows, surveyRow({ type: 'text', name: 'hp', relevant: "${punya_hp} = 'ya'" })]), 'XLSFORM_UNKNOWN_FIELD', { row: 30, column: 'relevant' }],
    [
      'a cycle among calculates',
      withSurvey((rows) => [...rows, surveyRow({ type: 'calculate', name: 'a', calculation: '${b} + 1' }), surveyRow({ type: 'calculate', name: 'b', calculation: '${a} + 1' })]),
      'XLSFORM_CALCULATE_CYCLE',
      { column: 'calculation' },
    ],
    ['a name used twice', withSurvey((rows) => [...rows, surveyRow({ type: 'integer', name: 'berat' })]), 'XLSFORM_DUPLICATE_NAME', { row: 30, column: 'name' }],
    ['no survey sheet', { settings: BALITA_XLSFORM.settings }, 'XLSFORM_NO_SURVEY', { sheet: 'survey' }],
  ])('refuses %s with 422 and where it is, creating nothing', async (_name, spec, code, where) => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM theme')) as { n: number }[];
    const problem = expectProblem(await upload(spec as XlsformSpec), 422, code);
    expect(problem.problems).toEqual(expect.arrayContaining([expect.objectContaining({ ...where, message: expect.any(String) })]));
    expect((await t.db.query('SELECT count(*)::int AS n FROM theme')) as { n: number }[]).toEqual(before);
  });

  it('refuses a file that is not a workbook (422), a missing file (400) and one over 2 MiB (413)', async () => {
    expectProblem(await upload(Buffer.from('type,name\ntext,nama\n')), 422, 'XLSFORM_UNREADABLE');
    expectProblem(await t.http().post('/api/themes/import/xlsform').set('Authorization', admin).field('other', 'x'), 400, 'FILE_MISSING');
    expectProblem(await upload(Buffer.alloc(2 * 1024 * 1024 + 10, 1)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('is for admins only: a kader or an OPD gets 403', async () => {
    for (const role of ['kader', 'opd'] as const) {
      const { auth } = await t.as(role, role === 'kader' ? REJOMULYO : KOTA_METRO);
      expectProblem(await upload(BALITA_XLSFORM, auth), 403, 'FORBIDDEN');
    }
  });
});
