import type { ErrorObject } from 'ajv';
import { compileValidator, toFieldErrors } from '../../../schemas/validator';
import { standaloneRequire } from '../../../schemas/validator/standalone-runtime';
import { publishTheme, useTestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { makeTheme } from '../../support/themes';

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Runs the served module as the browser does: its default export, given the validator runtime. */
function loadModule(text: string): ValidateFunction {
  const body = text.replace('export default function defineValidator', 'return function defineValidator');
  const define = new Function(body)() as (require: (name: string) => unknown) => ValidateFunction;
  return define(standaloneRequire);
}

describe('the precompiled validator of a theme version', () => {
  const app = useTestApp({ admin: KOTA_METRO, kader: REJOMULYO });

  it('is served to a cadre as a JavaScript module that reports what the server reports, in Indonesian', async () => {
    const definition = makeTheme();
    await publishTheme(app.t, app.auth.admin, definition);

    const response = await app.t.http().get(`/api/themes/${definition.slug}/versions/1/validator.js`).set('Authorization', app.auth.kader).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    const validate = loadModule(response.text);
    const data = { nama: '', jumlah: 1001, lain: true };
    expect(validate(data)).toBe(false);
    const errors = toFieldErrors(validate.errors, 'id');
    expect(errors).toEqual(compileValidator(definition.schema).validate(data, 'id').errors);
    expect(errors.map((error) => error.path)).toEqual(expect.arrayContaining(['/nama', '/jumlah', '/lain']));
    expect(validate({ nama: 'Sri', jumlah: 3 })).toBe(true);

    // The submission endpoint refuses the same data with the same messages.
    const refused = expectProblem(await postSubmission(app.t, app.auth.kader, definition.slug, makeSubmission(REJOMULYO, data)), 422, 'VALIDATION_FAILED');
    expect(refused.errors).toEqual(errors);
  });

  const storedModule = async (slug: string): Promise<string | null> => {
    const [row] = (await app.t.db.query(
      `SELECT v.validator_module FROM theme_version v JOIN theme ON theme.id = v.theme_id WHERE theme.slug = $1 AND v.version = 1`,
      [slug],
    )) as Array<{ validator_module: string | null }>;
    return row.validator_module;
  };

  it('is made when the version is published and kept in the database, so no request waits for it and every process serves the same', async () => {
    const definition = makeTheme();
    await publishTheme(app.t, app.auth.admin, definition);
    const stored = await storedModule(definition.slug);
    expect(stored).toMatch(/^\/\/# allFunctionsCalledOnLoad\n/);
    const response = await app.t.http().get(`/api/themes/${definition.slug}/versions/1/validator.js`).set('Authorization', app.auth.kader).expect(200);
    expect(response.text).toBe(stored);
  });

  it('is made on the first request for a version published before modules were stored, and then kept', async () => {
    const definition = makeTheme();
    await publishTheme(app.t, app.auth.admin, definition);
    // As if published before modules were stored (the row is otherwise immutable, so triggers are off for this).
    await app.t.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE theme_version SET validator_module = NULL WHERE theme_id = (SELECT id FROM theme WHERE slug = $1)`, [definition.slug]);
    });

    const response = await app.t.http().get(`/api/themes/${definition.slug}/versions/1/validator.js`).set('Authorization', app.auth.kader).expect(200);
    const validate = loadModule(response.text);
    expect(validate({ nama: 'Sri', jumlah: 3 })).toBe(true);
    expect(validate({ nama: '', jumlah: 1001 })).toBe(false);
    expect(await storedModule(definition.slug)).toBe(response.text);
    // Once there, it is as frozen as the rest of the version.
    await expect(
      app.t.db.query(`UPDATE theme_version SET validator_module = 'export default 1' WHERE theme_id = (SELECT id FROM theme WHERE slug = $1)`, [definition.slug]),
    ).rejects.toThrow(/immutable/);
    await expect(
      app.t.db.query(`UPDATE theme_version SET definition = '{}' WHERE theme_id = (SELECT id FROM theme WHERE slug = $1)`, [definition.slug]),
    ).rejects.toThrow(/immutable/);
  });

  it('answers 404 for a draft, a version that does not exist and an unknown theme, and 401 without a token', async () => {
    const definition = makeTheme();
    await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(definition).expect(201);
    expectProblem(await app.t.http().get(`/api/themes/${definition.slug}/versions/1/validator.js`).set('Authorization', app.auth.admin), 404);
    expectProblem(await app.t.http().get('/api/themes/covid-harian/versions/2/validator.js').set('Authorization', app.auth.kader), 404);
    expectProblem(await app.t.http().get('/api/themes/tidak-ada/versions/1/validator.js').set('Authorization', app.auth.kader), 404);
    expectProblem(await app.t.http().get('/api/themes/covid-harian/versions/1/validator.js'), 401);
  });
});
