import type { FieldSchema, ThemeDefinition } from '../../../schemas/theme-definition';
import { publishTheme, useTestApp } from '../../support/test-app';
import { expectProblem } from '../../support/problem';
import { KOTA_METRO, REJOMULYO } from '../../support/regions';
import { makeSubmission, postSubmission } from '../../support/submissions';
import { makeTheme } from '../../support/themes';

/** `{type: object, properties: {n: …}}` nested until the field itself is `levels` objects deep. */
function nested(levels: number): FieldSchema {
  return levels === 0 ? { type: 'string' } : { type: 'object', properties: { n: nested(levels - 1) } };
}

const withField = (field: FieldSchema, change?: (definition: ThemeDefinition) => void): ThemeDefinition =>
  makeTheme((definition) => {
    definition.schema.properties.kode = field;
    change?.(definition);
  });

describe('safe schemas over HTTP', () => {
  const app = useTestApp({ admin: KOTA_METRO, kader: REJOMULYO });

  const unsafe: [string, ThemeDefinition, string][] = [
    ['a backreference pattern', withField({ type: 'string', pattern: '(a)\\1' }), '/schema/properties/kode/pattern'],
    ['a lookahead pattern', withField({ type: 'string', pattern: '^(?=a)\\w+$' }), '/schema/properties/kode/pattern'],
    [
      'a backreference in patternProperties',
      withField({ type: 'object', patternProperties: { '^(x)\\1$': { type: 'string' } } }),
      '/schema/properties/kode/patternProperties',
    ],
    ['$data as a limit', withField({ type: 'integer', minimum: { $data: '1/jumlah' } as unknown as number }), '/schema/properties/kode/minimum/$data'],
    ['$data as a const', withField({ const: { $data: '1/jumlah' } }), '/schema/properties/kode/const/$data'],
    ['a remote $ref', withField({ $ref: 'https://example.com/skema.json' }), '/schema/properties/kode/$ref'],
    ['a relative (file) $ref', withField({ $ref: 'skema-lain.json#/definitions/x' }), '/schema/properties/kode/$ref'],
    ['an unknown keyword', withField({ type: 'string', regexp: '/^a/i' }), '/schema/properties/kode/regexp'],
    ['a schema over 256 KiB', withField({ type: 'string', description: 'x'.repeat(257 * 1024) }), '/schema'],
    ['a schema deeper than 32', withField(nested(20)), '/schema/properties/kode'],
    ['an enum over 5,000 values', withField({ type: 'integer', enum: Array.from({ length: 5001 }, (_, i) => i) }), '/schema/properties/kode/enum'],
  ];

  it.each(unsafe)('refuses %s with 422 SCHEMA_UNSAFE and the path, storing nothing', async (_name, definition, path) => {
    const body = expectProblem(await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(definition), 422, 'SCHEMA_UNSAFE');
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? []) {
      expect(error.path.startsWith(path)).toBe(true);
      expect(error.message).toEqual(expect.any(String));
    }
    expectProblem(await app.t.http().get(`/api/themes/${definition.slug}`).set('Authorization', app.auth.admin), 404);
  });

  it('refuses an unsafe schema in a draft edit too, keeping the saved draft', async () => {
    const definition = makeTheme();
    await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(definition).expect(201);
    const edit = withField({ type: 'string', pattern: '(a)\\1' }, (d) => (d.slug = definition.slug));
    expectProblem(await app.t.http().put(`/api/themes/${definition.slug}/draft`).set('Authorization', app.auth.admin).send(edit), 422, 'SCHEMA_UNSAFE');
    const theme = await app.t.http().get(`/api/themes/${definition.slug}`).set('Authorization', app.auth.admin).expect(200);
    expect(theme.body.draft.schema).toEqual(definition.schema);
  });

  it('accepts limits right at the bound: an enum of 5,000 values', async () => {
    const definition = withField({ type: 'integer', enum: Array.from({ length: 5000 }, (_, i) => i) });
    await app.t.http().post('/api/themes').set('Authorization', app.auth.admin).send(definition).expect(201);
  });

  describe('a pattern that backtracks catastrophically in a native engine', () => {
    let slug: string;
    beforeAll(async () => {
      ({ slug } = await publishTheme(app.t, app.auth.admin, withField({ type: 'string', pattern: '^(a|a)*$', maxLength: 200 })));
    });

    it('is accepted (RE2 matches it in linear time) and validates as the pattern says', async () => {
      const ok = await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, { nama: 'Ani', jumlah: 1, kode: 'aaaa' }));
      expect(ok.status).toBe(201);
    });

    it('answers a hostile 51-character value with 422 at once', async () => {
      const hostile = await postSubmission(app.t, app.auth.kader, slug, makeSubmission(REJOMULYO, { nama: 'Ani', jumlah: 1, kode: `${'a'.repeat(50)}b` }));
      expect(hostile.status).toBe(422);
    });
  });
});
