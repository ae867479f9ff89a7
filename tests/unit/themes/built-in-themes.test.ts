import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { choicesOf, compileValidator } from '../../../schemas/validator';
import { checkDefinition } from '../../../server/src/modules/themes/definition-check';
import { FieldSchema, ThemeDefinition, UiSchema } from '../../../schemas/theme-definition';
import { builtInSlugs, fixtureCases, INVALID_CASES, INVALID_FIXTURES, loadBuiltIn, loadFixture } from '../../support/themes';

const EXPECTED_SLUGS = ['arseti', 'covid-harian', 'dasawisma-rekap', 'kemiskinan', 'kwt', 'posyandu', 'stbm', 'stunting', 'umkm', 'up2k'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// The shared validator (schemas/validator) is built elsewhere; strict mode here proves the built-ins
// use nothing but standard keywords.
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addFormat('file-id', UUID);

const slugs = builtInSlugs();
const validators = new Map<string, ValidateFunction>(slugs.map((slug) => [slug, ajv.compile(loadBuiltIn(slug).schema)]));

function errorsOf(slug: string, data: unknown): { path: string; keyword: string }[] {
  const validate = validators.get(slug);
  if (!validate) throw new Error(`no validator for ${slug}`);
  validate(data);
  // Ajv adds "must match the then schema" beside the errors of `then` itself, which say it all.
  return (validate.errors ?? []).filter((error) => error.keyword !== 'if').map((error: ErrorObject) => ({
    path: error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.instancePath,
    keyword: error.keyword,
  }));
}

/** The fields a condition adds to a level: the `then` properties of its `allOf` entries (the designer's skip logic). */
function conditionalProperties(schema: FieldSchema): Record<string, FieldSchema> {
  const entries = Array.isArray(schema.allOf) ? (schema.allOf as FieldSchema[]) : [];
  return Object.assign({}, ...entries.map((entry) => (entry.then as FieldSchema | undefined)?.properties ?? {})) as Record<string, FieldSchema>;
}

/**
 * Every property, with a JSON Pointer to it, walking nested objects, the items of lists (pointers
 * leave the position out, as `messages` and `translations` do) and the fields conditions add.
 */
function allFields(schema: FieldSchema, prefix = ''): [string, FieldSchema][] {
  const fields: [string, FieldSchema][] = [];
  for (const [name, field] of Object.entries({ ...conditionalProperties(schema), ...schema.properties })) {
    fields.push([`${prefix}/${name}`, field], ...allFields(field, `${prefix}/${name}`));
    if (field.items && !Array.isArray(field.items)) fields.push(...allFields(field.items, `${prefix}/${name}`));
  }
  return fields;
}

function uiOf(definition: ThemeDefinition, name: string): UiSchema {
  const ui = definition.uiSchema?.[name];
  return ui !== null && typeof ui === 'object' && !Array.isArray(ui) ? (ui as UiSchema) : {};
}

describe('built-in tematik', () => {
  it('are the ten datasets of the Wakuncar programme', () => {
    expect(slugs).toEqual(EXPECTED_SLUGS);
  });

  describe.each(slugs)('%s', (slug) => {
    const definition = loadBuiltIn(slug);

    it('passes checkDefinition', () => {
      expect(checkDefinition(definition)).toEqual([]);
    });

    it('is stored under its own slug', () => {
      expect(definition.slug).toBe(slug);
    });

    it('labels every field and orders every top-level field in the form', () => {
      const untitled = allFields(definition.schema).filter(([, field]) => typeof field.title !== 'string' || field.title === '');
      expect(untitled.map(([pointer]) => pointer)).toEqual([]);
      const topLevel = { ...conditionalProperties(definition.schema), ...definition.schema.properties };
      expect([...(definition.uiSchema?.['ui:order'] as string[])].sort()).toEqual(Object.keys(topLevel).sort());
    });

    it('forbids unknown fields and bounds every integer', () => {
      // A field declared in a condition's `then` is invisible to `additionalProperties`, which would
      // refuse it; such a form leaves the keyword out, as the designer writes it.
      const conditional = Object.keys(conditionalProperties(definition.schema)).length > 0;
      expect(definition.schema.additionalProperties).toBe(conditional ? undefined : false);
      const unboundedIntegers = allFields(definition.schema).filter(
        ([, field]) => field.type === 'integer' && (typeof field.minimum !== 'number' || typeof field.maximum !== 'number'),
      );
      expect(unboundedIntegers.map(([pointer]) => pointer)).toEqual([]);
    });

    it('uses the gps widget for locations and the photo widget for files', () => {
      for (const [name, field] of Object.entries({ ...conditionalProperties(definition.schema), ...definition.schema.properties })) {
        if (field.format === 'file-id') expect(uiOf(definition, name)['ui:widget']).toBe('photo');
        if (field.type === 'object' && field.properties?.lat) {
          expect(uiOf(definition, name)['ui:widget']).toBe('gps');
          expect(Object.keys(field.properties).sort()).toEqual(['accuracy', 'lat', 'lon']);
        }
      }
    });

    it('answers its agency with at least one measure', () => {
      expect(definition.aggregations.length).toBeGreaterThan(0);
    });

    it('gives every measure its Satu Data metadata: konsep, definisi, rumus, satuan, sumber', () => {
      for (const aggregation of definition.aggregations) {
        const { konsep, definisi, rumus, satuan, sumber } = aggregation;
        expect({ key: aggregation.key, konsep, definisi, rumus, satuan, sumber }).toEqual({
          key: aggregation.key,
          konsep: expect.stringMatching(/\S/),
          definisi: expect.stringMatching(/\S/),
          rumus: expect.stringMatching(/\S/),
          satuan: expect.stringMatching(/\S/),
          sumber: expect.stringMatching(/TP-PKK Kota Metro/),
        });
      }
    });

    it('accepts its valid fixture', () => {
      expect(errorsOf(slug, loadFixture(slug, 'valid'))).toEqual([]);
    });

    // Most built-ins have one path through their form; those with conditions or lists have more cases.
    for (const kind of fixtureCases(slug, 'valid')) {
      it(`accepts its fixture ${kind} (another path through the form)`, () => {
        expect(errorsOf(slug, loadFixture(slug, kind))).toEqual([]);
      });
    }

    for (const kind of fixtureCases(slug, 'invalid')) {
      it(`rejects its fixture ${kind} for one clear reason, in both languages`, () => {
        const { path, keyword, id, en } = INVALID_CASES[`${slug}.${kind}`];
        const data = loadFixture(slug, kind);
        expect(errorsOf(slug, data)).toEqual([{ path, keyword }]);
        const { schema, uiSchema, messages, translations } = definition;
        const validator = compileValidator(schema, { texts: { uiSchema, messages, translations } });
        expect(validator.validate(data, 'id').errors).toEqual([{ path, keyword, message: id }]);
        expect(validator.validate(data, 'en').errors).toEqual([{ path, keyword, message: en }]);
      });
    }

    it('rejects its invalid fixture for one clear reason', () => {
      const errors = errorsOf(slug, loadFixture(slug, 'invalid'));
      const { path, keyword } = INVALID_FIXTURES[slug];
      const expected = { path, keyword };
      expect(errors).toContainEqual(expected);
      expect(new Set(errors.map((error) => error.path))).toEqual(new Set([expected.path]));
    });
  });

  describe.each(slugs)('%s in the words a cadre reads', (slug) => {
    const definition = loadBuiltIn(slug);
    const { schema, uiSchema, messages, translations } = definition;
    const english = translations?.en;

    it('refuses its invalid fixture with one plain message, in Bahasa Indonesia and in English', () => {
      const validator = compileValidator(schema, { texts: { uiSchema, messages, translations } });
      const data = loadFixture(slug, 'invalid');
      const { path, keyword, id, en } = INVALID_FIXTURES[slug];
      expect(validator.validate(data, 'id').errors).toEqual([{ path, keyword, message: id }]);
      expect(validator.validate(data, 'en').errors).toEqual([{ path, keyword, message: en }]);
    });

    it('says in its own words, in both languages, what every pattern asks for', () => {
      const patterned = allFields(schema).filter(([, field]) => typeof field.pattern === 'string').map(([pointer]) => pointer);
      for (const pointer of patterned) {
        expect({ pointer, id: messages?.[pointer]?.pattern, en: english?.messages?.[pointer]?.pattern }).toEqual({ pointer, id: expect.any(String), en: expect.any(String) });
      }
    });

    it('carries every text of its form in English', () => {
      expect(english?.title).toEqual(expect.any(String));
      expect(english?.description === undefined).toBe(definition.description === undefined);
      for (const [pointer, field] of allFields(schema)) {
        const tokens = pointer.split('/').slice(1);
        const ui = tokens.reduce<UiSchema>((node, token) => {
          const next = node[token];
          return next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as UiSchema) : {};
        }, definition.uiSchema ?? {});
        const texts = english?.fields?.[pointer] ?? {};
        const has = (text: unknown): boolean => typeof text === 'string' && text !== '';
        expect({ pointer, title: has(texts.title) }).toEqual({ pointer, title: true });
        expect({ pointer, description: has(texts.description) }).toEqual({ pointer, description: has(field.description) });
        expect({ pointer, help: has(texts.help) }).toEqual({ pointer, help: has(ui['ui:help']) });
        expect({ pointer, placeholder: has(texts.placeholder) }).toEqual({ pointer, placeholder: has(ui['ui:placeholder']) });
        expect({ pointer, enumNames: texts.enumNames?.length }).toEqual({ pointer, enumNames: choicesOf(schema, field)?.length });
      }
    });
  });

  it('reminds kader about every missing periodic report before it is due', () => {
    const reports = slugs.map(loadBuiltIn).filter((definition) => definition.unit === 'report' && definition.period !== 'none');
    expect(reports.length).toBeGreaterThan(0);
    for (const definition of reports) {
      expect(definition.dueAfter).toBeDefined();
      expect(definition.reminders).toContainEqual(expect.objectContaining({ audience: 'kader', when: 'missing' }));
    }
  });

  it('keeps personal data of sensitive themes out of OPD reach', () => {
    for (const slug of ['kemiskinan', 'stunting']) {
      const definition = loadBuiltIn(slug);
      expect(definition.sensitivity).toBe('sensitive');
      expect(definition.personalFields?.length).toBeGreaterThan(0);
    }
    expect(loadBuiltIn('kemiskinan').personalFields).toContain('/nik_kepala_keluarga');
    expect(loadBuiltIn('stunting').personalFields).toEqual(expect.arrayContaining(['/nik_anak', '/nama_anak']));
  });

  it('measures stunting prevalence as (pendek + sangat pendek) ÷ diukur × 100', () => {
    const prevalence = loadBuiltIn('stunting').aggregations.find((aggregation) => aggregation.key === 'prevalensi_stunting');
    expect(prevalence).toMatchObject({
      op: 'ratio',
      numerator: { where: { '/kategori_tbu': { in: ['pendek', 'sangat_pendek'] } } },
      denominator: {},
      scale: 100,
    });
  });
});
