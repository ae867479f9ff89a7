import type { ThemeDefinition } from '../../../schemas/theme-definition';
import { publishTheme, useTestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { covidData, dayKey, makeSubmission, postSubmission } from '../../support/submissions';
import { KOTA_METRO, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../../support/regions';
import { makeTheme } from '../../support/themes';

describe('publishing a new version', () => {
  const app = useTestApp({ admin: KOTA_METRO, kader: REJOMULYO });

  /** A published v1, then `change` applied to the same definition saved as the draft. */
  async function draftAfterV1(change: (definition: ThemeDefinition) => void): Promise<string> {
    const v1 = makeTheme();
    await publishTheme(app.t, app.auth.admin, v1);
    const next = structuredClone(v1);
    change(next);
    await app.t.http().put(`/api/themes/${v1.slug}/draft`).set('Authorization', app.auth.admin).send(next).expect(200);
    return v1.slug;
  }

  const publish = (slug: string) => app.t.http().post(`/api/themes/${slug}/publish`).set('Authorization', app.auth.admin);

  async function expectStillVersion1(slug: string): Promise<void> {
    const theme = await app.t.http().get(`/api/themes/${slug}`).set('Authorization', app.auth.admin).expect(200);
    expect(theme.body.latestVersion).toBe(1);
    expect(theme.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(theme.body.draft).not.toBeNull();
  }

  describe('is refused with 409 BREAKING_CHANGE and the reasons', () => {
    it('when a field an aggregation reads is removed, even together with its measure', async () => {
      const slug = await draftAfterV1((d) => {
        delete d.schema.properties.jumlah;
        d.schema.required = ['nama'];
        d.uiSchema = { 'ui:order': ['nama', 'kategori', 'catatan'] };
        d.aggregations = d.aggregations.filter((a) => a.key !== 'total_jumlah');
      });
      const body = expectProblem(await publish(slug), 409, 'BREAKING_CHANGE');
      expect(body.reasons).toEqual([expect.stringContaining('/jumlah')]);
      await expectStillVersion1(slug);
    });

    it('but not when the removed field was read by no measure', async () => {
      const slug = await draftAfterV1((d) => {
        delete d.schema.properties.kategori;
        d.uiSchema = { 'ui:order': ['nama', 'jumlah', 'catatan'] };
      });
      await publish(slug).expect(201, { version: 2 });
    });

    it('when a field a kept measure reads is removed or retyped', async () => {
      const v1 = makeTheme((d) => {
        d.aggregations.push({ key: 'per_kategori', title: 'Per kategori', op: 'count', groupBy: '/kategori' });
      });
      await publishTheme(app.t, app.auth.admin, v1);
      const removed = structuredClone(v1);
      delete removed.schema.properties.kategori;
      removed.uiSchema = { 'ui:order': ['nama', 'jumlah', 'catatan'] };
      // A definition whose measure points at nothing is invalid on its own, before any comparison.
      expectProblem(await app.t.http().put(`/api/themes/${v1.slug}/draft`).set('Authorization', app.auth.admin).send(removed), 422, 'THEME_INVALID');

      const retyped = structuredClone(v1);
      retyped.schema.properties.kategori = { type: 'integer', title: 'Kategori', minimum: 1, maximum: 3 };
      await app.t.http().put(`/api/themes/${v1.slug}/draft`).set('Authorization', app.auth.admin).send(retyped).expect(200);
      const body = expectProblem(await publish(v1.slug), 409, 'BREAKING_CHANGE');
      expect(body.reasons).toEqual([expect.stringContaining('/kategori')]);
      expect(body.detail).toContain('/kategori');
      await expectStillVersion1(v1.slug);
    });

    it('when a kept measure reads another field', async () => {
      const slug = await draftAfterV1((d) => {
        // The sum now reads a new field and the old one is gone: both are reasons.
        d.schema.properties.jumlah_baru = { type: 'integer', minimum: 0 };
        delete d.schema.properties.jumlah;
        d.schema.required = ['nama'];
        d.uiSchema = {};
        d.aggregations[1].field = '/jumlah_baru';
      });
      const body = expectProblem(await publish(slug), 409, 'BREAKING_CHANGE');
      expect(body.reasons).toHaveLength(2);
      expect(body.reasons).toEqual(expect.arrayContaining([expect.stringContaining('/jumlah'), expect.stringMatching(/total_jumlah.*(op|field)/)]));
      await expectStillVersion1(slug);
    });

    it.each([
      ['unit', (d: ThemeDefinition) => (d.unit = 'report')],
      ['period', (d: ThemeDefinition) => (d.period = 'year')],
      ['regionLevel', (d: ThemeDefinition) => (d.regionLevel = 'rt')],
    ])('when %s changes', async (frame, change) => {
      const slug = await draftAfterV1(change);
      const body = expectProblem(await publish(slug), 409, 'BREAKING_CHANGE');
      expect(body.reasons).toEqual([expect.stringContaining(frame)]);
      await expectStillVersion1(slug);
    });
  });

  describe('passes', () => {
    it('adding an optional field, relaxing a limit and editing labels (201, version 2)', async () => {
      const slug = await draftAfterV1((d) => {
        d.title = 'Judul baru';
        d.schema.properties.jumlah = { ...d.schema.properties.jumlah, title: 'Jumlah (orang)', maximum: 5000 };
        d.schema.properties.telepon = { type: 'string', title: 'Telepon', maxLength: 20 };
      });
      const response = await publish(slug).expect(201);
      expect(response.body).toEqual({ version: 2 });
      const theme = await app.t.http().get(`/api/themes/${slug}`).set('Authorization', app.auth.kader).expect(200);
      expect(theme.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(theme.body).toEqual(expect.objectContaining({ latestVersion: 2, title: 'Judul baru' }));
      const v1 = await app.t.http().get(`/api/themes/${slug}/versions/1`).set('Authorization', app.auth.kader).expect(200);
      expect(v1.body.schema.properties).not.toHaveProperty('telepon');
    });
  });

  describe('submissions stay pinned to their version', () => {
    let slug: string;
    beforeAll(async () => {
      slug = await draftAfterV1((d) => {
        d.schema.properties.telepon = { type: 'string', title: 'Telepon', minLength: 6, maxLength: 20 };
        d.schema.required = ['nama', 'jumlah', 'telepon'];
      });
      await publish(slug).expect(201);
    });
    const v1Data = { nama: 'Bu Sri', jumlah: 3 };

    it('version 1 data without the field v2 requires is stored as version 1', async () => {
      const response = await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, v1Data, { version: 1 }));
      expect(response.status).toBe(201);
      expect(response.body.version).toBe(1);
    });

    it('the same data against version 2 fails on the new field', async () => {
      const body = expectProblem(await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, v1Data, { version: 2 })), 422, 'VALIDATION_FAILED');
      expect(body.errors?.map((e) => e.path)).toEqual(['/telepon']);
    });

    it('without a version the latest applies', async () => {
      const refused = expectProblem(await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, v1Data)), 422, 'VALIDATION_FAILED');
      expect(refused.errors?.map((e) => e.path)).toEqual(['/telepon']);
      const stored = await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, { ...v1Data, telepon: '0812345678' }));
      expect(stored.status).toBe(201);
      expect(stored.body.version).toBe(2);
    });

    it('a field only version 2 knows is unexpected in version 1', async () => {
      const body = expectProblem(
        await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, { ...v1Data, telepon: '0812345678' }, { version: 1 })),
        422,
        'VALIDATION_FAILED',
      );
      expect(body.errors?.map((e) => e.path)).toEqual(['/telepon']);
    });

    it('a version that is not published is refused', async () => {
      const body = expectProblem(await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, v1Data, { version: 3 })), 422, 'VERSION_NOT_FOUND');
      expect(body.errors?.map((e) => e.path)).toEqual(['/version']);
    });

    it('stored rows keep their version', async () => {
      const rows = (await app.t.db.query(
        `SELECT s.version, count(*)::int AS n FROM submission s JOIN theme t ON t.id = s.theme_id WHERE t.slug = $1 GROUP BY s.version ORDER BY s.version`,
        [slug],
      )) as { version: number; n: number }[];
      expect(rows).toEqual([
        { version: 1, n: 1 },
        { version: 2, n: 1 },
      ]);
    });
  });

  it('a publish that fails after compiling leaves no validator behind for the version number it would have taken', async () => {
    // v1 draft requires `lama`; its publish fails inside the transaction (injected in the database).
    const first = makeTheme((d) => {
      d.schema.properties.lama = { type: 'string' };
      d.schema.required = ['nama', 'jumlah', 'lama'];
    });
    await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(first).expect(201);
    await app.t.db.query(`CREATE FUNCTION uji_gagal_terbit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'uji: terbit gagal'; END $$`);
    await app.t.db.query(
      `CREATE TRIGGER uji_gagal_terbit BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.topic = 'theme.published') EXECUTE FUNCTION uji_gagal_terbit()`,
    );
    try {
      const failed = await publish(first.slug);
      expect(failed.status).toBe(500);
    } finally {
      await app.t.db.query('DROP TRIGGER uji_gagal_terbit ON outbox');
      await app.t.db.query('DROP FUNCTION uji_gagal_terbit');
    }
    // The app.auth.admin drops `lama` and publishes: version 1 must validate against this definition.
    const second = structuredClone(first);
    delete second.schema.properties.lama;
    second.schema.required = ['nama', 'jumlah'];
    await app.t.http().put(`/api/themes/${first.slug}/draft`).set('Authorization', app.auth.admin).send(second).expect(200);
    await publish(first.slug).expect(201, { version: 1 });
    const response = await postSubmission(app.t, app.auth.kader, first.slug, makeSubmission(REJOMULYO, { nama: 'Ani', jumlah: 1 }));
    expect(response.status).toBe(201);
  });

  describe('test fills of a draft', () => {
    let slug: string;
    beforeAll(async () => {
      const definition = makeTheme();
      slug = definition.slug;
      await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(definition).expect(201);
    });

    it('an app.auth.admin test-fills an unpublished draft: stored with test: true and version 0, no outbox row', async () => {
      const body = makeSubmission(REJOMULYO, { nama: 'Uji', jumlah: 2 }, { test: true });
      const response = await postSubmission(app.t, app.auth.admin, slug, body);
      expect(response.status).toBe(201);
      expect(response.body).toEqual(expect.objectContaining({ id: body.id, test: true, version: 0, theme: slug }));
      const [row] = (await app.t.db.query('SELECT is_test FROM submission WHERE id = $1', [body.id])) as { is_test: boolean }[];
      expect(row.is_test).toBe(true);
      const outbox = (await app.t.db.query(`SELECT id FROM outbox WHERE payload->>'submissionId' = $1`, [body.id])) as unknown[];
      expect(outbox).toEqual([]);
    });

    it('validates against the draft', async () => {
      const body = expectProblem(await postSubmission(app.t, app.auth.admin, slug, makeSubmission(REJOMULYO, { nama: 'Uji' }, { test: true })), 422, 'VALIDATION_FAILED');
      expect(body.errors?.map((e) => e.path)).toEqual(['/jumlah']);
    });

    it('is listed only with ?test=true', async () => {
      const plain = await app.t.http().get(`/api/themes/${slug}/submissions`).set('Authorization', app.auth.admin).expect(200);
      expect(plain.body.items).toEqual([]);
      const tests = await app.t.http().get(`/api/themes/${slug}/submissions?test=true`).set('Authorization', app.auth.admin).expect(200);
      expect(tests.body.items).toHaveLength(1);
      expect(tests.body.items[0].test).toBe(true);
    });

    it('a app.auth.kader cannot test-fill (422 TEST_NOT_ALLOWED)', async () => {
      const body = makeSubmission(REJOMULYO, { nama: 'Uji', jumlah: 2 }, { test: true });
      expectProblem(await postSubmission(app.t, app.auth.kader, slug, body), 422, 'TEST_NOT_ALLOWED');
      const rows = (await app.t.db.query('SELECT id FROM submission WHERE id = $1', [body.id])) as unknown[];
      expect(rows).toEqual([]);
    });

    it('nobody submits real data to a theme that was never published', async () => {
      expectProblem(await postSubmission(app.t, app.auth.admin, slug, makeSubmission(REJOMULYO, { nama: 'Uji', jumlah: 2 })), 404);
    });

    it('a test fill of a report theme never displaces the current report', async () => {
      const day = dayKey(30);
      const real = makeSubmission(REJOMULYO_RW_01_RT_01, covidData(5), { period: day });
      expect((await postSubmission(app.t, app.auth.kader, 'covid-harian', real)).status).toBe(201);
      // covid-harian has no draft: a test fill needs one.
      const draft = (await app.t.http().get('/api/themes/covid-harian/versions/1').set('Authorization', app.auth.admin).expect(200)).body as ThemeDefinition & { version?: number };
      delete draft.version;
      await app.t.http().put('/api/themes/covid-harian/draft').set('Authorization', app.auth.admin).send(draft).expect(200);
      const test = makeSubmission(REJOMULYO_RW_01_RT_01, covidData(9), { period: day, test: true });
      expect((await postSubmission(app.t, app.auth.admin, 'covid-harian', test)).status).toBe(201);
      const current = (await app.t.db.query(
        `SELECT id FROM submission WHERE region_code = $1 AND period_key = $2 AND current AND NOT is_test`,
        [REJOMULYO_RW_01_RT_01, day],
      )) as { id: string }[];
      expect(current).toEqual([{ id: real.id }]);
      const listed = await app.t.http().get(`/api/themes/covid-harian/submissions?period=${day}`).set('Authorization', app.auth.admin).expect(200);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([real.id]);
    });
  });
});
