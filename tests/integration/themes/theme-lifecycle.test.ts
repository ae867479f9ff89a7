import { createApi, prepareDatabase } from '../../../server/src/api';
import { loadConfig } from '../../../server/src/config/app-config';
import { DataSource } from 'typeorm';
import { ThemesService } from '../../../server/src/modules/themes/themes.service';
import { createTestApp, TestApp } from '../../support/test-app';
import { createDatabase, databaseUrl, dropDatabase, runId } from '../../support/test-database';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, METRO_PUSAT, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { builtInSlugs, loadBuiltIn, makeTheme } from '../../support/themes';

const builtIns = builtInSlugs();

describe('theme lifecycle', () => {
  let t: TestApp;
  let admin: string;
  let kader: string;
  let opd: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.as('admin', KOTA_METRO)).auth;
    kader = (await t.as('kader', REJOMULYO)).auth;
    opd = (await t.as('opd', KOTA_METRO)).auth;
  });
  afterAll(() => t.close());

  const listedSlugs = async (auth: string): Promise<string[]> => {
    const response = await t.http().get('/api/themes').set('Authorization', auth).expect(200);
    return (response.body.items as { slug: string }[]).map((item) => item.slug);
  };

  describe('built-in tematik', () => {
    it('are all published as version 1 and listed for every role', async () => {
      expect(builtIns).toEqual(expect.arrayContaining(['covid-harian', 'kwt', 'umkm', 'posyandu', 'stunting']));
      for (const auth of [admin, kader, opd]) {
        const response = await t.http().get('/api/themes').set('Authorization', auth).expect(200);
        const builtins = (response.body.items as { slug: string; latestVersion: number }[]).filter((item) => builtIns.includes(item.slug));
        expect(builtins.map((item) => [item.slug, item.latestVersion])).toEqual(builtIns.map((slug) => [slug, 1]));
      }
      const covid = (await t.http().get('/api/themes').set('Authorization', kader)).body.items.find((item: { slug: string }) => item.slug === 'covid-harian');
      expect(covid).toEqual(expect.objectContaining({ unit: 'report', period: 'day', regionLevel: 'rt', latestVersion: 1 }));
    });

    it('are published by the start-up on an empty database, once, and a second start adds nothing', async () => {
      const name = `${runId()}_${process.pid}_empty`;
      await createDatabase(name);
      try {
        const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), DATABASE_URL: databaseUrl(name), SEED_DEMO: 'false', LOG_LEVEL: 'error' });
        const app = await createApi(config, databaseUrl(name));
        await app.init();
        try {
          await prepareDatabase(app);
          const rows = await app.get(ThemesService).listPublished();
          expect(rows.map((row) => [row.slug, row.latestVersion])).toEqual(builtIns.map((slug) => [slug, 1]));
          expect(await app.get(ThemesService).publishBuiltins()).toEqual([]);
          await prepareDatabase(app);
          const [{ versions }] = (await app.get(DataSource).query(
            `SELECT count(*)::int AS versions FROM theme_version v JOIN theme t ON t.id = v.theme_id WHERE t.builtin`,
          )) as { versions: number }[];
          expect(versions).toBe(builtIns.length);
        } finally {
          await app.close();
        }
      } finally {
        await dropDatabase(name);
      }
    });

    it('have frozen definitions readable by any user', async () => {
      const response = await t.http().get('/api/themes/covid-harian/versions/1').set('Authorization', opd).expect(200);
      const file = loadBuiltIn('covid-harian');
      expect(response.body).toEqual(expect.objectContaining({ slug: 'covid-harian', version: 1, schema: file.schema }));
    });
  });

  describe('a theme an admin designs', () => {
    const definition = makeTheme();
    const slug = definition.slug;

    it('starts as a draft (201) that only admins who own it can see', async () => {
      const created = await t.http().post('/api/themes').set('Authorization', admin).send(definition).expect(201);
      expect(created.body).toEqual(expect.objectContaining({ slug, latestVersion: null, versions: [], draft: definition }));

      expect(await listedSlugs(admin)).not.toContain(slug);
      expect(await listedSlugs(kader)).not.toContain(slug);
      const own = await t.http().get(`/api/themes/${slug}`).set('Authorization', admin).expect(200);
      expect(own.body.draft).toEqual(definition);
      expectProblem(await t.http().get(`/api/themes/${slug}`).set('Authorization', kader), 404);
      expectProblem(await t.http().get(`/api/themes/${slug}`).set('Authorization', opd), 404);
      const otherAdmin = (await t.as('admin', METRO_PUSAT)).auth;
      expectProblem(await t.http().get(`/api/themes/${slug}`).set('Authorization', otherAdmin), 404);
      expectProblem(await t.http().get(`/api/themes/${slug}/versions/1`).set('Authorization', admin), 404);

      const [audit] = (await t.db.query(`SELECT action, target_id FROM audit_log WHERE action = 'theme.created' AND target_id = $1`, [slug])) as unknown[];
      expect(audit).toEqual({ action: 'theme.created', target_id: slug });
    });

    it('refuses a second theme with the same slug (409)', async () => {
      expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(definition), 409, 'THEME_EXISTS');
    });

    it('creates one theme when admins create the same new slug at once (the rest THEME_EXISTS, never a 500)', async () => {
      const twin = makeTheme();
      const actor = await t.makeUser('admin', KOTA_METRO);
      const themes = t.app.get(ThemesService);
      // Warm the pool, so no transaction waits for a new connection and all of them really overlap.
      await Promise.all([0, 1, 2, 3, 4, 5].map(() => t.db.query('SELECT pg_sleep(0.05)')));
      const outcomes = await Promise.allSettled([0, 1, 2, 3].map(() => themes.create(actor, twin)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(outcome.reason).toMatchObject({ status: 409, code: 'THEME_EXISTS' });
      }
    });

    it('edits the draft with PUT (200); the slug cannot change', async () => {
      const edited = makeTheme((d) => {
        d.slug = slug;
        d.title = 'Tematik uji (revisi)';
      });
      const response = await t.http().put(`/api/themes/${slug}/draft`).set('Authorization', admin).send(edited).expect(200);
      expect(response.body.draft.title).toBe('Tematik uji (revisi)');

      const renamed = makeTheme((d) => {
        d.slug = `${slug}-baru`;
      });
      const refused = expectProblem(await t.http().put(`/api/themes/${slug}/draft`).set('Authorization', admin).send(renamed), 422, 'THEME_INVALID');
      expect(refused.errors?.map((e) => e.path)).toEqual(['/slug']);
      const after = await t.http().get(`/api/themes/${slug}`).set('Authorization', admin).expect(200);
      expect(after.body.draft.title).toBe('Tematik uji (revisi)');
    });

    it('publishes the draft as version 1 (201), listed for everyone from then on', async () => {
      const published = await t.http().post(`/api/themes/${slug}/publish`).set('Authorization', admin).expect(201);
      expect(published.body).toEqual({ version: 1 });

      expect(await listedSlugs(kader)).toContain(slug);
      expect(await listedSlugs(opd)).toContain(slug);
      const seen = await t.http().get(`/api/themes/${slug}`).set('Authorization', kader).expect(200);
      expect(seen.body).toEqual(
        expect.objectContaining({ slug, title: 'Tematik uji (revisi)', unit: 'record', period: 'month', regionLevel: 'kelurahan', latestVersion: 1 }),
      );
      expect(seen.body.versions).toEqual([{ version: 1, publishedAt: expect.any(String) }]);
      expect(seen.body).not.toHaveProperty('draft');

      const version = await t.http().get(`/api/themes/${slug}/versions/1`).set('Authorization', kader).expect(200);
      expect(version.body).toEqual(expect.objectContaining({ slug, version: 1, title: 'Tematik uji (revisi)', schema: definition.schema }));
      const [audit] = (await t.db.query(`SELECT details FROM audit_log WHERE action = 'theme.published' AND target_id = $1`, [slug])) as { details: unknown }[];
      expect(audit.details).toEqual({ version: 1 });
    });

    it('has nothing left to publish until a new draft is saved', async () => {
      expectProblem(await t.http().post(`/api/themes/${slug}/publish`).set('Authorization', admin), 400, 'NO_DRAFT');
    });

    it('shows the next draft to its admins only, while version 1 stays as published', async () => {
      const next = makeTheme((d) => {
        d.slug = slug;
        d.title = 'Draf versi 2';
      });
      await t.http().put(`/api/themes/${slug}/draft`).set('Authorization', admin).send(next).expect(200);
      const forAdmin = await t.http().get(`/api/themes/${slug}`).set('Authorization', admin).expect(200);
      expect(forAdmin.body.draft.title).toBe('Draf versi 2');
      expect(forAdmin.body.title).toBe('Tematik uji (revisi)');
      const forKader = await t.http().get(`/api/themes/${slug}`).set('Authorization', kader).expect(200);
      expect(forKader.body).not.toHaveProperty('draft');
      expect(forKader.body.title).toBe('Tematik uji (revisi)');
      const v1 = await t.http().get(`/api/themes/${slug}/versions/1`).set('Authorization', admin).expect(200);
      expect(v1.body.title).toBe('Tematik uji (revisi)');
      expectProblem(await t.http().get(`/api/themes/${slug}/versions/2`).set('Authorization', admin), 404);
    });

    it('keeps published versions immutable in the database itself', async () => {
      await expect(
        t.db.query(
          `UPDATE theme_version SET definition = jsonb_set(definition, '{title}', '"diubah"') WHERE theme_id = (SELECT id FROM theme WHERE slug = $1)`,
          [slug],
        ),
      ).rejects.toThrow(/immutable/);
      await expect(t.db.query(`DELETE FROM theme_version WHERE theme_id = (SELECT id FROM theme WHERE slug = $1)`, [slug])).rejects.toThrow(/immutable/);
      const v1 = await t.http().get(`/api/themes/${slug}/versions/1`).set('Authorization', admin).expect(200);
      expect(v1.body.title).toBe('Tematik uji (revisi)');
    });

    it('cannot be edited or published by an admin of another region (404)', async () => {
      const otherAdmin = (await t.as('admin', METRO_PUSAT)).auth;
      expectProblem(await t.http().put(`/api/themes/${slug}/draft`).set('Authorization', otherAdmin).send(makeTheme((d) => (d.slug = slug))), 404);
      expectProblem(await t.http().post(`/api/themes/${slug}/publish`).set('Authorization', otherAdmin), 404);
    });
  });

  describe('who may design', () => {
    it.each(['kader', 'opd'] as const)('a %s cannot create, edit or publish a theme (403)', async (role) => {
      const auth = role === 'kader' ? kader : opd;
      const definition = makeTheme();
      expectProblem(await t.http().post('/api/themes').set('Authorization', auth).send(definition), 403, 'FORBIDDEN');
      expectProblem(await t.http().put('/api/themes/covid-harian/draft').set('Authorization', auth).send(definition), 403, 'FORBIDDEN');
      expectProblem(await t.http().post('/api/themes/covid-harian/publish').set('Authorization', auth), 403, 'FORBIDDEN');
      const [{ count }] = (await t.db.query(`SELECT count(*)::int AS count FROM theme WHERE slug = $1`, [definition.slug])) as { count: number }[];
      expect(count).toBe(0);
    });

    it('answers 401 without a token', async () => {
      expectProblem(await t.http().get('/api/themes'), 401);
      expectProblem(await t.http().post('/api/themes').send(makeTheme()), 401);
    });
  });

  describe('in two languages', () => {
    it('lists a published theme with its English title, and words a submission\'s errors with its messages and translations', async () => {
      const definition = makeTheme((d) => {
        d.messages = { '/jumlah': { minimum: 'Jumlah tidak boleh kurang dari 0' } };
        d.translations = { en: { title: 'Trial theme', fields: { '/nama': { title: 'Name' } }, messages: { '/jumlah': { minimum: 'The count cannot be below 0' } } } };
      });
      await t.http().post('/api/themes').set('Authorization', admin).send(definition).expect(201);
      await t.http().post(`/api/themes/${definition.slug}/publish`).set('Authorization', admin).expect(201);
      const listed = (await t.http().get('/api/themes').set('Authorization', kader).expect(200)).body.items.find(
        (item: { slug: string }) => item.slug === definition.slug,
      );
      expect(listed).toMatchObject({ title: 'Tematik uji', translations: { en: { title: 'Trial theme' } } });
      const version = (await t.http().get(`/api/themes/${definition.slug}/versions/1`).set('Authorization', kader).expect(200)).body;
      expect(version).toMatchObject({ messages: definition.messages, translations: definition.translations });

      const body = makeSubmission(REJOMULYO, { jumlah: -1 });
      const indonesian = expectProblem(await postSubmission(t, kader, definition.slug, body), 422, 'VALIDATION_FAILED');
      expect(indonesian.errors).toEqual([
        { path: '/nama', keyword: 'required', message: 'Nama wajib diisi' },
        { path: '/jumlah', keyword: 'minimum', message: 'Jumlah tidak boleh kurang dari 0' },
      ]);
      const english = expectProblem(await postSubmission(t, kader, definition.slug, body).set('Accept-Language', 'en'), 422, 'VALIDATION_FAILED');
      expect(english.errors).toEqual([
        { path: '/nama', keyword: 'required', message: 'Fill in Name' },
        { path: '/jumlah', keyword: 'minimum', message: 'The count cannot be below 0' },
      ]);
    });
  });

  describe('THEME_INVALID', () => {
    it('lists every shape error with its path', async () => {
      const definition = makeTheme((d) => {
        d.title = '';
        (d as { unit: string }).unit = 'harian';
        (d as { extra?: boolean }).extra = true;
      });
      const body = expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(definition), 422, 'THEME_INVALID');
      expect(body.errors?.map((e) => e.path).sort()).toEqual(['/extra', '/title', '/unit']);
      for (const error of body.errors ?? []) expect(error.message).toEqual(expect.any(String));
    });

    it('checks what aggregations point at: a sum of a text field, a missing field, a personal group', async () => {
      const definition = makeTheme((d) => {
        d.sensitivity = 'personal';
        d.personalFields = ['/nama', '/tidak_ada'];
        d.aggregations = [
          { key: 'total_nama', title: 'Total nama', op: 'sum', field: '/nama' },
          { key: 'per_warna', title: 'Per warna', op: 'count', groupBy: '/warna' },
          { key: 'per_nama', title: 'Per nama', op: 'count', groupBy: '/nama' },
          { key: 'total_nama', title: 'Ganda', op: 'count' },
        ];
      });
      const body = expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(definition), 422, 'THEME_INVALID');
      expect(body.errors?.map((e) => e.path).sort()).toEqual([
        '/aggregations/0/field',
        '/aggregations/1/groupBy',
        '/aggregations/2/groupBy',
        '/aggregations/3/key',
        '/personalFields/1',
      ]);
      const sum = body.errors?.find((e) => e.path === '/aggregations/0/field');
      expect(sum?.message).toMatch(/angka/);
    });

    it('checks messages and English texts when the draft is saved: unknown fields and keywords, enumNames of the wrong length', async () => {
      const definition = makeTheme((d) => {
        d.messages = { '/jumlah_kk': { minimum: 'Isi 0 bila tidak ada' } };
        d.translations = { en: { fields: { '/kategori': { title: 'Category', enumNames: ['A'] } }, messages: { '/jumlah': { minimun: 'Enter 0' } } } };
      });
      const body = expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(definition), 422, 'THEME_INVALID');
      // The meta-schema speaks first (an unknown keyword); the fields are checked on a well-shaped definition.
      expect(body.errors?.map((e) => e.path)).toEqual(['/translations/en/messages/~1jumlah/minimun']);
      delete (definition.translations?.en?.messages as Record<string, unknown>)['/jumlah'];
      const again = expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(definition), 422, 'THEME_INVALID');
      expect(again.errors).toEqual([
        { path: '/messages/~1jumlah_kk', keyword: 'pointer', message: 'kolom /jumlah_kk tidak ada di schema' },
        { path: '/translations/en/fields/~1kategori/enumNames', keyword: 'enumNames', message: 'enumNames berisi 1 label, padahal kolom /kategori punya 2 pilihan' },
      ]);
    });

    it('refuses a $ref that points nowhere when the draft is saved, not at publish', async () => {
      const definition = makeTheme((d) => {
        d.schema.properties.kode = { $ref: '#/$defs/tidak_ada' };
      });
      const response = await t.http().post('/api/themes').set('Authorization', admin).send(definition);
      const body = expectProblem(response, 422);
      // Which policy names it (the safety check or the compiler) is the validator's business.
      expect(['THEME_INVALID', 'SCHEMA_UNSAFE']).toContain(body.code);
      expect(body.errors?.[0].path).toMatch(/^\/schema/);
      expectProblem(await t.http().get(`/api/themes/${definition.slug}`).set('Authorization', admin), 404);
    });

    it('refuses a slug the database cannot hold (leading digit) with 422, never 500', async () => {
      const body = expectProblem(await t.http().post('/api/themes').set('Authorization', admin).send(makeTheme((d) => (d.slug = '2026-covid'))), 422, 'THEME_INVALID');
      expect(body.errors?.map((e) => e.path)).toEqual(['/slug']);
    });

    it('answers a body that is not a definition at all with 422, never 500', async () => {
      for (const body of [[], 'teks', { slug: 'x' }, { schema: [] }]) {
        const response = await t.http().post('/api/themes').set('Authorization', admin).send(body as object);
        // A bare string goes out as a form (415: only JSON is read); the others are JSON.
        expect(typeof body === 'string' ? [415] : [400, 422]).toContain(response.status);
        expectProblem(response, response.status);
      }
    });
  });

  describe('generated TypeScript types', () => {
    it('serves the types of a built-in version as TypeScript with the field names', async () => {
      const response = await t.http().get('/api/themes/covid-harian/versions/1/types.ts').set('Authorization', opd).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/export interface CovidHarianData \{/);
      for (const field of ['suspek', 'konfirmasi_baru', 'sembuh', 'meninggal', 'isolasi_mandiri']) {
        expect(response.text).toMatch(new RegExp(`\\b${field}: number;`));
      }
      expect(response.text).toMatch(/\bcatatan\?: string;/);
    });

    it('serves the types of an admin-made version and 404 for a version that does not exist', async () => {
      const definition = makeTheme();
      await t.http().post('/api/themes').set('Authorization', admin).send(definition).expect(201);
      expectProblem(await t.http().get(`/api/themes/${definition.slug}/versions/1/types.ts`).set('Authorization', admin), 404);
      await t.http().post(`/api/themes/${definition.slug}/publish`).set('Authorization', admin).expect(201);

      const response = await t.http().get(`/api/themes/${definition.slug}/versions/1/types.ts`).set('Authorization', kader).expect(200);
      expect(response.text).toMatch(/export interface \w+Data \{/);
      expect(response.text).toMatch(/\bnama: string;/);
      expect(response.text).toMatch(/\bjumlah: number;/);
      expect(response.text).toMatch(/\bkategori\?: 'a' \| 'b';/);

      expectProblem(await t.http().get(`/api/themes/${definition.slug}/versions/2/types.ts`).set('Authorization', kader), 404);
      expectProblem(await t.http().get(`/api/themes/${definition.slug}/versions/0/types.ts`).set('Authorization', kader), 404);
      expectProblem(await t.http().get('/api/themes/tidak-ada/versions/1/types.ts').set('Authorization', kader), 404);
      expectProblem(await t.http().get(`/api/themes/${definition.slug}/versions/satu/types.ts`).set('Authorization', kader), 400);
    });
  });
});
