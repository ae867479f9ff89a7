import { Client } from 'pg';
import type { ThemeDefinition } from '../../../schemas/theme-definition';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { makeTheme } from '../../support/themes';

/**
 * A new submission is stored without reading its theme when the API has the theme in memory. A
 * version published a moment ago, here or by another process, must still be the one it is pinned to.
 */
describe('submissions against themes kept in memory', () => {
  let t: TestApp;
  let other: Client;
  let kader: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    other = new Client({ connectionString: t.config.databaseUrl! });
    await other.connect();
    kader = (await t.as('kader', REJOMULYO)).auth;
    admin = (await t.as('admin', KOTA_METRO)).auth;
  });
  afterAll(async () => {
    await other.end();
    await t.close();
  });

  const withColour = (definition: ThemeDefinition) => {
    definition.schema.properties!.warna = { type: 'string', title: 'Warna', maxLength: 20 };
  };

  it('pins the next submission to a version just published through the API', async () => {
    const definition = makeTheme();
    const { slug } = await publishTheme(t, admin, definition);
    for (let i = 0; i < 3; i++) {
      expect((await postSubmission(t, kader, slug, makeSubmission(REJOMULYO, { nama: 'a', jumlah: i })).expect(201)).body.version).toBe(1);
    }
    // Version 1 does not know `warna`.
    expectProblem(await postSubmission(t, kader, slug, makeSubmission(REJOMULYO, { nama: 'a', jumlah: 1, warna: 'merah' })), 422, 'VALIDATION_FAILED');

    const next = makeTheme((d) => {
      d.slug = slug;
      withColour(d);
    });
    await t.http().put(`/api/themes/${slug}/draft`).set('Authorization', admin).send(next).expect(200);
    expect((await t.http().post(`/api/themes/${slug}/publish`).set('Authorization', admin).expect(201)).body).toEqual({ version: 2 });

    const stored = await postSubmission(t, kader, slug, makeSubmission(REJOMULYO, { nama: 'b', jumlah: 2, warna: 'merah' })).expect(201);
    expect(stored.body).toEqual(expect.objectContaining({ version: 2, data: { nama: 'b', jumlah: 2, warna: 'merah' } }));
    // Version 1 is still there for whoever asks for it.
    expect((await postSubmission(t, kader, slug, makeSubmission(REJOMULYO, { nama: 'c', jumlah: 3 }, { version: 1 })).expect(201)).body.version).toBe(1);
  });

  it('pins the next submission to a version another process published straight in the database', async () => {
    const { slug } = await publishTheme(t, admin, makeTheme());
    const first = makeSubmission(REJOMULYO, { nama: 'a', jumlah: 1 });
    expect((await postSubmission(t, kader, slug, first).expect(201)).body.version).toBe(1);

    await other.query('BEGIN');
    await other.query(
      `INSERT INTO theme_version (theme_id, version, definition, types_ts)
       SELECT theme_id, 2, jsonb_set(definition, '{schema,properties,warna}', '{"type": "string", "maxLength": 20}'), types_ts
       FROM theme_version WHERE theme_id = (SELECT id FROM theme WHERE slug = $1) AND version = 1`,
      [slug],
    );
    await other.query('UPDATE theme SET latest_version = 2 WHERE slug = $1', [slug]);
    await other.query('COMMIT');

    const body = makeSubmission(REJOMULYO, { nama: 'b', jumlah: 2, warna: 'biru' });
    const stored = await postSubmission(t, kader, slug, body).expect(201);
    expect(stored.body).toEqual(expect.objectContaining({ id: body.id, theme: slug, version: 2, regionCode: REJOMULYO, status: 'submitted' }));
    const [row] = (await t.db.query('SELECT version, data FROM submission WHERE id = $1', [body.id])) as { version: number; data: unknown }[];
    expect(row).toEqual({ version: 2, data: body.data });
  });

  it('answers a retry as a replay and another body with the same id as a conflict, with the theme in memory', async () => {
    const { slug } = await publishTheme(t, admin, makeTheme());
    await postSubmission(t, kader, slug, makeSubmission(REJOMULYO, { nama: 'a', jumlah: 1 })).expect(201);

    const body = makeSubmission(REJOMULYO, { nama: 'b', jumlah: 2 });
    const created = await postSubmission(t, kader, slug, body).expect(201);
    expect(created.body).toEqual(
      expect.objectContaining({ id: body.id, theme: slug, version: 1, regionCode: REJOMULYO, periodKey: expect.any(String), status: 'submitted', createdAt: expect.any(String) }),
    );
    const replayed = await postSubmission(t, kader, slug, body).expect(200);
    expect(replayed.body).toEqual(created.body);
    expectProblem(await postSubmission(t, kader, slug, { ...body, data: { nama: 'b', jumlah: 3 } }), 409, 'SUBMISSION_CONFLICT');
    // Invalid now, but stored before with this very content: still the original answer.
    expectProblem(await postSubmission(t, kader, slug, { ...body, data: { nama: 'b' } }), 409, 'SUBMISSION_CONFLICT');
    expect(await t.db.query('SELECT count(*)::int AS n FROM outbox WHERE payload ->> $1 = $2', ['submissionId', body.id])).toEqual([{ n: 1 }]);
  });
});
