import { randomUUID } from 'node:crypto';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_PUSAT, METRO_SELATAN, REJOMULYO } from '../../support/regions';
import { makeTheme } from '../../support/themes';
import type { ThemeDefinition } from '../../../schemas/theme-definition';

describe('the designer’s drafts', () => {
  let t: TestApp;
  let admin: string;
  let otherAdmin: string;
  let districtAdmin: string;
  let kader: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
    otherAdmin = (await t.as('admin', KOTA_METRO)).auth;
    districtAdmin = (await t.as('admin', METRO_PUSAT)).auth;
    kader = (await t.as('kader', REJOMULYO)).auth;
  });
  afterAll(() => t.close());

  const read = (slug: string, auth = admin) => t.http().get(`/api/themes/${slug}`).set('Authorization', auth);
  const save = (definition: ThemeDefinition, auth: string, ifMatch?: string) => {
    const call = t.http().put(`/api/themes/${definition.slug}/draft`).set('Authorization', auth);
    return (ifMatch === undefined ? call : call.set('If-Match', ifMatch)).send(definition);
  };

  describe('two admins editing one draft', () => {
    it('refuses the second save made from a stale copy with 412 DRAFT_CHANGED, keeping the first', async () => {
      const draft = makeTheme();
      const created = await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      expect(created.headers.etag).toEqual(expect.any(String));
      const [first, second] = await Promise.all([read(draft.slug, admin), read(draft.slug, otherAdmin)]);
      expect(first.headers.etag).toBe(second.headers.etag);

      const saved = await save({ ...draft, title: 'Versi admin pertama' }, admin, first.headers.etag).expect(200);
      expect(saved.headers.etag).not.toBe(first.headers.etag);
      expectProblem(await save({ ...draft, title: 'Versi admin kedua' }, otherAdmin, second.headers.etag), 412, 'DRAFT_CHANGED');
      expect((await read(draft.slug)).body.draft.title).toBe('Versi admin pertama');

      // Reloading gives the second admin the current tag, and their save goes through.
      const reloaded = await read(draft.slug, otherAdmin);
      expect(reloaded.headers.etag).toBe(saved.headers.etag);
      await save({ ...draft, title: 'Versi admin kedua' }, otherAdmin, reloaded.headers.etag).expect(200);
    });

    it('lets only one of two saves racing from the same copy through', async () => {
      const draft = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      const { etag } = (await read(draft.slug)).headers;
      const answers = await Promise.all([save({ ...draft, title: 'A' }, admin, etag), save({ ...draft, title: 'B' }, otherAdmin, etag)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
      const winner = answers.find((answer) => answer.status === 200)!;
      expect((await read(draft.slug)).body.draft.title).toBe(winner.body.draft.title);
    });

    it('overwrites without If-Match, as a script does', async () => {
      const draft = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      await save({ ...draft, title: 'Dari skrip' }, otherAdmin).expect(200);
      await save({ ...draft, title: 'Dari skrip lagi' }, admin).expect(200);
      expect((await read(draft.slug)).body.draft.title).toBe('Dari skrip lagi');
    });
  });

  it('answers a clear 409 THEME_EXISTS when a new theme’s slug is taken', async () => {
    const draft = makeTheme();
    await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
    expectProblem(await t.http().post('/api/themes').set('Authorization', otherAdmin).send({ ...draft, title: 'Lain' }), 409, 'THEME_EXISTS');
  });

  describe('the diff before publishing', () => {
    it('lists every field of a theme never published as added, with nothing breaking', async () => {
      const draft = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      const diff = (await t.http().get(`/api/themes/${draft.slug}/draft/diff`).set('Authorization', admin).expect(200)).body;
      const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
      expect([...diff.added].sort(byPath)).toEqual([
        { path: '/schema/properties/catatan', title: 'Catatan' },
        { path: '/schema/properties/jumlah', title: 'Jumlah' },
        { path: '/schema/properties/kategori', title: 'Kategori' },
        { path: '/schema/properties/nama', title: 'Nama' },
      ]);
      expect(diff).toEqual(expect.objectContaining({ removed: [], changed: [], breaking: [] }));
    });

    it('names added, removed and changed fields and settings against the published version', async () => {
      const published = makeTheme();
      await publishTheme(t, admin, published);
      const next = makeTheme((d) => {
        d.slug = published.slug;
        d.title = 'Judul baru';
        delete d.schema.properties!.catatan;
        d.schema.properties!.jumlah = { ...d.schema.properties!.jumlah, maximum: 5000 };
        d.schema.properties!.foto = { type: 'string', title: 'Foto', format: 'file-id' };
        d.uiSchema = { 'ui:order': ['nama', 'jumlah', 'kategori', 'foto'] };
      });
      await save(next, admin).expect(200);
      const diff = (await t.http().get(`/api/themes/${published.slug}/draft/diff`).set('Authorization', admin).expect(200)).body;
      expect(diff.added).toEqual([{ path: '/schema/properties/foto', title: 'Foto' }]);
      expect(diff.removed).toEqual([{ path: '/schema/properties/catatan', title: 'Catatan' }]);
      expect(diff.changed).toEqual([
        { path: '/schema/properties/jumlah', before: expect.objectContaining({ maximum: 1000 }), after: expect.objectContaining({ maximum: 5000 }) },
        { path: '/title', before: 'Tematik uji', after: 'Judul baru' },
        { path: '/uiSchema', before: published.uiSchema, after: next.uiSchema },
      ]);
      expect(diff.breaking).toEqual([]);
    });

    it('names a field a condition shows, and a changed condition', async () => {
      const published = makeTheme();
      await publishTheme(t, admin, published);
      const condition = (value: string) => ({
        if: { properties: { kategori: { const: value } }, required: ['kategori'] },
        then: { properties: { alasan: { type: 'string', title: 'Alasan' } } },
      });
      const withCondition = (value: string) =>
        makeTheme((d) => {
          d.slug = published.slug;
          delete d.schema.additionalProperties;
          d.schema.allOf = [condition(value)];
          d.uiSchema = { 'ui:order': ['nama', 'jumlah', 'kategori', 'alasan', 'catatan'] };
        });
      await save(withCondition('a'), admin).expect(200);
      const diff = (await t.http().get(`/api/themes/${published.slug}/draft/diff`).set('Authorization', admin).expect(200)).body;
      expect(diff.added).toEqual([{ path: '/schema/allOf/0/then/properties/alasan', title: 'Alasan' }]);
      expect(diff.changed.map((change: { path: string }) => change.path)).toEqual(['/schema', '/uiSchema']);
      expect(diff.breaking).toEqual([]);

      await t.http().post(`/api/themes/${published.slug}/publish`).set('Authorization', admin).expect(201);
      await save(withCondition('b'), admin).expect(200);
      const next = (await t.http().get(`/api/themes/${published.slug}/draft/diff`).set('Authorization', admin).expect(200)).body;
      expect(next).toEqual({
        added: [],
        removed: [],
        changed: [{ path: '/schema', before: expect.objectContaining({ allOf: [condition('a')] }), after: expect.objectContaining({ allOf: [condition('b')] }) }],
        breaking: [],
      });
    });

    it('gives the breaking reasons with codes and paths, in the reader’s language', async () => {
      const published = makeTheme();
      await publishTheme(t, admin, published);
      const next = makeTheme((d) => {
        d.slug = published.slug;
        d.period = 'week';
        delete d.schema.properties!.jumlah;
        d.schema.required = ['nama'];
        d.uiSchema = { 'ui:order': ['nama', 'kategori', 'catatan'] };
        d.aggregations = d.aggregations.filter((aggregation) => aggregation.key !== 'total_jumlah');
      });
      await save(next, admin).expect(200);
      const diff = (lang: string) => t.http().get(`/api/themes/${published.slug}/draft/diff`).set('Authorization', admin).set('Accept-Language', lang).expect(200);
      const indonesian = (await diff('id')).body.breaking;
      expect(indonesian).toEqual([
        { code: 'FRAME_CHANGED', path: '/period', message: expect.stringContaining('periode (period) berubah dari "month" menjadi "week"') },
        { code: 'MEASURED_FIELD_REMOVED', path: '/schema/properties/jumlah', message: expect.stringContaining('kolom /jumlah dipakai ukuran "total_jumlah" tetapi dihapus') },
      ]);
      const english = (await diff('en-US,en;q=0.9')).body.breaking;
      expect(english.map((reason: { code: string }) => reason.code)).toEqual(['FRAME_CHANGED', 'MEASURED_FIELD_REMOVED']);
      expect(english[0].message).toContain('the period changed from "month" to "week"');
      // The publish is refused for the same reasons.
      expectProblem(await t.http().post(`/api/themes/${published.slug}/publish`).set('Authorization', admin), 409, 'BREAKING_CHANGE');
    });

    it('is for admins who own the theme only', async () => {
      const draft = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      expectProblem(await t.http().get(`/api/themes/${draft.slug}/draft/diff`).set('Authorization', kader), 403);
      // A theme of the city is outside a district admin's subtree.
      expectProblem(await t.http().get(`/api/themes/${draft.slug}/draft/diff`).set('Authorization', districtAdmin), 404, 'THEME_NOT_FOUND');
    });
  });

  describe('test fills of the draft', () => {
    const fill = (slug: string, data: Record<string, unknown>, auth = admin) =>
      t.http().post(`/api/themes/${slug}/draft/test-submissions`).set('Authorization', auth).send({ id: randomUUID(), data });

    it('are checked like a real submission and refused with the field’s error when invalid', async () => {
      const draft = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
      const refused = expectProblem(await fill(draft.slug, { nama: 'Bu Sri', jumlah: -1 }), 422, 'VALIDATION_FAILED');
      expect(refused.errors).toEqual([expect.objectContaining({ path: '/jumlah', keyword: 'minimum' })]);
      const stored = await fill(draft.slug, { nama: 'Bu Sri', jumlah: 3 }).expect(201);
      expect(stored.body).toEqual(expect.objectContaining({ version: 0, status: 'submitted' }));
    });

    it('are stored apart: listed as tests only, never counted in results or completeness', async () => {
      const published = makeTheme();
      await publishTheme(t, admin, published);
      await save({ ...published, title: 'Draf berikutnya' }, admin).expect(200);
      const stored = await fill(published.slug, { nama: 'Uji', jumlah: 7 }).expect(201);

      const real = await t.http().get(`/api/themes/${published.slug}/submissions`).set('Authorization', admin).expect(200);
      expect(real.body.items).toEqual([]);
      const tests = await t.http().get(`/api/themes/${published.slug}/submissions`).query({ test: 'true' }).set('Authorization', admin).expect(200);
      expect(tests.body.items.map((item: { id: string }) => item.id)).toEqual([stored.body.id]);
      const [{ outbox }] = (await t.db.query(`SELECT count(*)::int AS outbox FROM outbox WHERE payload ->> 'submissionId' = $1`, [stored.body.id])) as { outbox: number }[];
      expect(outbox).toBe(0);
      const completeness = await t.http().get(`/api/themes/${published.slug}/completeness`).query({ region: METRO_SELATAN }).set('Authorization', admin).expect(200);
      expect(JSON.stringify(completeness.body)).not.toContain(stored.body.id);
    });

    it('are for admins who own the theme, and need a draft', async () => {
      const published = makeTheme();
      await publishTheme(t, admin, published);
      expectProblem(await fill(published.slug, { nama: 'Uji', jumlah: 1 }), 400, 'NO_DRAFT');
      await save({ ...published, title: 'Draf' }, admin).expect(200);
      expectProblem(await fill(published.slug, { nama: 'Uji', jumlah: 1 }, kader), 403);
      expectProblem(await fill(published.slug, { nama: 'Uji', jumlah: 1 }, districtAdmin), 404, 'THEME_NOT_FOUND');
    });
  });

  it('lists the themes an admin may edit, drafted or published, for the designer', async () => {
    const draft = makeTheme((d) => (d.title = 'Hanya draf'));
    await t.http().post('/api/themes').set('Authorization', admin).send(draft).expect(201);
    const listed = (await t.http().get('/api/themes').query({ drafts: 'true' }).set('Authorization', admin).expect(200)).body.items;
    expect(listed).toEqual(expect.arrayContaining([
      expect.objectContaining({ slug: draft.slug, title: 'Hanya draf', latestVersion: null }),
      expect.objectContaining({ slug: 'covid-harian', latestVersion: 1, draftUpdatedAt: null }),
    ]));
    const district = (await t.http().get('/api/themes').query({ drafts: 'true' }).set('Authorization', districtAdmin).expect(200)).body.items;
    expect(district.map((item: { slug: string }) => item.slug)).not.toContain(draft.slug);
    const forKader = (await t.http().get('/api/themes').query({ drafts: 'true' }).set('Authorization', kader).expect(200)).body.items;
    expect(forKader.map((item: { slug: string }) => item.slug)).not.toContain(draft.slug);
  });
});
