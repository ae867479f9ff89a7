import { periodKeyAt } from '../../../server/src/modules/submissions/period';
import { SubmissionsService } from '../../../server/src/modules/submissions/submissions.service';
import type { User } from '../../../server/src/modules/users/user.entity';
import { createTestApp, TestApp, themeIdOf } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { covidData, dayKey, makeSubmission, postSubmission } from '../../support/submissions';
import { KOTA_METRO, MARGOREJO, METRO_SELATAN, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../../support/regions';

/** covid-harian is kept per RT: Rejomulyo's kader reports for its RT 01 of RW 01. */
const RT = REJOMULYO_RW_01_RT_01;
import { loadFixture } from '../../support/themes';

describe('submissions: validation, periods, regions and the outbox', () => {
  let t: TestApp;
  let kader: { user: User; auth: string };
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    kader = await t.as('kader', REJOMULYO);
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const rows = async (table: string, where: string, params: unknown[]): Promise<unknown[]> =>
    (await t.db.query(`SELECT * FROM ${table} WHERE ${where}`, params)) as unknown[];

  describe('validation against the pinned version', () => {
    it('names the field itself for a missing required field and for an unexpected one', async () => {
      const data: Record<string, unknown> = { ...covidData(), bonus: 1 };
      delete data.konfirmasi_baru;
      const body = makeSubmission(RT, data, { period: dayKey(1) });
      const problem = expectProblem(await postSubmission(t, kader.auth, 'covid-harian', body), 422, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/konfirmasi_baru', keyword: 'required' }),
          expect.objectContaining({ path: '/bonus', keyword: 'additionalProperties' }),
        ]),
      );
      expect(problem.errors).toHaveLength(2);
      expect(await rows('submission', 'id = $1', [body.id])).toEqual([]);
    });

    it('answers in Bahasa Indonesia by default and in English when asked', async () => {
      const body = makeSubmission(RT, { ...covidData(), suspek: 'banyak' }, { period: dayKey(1) });
      const indonesian = expectProblem(await postSubmission(t, kader.auth, 'covid-harian', body), 422, 'VALIDATION_FAILED');
      expect(indonesian.errors).toEqual([expect.objectContaining({ path: '/suspek', keyword: 'type', message: expect.stringMatching(/harus/) })]);
      const english = expectProblem(
        await postSubmission(t, kader.auth, 'covid-harian', body).set('Accept-Language', 'en-US,en;q=0.9'),
        422,
        'VALIDATION_FAILED',
      );
      expect(english.errors).toEqual([{ path: '/suspek', keyword: 'type', message: 'New suspected cases must be a whole number' }]);
      expect(indonesian.errors).toEqual([{ path: '/suspek', keyword: 'type', message: 'Kasus suspek baru harus bilangan bulat' }]);
      const preferred = expectProblem(
        await postSubmission(t, kader.auth, 'covid-harian', body).set('Accept-Language', 'id, en;q=0.5'),
        422,
      );
      expect(preferred.errors?.[0].message).toBe(indonesian.errors?.[0].message);
    });

    it('answers a missing field and a 15-digit NIK in the words the form shows, one message per field, in id and en', async () => {
      const data: Record<string, unknown> = { ...loadFixture('umkm', 'valid'), nik_pemilik: '187201450680123', tenaga_kerja: 0 };
      delete data.nama_usaha;
      delete data.foto; // a file id must name an uploaded file
      const body = makeSubmission(REJOMULYO, data);
      const indonesian = expectProblem(await postSubmission(t, kader.auth, 'umkm', body), 422, 'VALIDATION_FAILED');
      expect(indonesian.errors).toEqual([
        { path: '/nama_usaha', keyword: 'required', message: 'Nama usaha wajib diisi' },
        { path: '/nik_pemilik', keyword: 'pattern', message: 'NIK pemilik harus 16 angka' },
        { path: '/tenaga_kerja', keyword: 'minimum', message: 'Jumlah tenaga kerja paling sedikit 1' },
      ]);
      const english = expectProblem(await postSubmission(t, kader.auth, 'umkm', body).set('Accept-Language', 'en'), 422, 'VALIDATION_FAILED');
      expect(english.errors).toEqual([
        { path: '/nama_usaha', keyword: 'required', message: 'Fill in Business name' },
        { path: '/nik_pemilik', keyword: 'pattern', message: "Owner's NIK must be 16 digits" },
        { path: '/tenaga_kerja', keyword: 'minimum', message: 'Number of workers must be at least 1' },
      ]);
    });

    it('asks UMKM for the NIB only when the business has one: stored without it, refused when it is missing', async () => {
      const { foto: _notUploaded, ...withoutNib } = loadFixture('umkm', 'valid-tanpa-nib');
      const stored = makeSubmission(REJOMULYO, withoutNib);
      expect((await postSubmission(t, kader.auth, 'umkm', stored)).status).toBe(201);
      const { foto: _photo, ...missingNib } = loadFixture('umkm', 'invalid-tanpa-nib');
      const refused = makeSubmission(REJOMULYO, missingNib);
      const problem = expectProblem(await postSubmission(t, kader.auth, 'umkm', refused), 422, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ path: '/nib', keyword: 'required', message: 'Isi NIB: usaha ini sudah memiliki NIB' }]);
      expect(await rows('submission', 'id = $1', [refused.id])).toEqual([]);
    });

    it('checks limits (a negative count)', async () => {
      const body = makeSubmission(RT, { ...covidData(), meninggal: -1 }, { period: dayKey(1) });
      const problem = expectProblem(await postSubmission(t, kader.auth, 'covid-harian', body), 422, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/meninggal', keyword: 'minimum' })]);
    });

    it('refuses a malformed envelope with 400 and the field', async () => {
      const response = await postSubmission(t, kader.auth, 'covid-harian', { id: 'bukan-uuid', regionCode: RT, data: covidData() });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((e) => e.path)).toContain('/id');
      expectProblem(await postSubmission(t, kader.auth, 'tidak-ada', makeSubmission(RT, covidData())), 404);
    });
  });

  describe('periods in Asia/Jakarta', () => {
    // Days long past, so no test that counts back from today ever lands on them.
    it('puts a submission made at 23:30 UTC on the next WIB day', async () => {
      const service = t.app.get(SubmissionsService);
      const late = await service.create(kader.user, 'covid-harian', makeSubmission(RT, covidData()), 'id', new Date('2021-03-14T23:30:00Z'));
      expect(late.submission.periodKey).toBe('2021-03-15');
      const beforeMidnight = await service.create(kader.user, 'covid-harian', makeSubmission(RT, covidData()), 'id', new Date('2021-03-14T16:59:59Z'));
      expect(beforeMidnight.submission.periodKey).toBe('2021-03-14');
      const atMidnight = await service.create(kader.user, 'covid-harian', makeSubmission(RT, covidData()), 'id', new Date('2021-03-14T17:00:00Z'));
      expect(atMidnight.submission.periodKey).toBe('2021-03-15');
      const stored = (await t.db.query('SELECT period_key FROM submission WHERE id = $1', [late.submission.id])) as { period_key: string }[];
      expect(stored).toEqual([{ period_key: '2021-03-15' }]);
    });

    it('defaults the period to the current WIB day', async () => {
      const before = periodKeyAt('day', new Date());
      const response = await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(RT, covidData()));
      const after = periodKeyAt('day', new Date());
      expect(response.status).toBe(201);
      expect([before, after]).toContain(response.body.periodKey);
    });

    it('refuses a period that has not started yet (422 PERIOD_IN_FUTURE)', async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(-2) });
      const problem = expectProblem(await postSubmission(t, kader.auth, 'covid-harian', body), 422, 'PERIOD_IN_FUTURE');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/period']);
      const service = t.app.get(SubmissionsService);
      await expect(
        service.create(kader.user, 'covid-harian', makeSubmission(RT, covidData(), { period: '2026-11-29' }), 'id', new Date('2026-11-28T16:59:59Z')),
      ).rejects.toMatchObject({ code: 'PERIOD_IN_FUTURE' });
    });

    it.each(['2026-13-01', '2026-02-30', '28-11-2026', '2026-W48', '2026-11', 'kemarin'])('refuses the malformed day key %s (422 PERIOD_INVALID)', async (period) => {
      const problem = expectProblem(await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(RT, covidData(), { period })), 422, 'PERIOD_INVALID');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/period']);
    });
  });

  describe('regions', () => {
    it('refuses a region at another level than the theme asks (422 REGION_LEVEL_MISMATCH)', async () => {
      const body = makeSubmission(METRO_SELATAN, covidData(), { period: dayKey(1) });
      const problem = expectProblem(await postSubmission(t, admin, 'covid-harian', body), 422, 'REGION_LEVEL_MISMATCH');
      expect(problem.errors?.map((e) => e.path)).toEqual(['/regionCode']);
      // The kelurahan itself is in the kader's scope, but the COVID-19 report is made per RT.
      expectProblem(await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(REJOMULYO, covidData(), { period: dayKey(1) })), 422, 'REGION_LEVEL_MISMATCH');
    });

    it('answers a region outside the caller’s subtree, or one that does not exist, with 404 REGION_OUT_OF_SCOPE', async () => {
      expectProblem(await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(MARGOREJO, covidData(), { period: dayKey(1) })), 404, 'REGION_OUT_OF_SCOPE');
      expectProblem(await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(`${REJOMULYO}.999`, covidData(), { period: dayKey(1) })), 404, 'REGION_OUT_OF_SCOPE');
      expectProblem(await postSubmission(t, kader.auth, 'covid-harian', makeSubmission(KOTA_METRO, covidData(), { period: dayKey(1) })), 404, 'REGION_OUT_OF_SCOPE');
    });

    it('takes dasawisma-level themes at a dasawisma added below the kelurahan', async () => {
      const create = async (name: string, level: string, parentCode: string): Promise<string> =>
        (await t.http().post('/api/regions').set('Authorization', admin).send({ name, level, parentCode }).expect(201)).body.code as string;
      const rw = await create('RW 09', 'rw', REJOMULYO);
      const rt = await create('RT 01', 'rt', rw);
      const dasawisma = await create('Dasawisma Melati', 'dasawisma', rt);
      const data = { nama_peserta: 'Bu Siti', memiliki_tangki_septik: true, setoran_arisan: 20000, menerima_giliran: false };
      const period = periodKeyAt('month', new Date());
      const stored = await postSubmission(t, kader.auth, 'arseti', makeSubmission(dasawisma, data, { period }));
      expect(stored.status).toBe(201);
      expect(stored.body.regionCode).toBe(dasawisma);
      expectProblem(await postSubmission(t, kader.auth, 'arseti', makeSubmission(REJOMULYO, data, { period })), 422, 'REGION_LEVEL_MISMATCH');
      expectProblem(await postSubmission(t, kader.auth, 'arseti', makeSubmission(rt, data, { period })), 422, 'REGION_LEVEL_MISMATCH');
    });
  });

  describe('a dasawisma rekap that lists its households', () => {
    it('is stored with every household row, and a row without its head of household is refused by row', async () => {
      const create = async (name: string, level: string, parentCode: string): Promise<string> =>
        (await t.http().post('/api/regions').set('Authorization', admin).send({ name, level, parentCode }).expect(201)).body.code as string;
      const dasawisma = await create('Dasawisma Anggrek', 'dasawisma', await create('RT 02', 'rt', await create('RW 02', 'rw', REJOMULYO)));
      const period = periodKeyAt('year', new Date());
      const body = makeSubmission(dasawisma, loadFixture('dasawisma-rekap', 'valid'), { period });
      const stored = await postSubmission(t, kader.auth, 'dasawisma-rekap', body);
      expect(stored.status).toBe(201);
      const households = (stored.body.data as { rumah_tangga: { nama_krt: string }[] }).rumah_tangga;
      expect(households.map((household) => household.nama_krt)).toEqual(['Sumarno', 'Wagiman']);
      const refused = makeSubmission(dasawisma, loadFixture('dasawisma-rekap', 'invalid-rumah-tangga'), { period });
      const problem = expectProblem(await postSubmission(t, kader.auth, 'dasawisma-rekap', refused), 422, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([
        { path: '/rumah_tangga/1/nama_krt', keyword: 'required', message: 'Nama kepala rumah tangga (Daftar rumah tangga ke-2) wajib diisi' },
      ]);
    });
  });

  describe('who reads and writes', () => {
    let stored: string;
    beforeAll(async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(7) });
      stored = body.id;
      await postSubmission(t, kader.auth, 'covid-harian', body).expect(201);
    });

    it('opd never posts or reads submissions (403)', async () => {
      const opd = (await t.as('opd', KOTA_METRO)).auth;
      expectProblem(await postSubmission(t, opd, 'covid-harian', makeSubmission(RT, covidData(), { period: dayKey(1) })), 403, 'FORBIDDEN');
      expectProblem(await t.http().get('/api/themes/covid-harian/submissions').set('Authorization', opd), 403, 'FORBIDDEN');
      expectProblem(await t.http().get(`/api/submissions/${stored}`).set('Authorization', opd), 403, 'FORBIDDEN');
    });

    it('a kader of another kelurahan sees nothing of it (404), an admin above sees it', async () => {
      const margorejo = (await t.as('kader', MARGOREJO)).auth;
      expectProblem(await t.http().get(`/api/submissions/${stored}`).set('Authorization', margorejo), 404);
      expectProblem(await t.http().get(`/api/themes/covid-harian/submissions?region=${REJOMULYO}`).set('Authorization', margorejo), 404, 'REGION_OUT_OF_SCOPE');
      const own = await t.http().get('/api/themes/covid-harian/submissions').set('Authorization', margorejo).expect(200);
      expect(own.body.items.map((s: { id: string }) => s.id)).not.toContain(stored);

      const kecamatanAdmin = (await t.as('admin', METRO_SELATAN)).auth;
      await t.http().get(`/api/submissions/${stored}`).set('Authorization', kecamatanAdmin).expect(200);
      const listed = await t.http().get(`/api/themes/covid-harian/submissions?period=${dayKey(7)}`).set('Authorization', kecamatanAdmin).expect(200);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([stored]);
    });
  });

  describe('the outbox', () => {
    it('gets a submission.changed row committed in the same transaction as the submission', async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(8) });
      await postSubmission(t, kader.auth, 'covid-harian', body).expect(201);
      const themeId = await themeIdOf(t, 'covid-harian');
      const outbox = (await t.db.query(
        `SELECT o.topic, o.payload, o.xmin::text = s.xmin::text AS same_transaction
         FROM outbox o JOIN submission s ON s.id::text = o.payload->>'submissionId' WHERE s.id = $1`,
        [body.id],
      )) as { topic: string; payload: unknown; same_transaction: boolean }[];
      expect(outbox).toEqual([
        {
          topic: 'submission.changed',
          payload: { themeId, regionCode: RT, periodKey: dayKey(8), submissionId: body.id },
          same_transaction: true,
        },
      ]);
    });

    it('leaves neither the submission nor its outbox row (nor an audit row) when the transaction fails', async () => {
      const body = makeSubmission(RT, covidData(), { period: dayKey(9) });
      await t.db.query(`CREATE FUNCTION uji_gagal_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'uji: outbox gagal'; END $$`);
      await t.db.query(
        `CREATE TRIGGER uji_gagal_outbox BEFORE INSERT ON outbox FOR EACH ROW
         WHEN (NEW.payload->>'submissionId' = '${body.id}') EXECUTE FUNCTION uji_gagal_outbox()`,
      );
      try {
        const response = await postSubmission(t, kader.auth, 'covid-harian', body);
        expectProblem(response, 500, 'INTERNAL_ERROR');
      } finally {
        await t.db.query('DROP TRIGGER uji_gagal_outbox ON outbox');
        await t.db.query('DROP FUNCTION uji_gagal_outbox');
      }
      expect(await rows('submission', 'id = $1', [body.id])).toEqual([]);
      expect(await rows('outbox', `payload->>'submissionId' = $1`, [body.id])).toEqual([]);
      expect(await rows('audit_log', 'target_id = $1', [body.id])).toEqual([]);
      // The retry, once the database is well again, is stored normally.
      expect((await postSubmission(t, kader.auth, 'covid-harian', body)).status).toBe(201);
    });
  });
});
