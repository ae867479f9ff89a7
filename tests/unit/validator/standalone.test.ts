import type { ErrorObject } from 'ajv';
import { compileValidator, toFieldErrors } from '../../../schemas/validator';
import { standaloneValidatorModule, withoutAnnotations } from '../../../schemas/validator/standalone';
import { defineStandalone, type standaloneRequire } from '../../../schemas/validator/standalone-runtime';
import { builtInSlugs, loadBuiltIn } from '../../support/themes';

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

type Define = (require: typeof standaloneRequire) => ValidateFunction;

/** The module the API serves, as its default export (the function of the runtime), without a module loader. */
async function standaloneDefine(schema: object): Promise<Define> {
  const text = await standaloneValidatorModule(schema);
  return new Function(text.replace('export default function defineValidator', 'return function defineValidator'))() as Define;
}

/** Runs the module as the browser does (compiled-validator.ts): defined with the runtime, formats fetched when asked for. */
async function loadStandalone(schema: object): Promise<ValidateFunction> {
  return defineStandalone(await standaloneDefine(schema));
}

async function precompiledErrors(schema: object, data: unknown) {
  const validate = await loadStandalone(schema);
  // The browser words the errors with the version's schema, titles included, as the server does.
  return validate(data) ? [] : toFieldErrors(validate.errors, 'id', { schema });
}

const SCHEMA = {
  type: 'object',
  required: ['jumlah', 'hp'],
  properties: {
    jumlah: { type: 'integer', minimum: 0, maximum: 50 },
    berat: { type: 'number', multipleOf: 0.1 },
    nama: { type: 'string', maxLength: 5 },
    nik: { type: 'string', pattern: '^[0-9]{16}$' },
    // Not backtracking-free: runs on RE2.
    hp: { type: 'string', pattern: '^(\\+62|0)8[0-9]{8,12}$' },
    tanggal: { type: 'string', format: 'date' },
    foto: { type: 'string', format: 'file-id' },
    surel: { type: 'string', format: 'email' },
    // Formats the runtime fetches only for a version that asks for them.
    jam: { type: 'string', format: 'time' },
    waktu: { type: 'string', format: 'date-time' },
    tautan: { type: 'string', format: 'uri' },
    anggota: { type: 'array', uniqueItems: true, items: { type: 'object', properties: { nama: { type: 'string' } } } },
    kondisi: { type: 'string', enum: ['Baik', 'Rusak'] },
  },
} as const;

describe('a validator precompiled for the browser', () => {
  const samples: unknown[] = [
    {},
    { jumlah: 3, hp: '081234567890' },
    { jumlah: -1, hp: '08-12', berat: 0.3, nama: 'Sri Wahyuni', nik: '123', tanggal: '2026-02-30', foto: 'x', surel: 'bukan surel', jam: '25:00:00Z', waktu: '2026-11-28 jam 9', tautan: 'bukan tautan' },
    { jumlah: 1.5, hp: '+6281234567890', berat: 19.99, anggota: [{ nama: 'A' }, { nama: 'A' }], kondisi: 'Hilang' },
    { jumlah: 2, hp: '081234567890', berat: 0.7, tanggal: '2024-02-29', foto: '0b7e3d1c-3f0a-4d8e-9a55-2f6f1c1a9e01', surel: 'kader@metro.id', jam: '09:30:00+07:00', waktu: '2026-11-28T09:30:00+07:00', tautan: 'https://metrokota.go.id/pkk' },
  ];

  it.each(samples.map((data) => [JSON.stringify(data), data]))('answers %s with the same Indonesian errors as the server', async (_label, data) => {
    expect(await precompiledErrors(SCHEMA, data)).toEqual(compileValidator(SCHEMA).validate(data, 'id').errors);
  });

  it('gives every built-in tematik the same answers as the server', async () => {
    for (const slug of builtInSlugs()) {
      const { schema } = loadBuiltIn(slug);
      for (const data of [{}, { jumlah: 'tiga' }]) {
        expect({ slug, errors: await precompiledErrors(schema, data) }).toEqual({ slug, errors: compileValidator(schema).validate(data, 'id').errors });
      }
    }
  });

  it('is served as an ES module that builds its validate function from the runtime it is given', async () => {
    const text = await standaloneValidatorModule(SCHEMA);
    // Chromium compiles the whole file off the main thread while it loads.
    expect(text.split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
    expect(text).toMatch(/^export default function defineValidator\(\w+\)\{/m);
    // No eval at run time: Ajv's compiler is not in it, only generated checks.
    expect(text).not.toMatch(/new Function|\beval\(/);
  });

  it('carries no titles or help texts, and short local names: a phone downloads half as much', async () => {
    const titled = {
      type: 'object',
      required: ['kondisi'],
      properties: {
        kondisi: { title: 'Kondisi jamban keluarga', description: 'Pilih sesuai pengamatan kader saat kunjungan', enum: ['Baik', 'Rusak'] },
        // A field may be named like an annotation keyword: it is a field, and stays.
        title: { type: 'string', title: 'Judul kegiatan', maxLength: 20 },
      },
    };
    const text = await standaloneValidatorModule(titled);
    expect(text).not.toMatch(/Kondisi jamban|Pilih sesuai|Judul kegiatan/);
    expect(text).not.toMatch(/\bvErrors\b|\binstancePath=""/);
    const validate = await loadStandalone(titled);
    expect(validate({ kondisi: 'Hilang', title: 'x'.repeat(21) })).toBe(false);
    expect(toFieldErrors(validate.errors, 'id', { schema: titled })).toEqual([
      { path: '/kondisi', keyword: 'enum', message: 'Pilih salah satu Kondisi jamban keluarga' },
      { path: '/title', keyword: 'maxLength', message: 'Judul kegiatan paling banyak 20 karakter' },
    ]);
    expect(toFieldErrors(validate.errors, 'id', { schema: titled })).toEqual(compileValidator(titled).validate({ kondisi: 'Hilang', title: 'x'.repeat(21) }, 'id').errors);
    expect(withoutAnnotations(titled)).toEqual({
      type: 'object',
      required: ['kondisi'],
      properties: { kondisi: { enum: ['Baik', 'Rusak'] }, title: { type: 'string', maxLength: 20 } },
    });
  });
});

describe('the formats a precompiled validator is given', () => {
  const DATES = { type: 'object', properties: { lahir: { type: 'string', format: 'date' }, foto: { type: 'string', format: 'file-id' } } };
  const TIMES = { type: 'object', properties: { jam: { type: 'string', format: 'time' } } };

  it('holds dates and Wakuncar\'s own formats at once, and fetches the rest only for a version that asks', async () => {
    await jest.isolateModulesAsync(async () => {
      // A runtime of its own: nothing fetched yet.
      const runtime = await import('../../../schemas/validator/standalone-runtime');
      const dates = (await standaloneDefine(DATES))(runtime.standaloneRequire);
      expect(dates({ lahir: '2026-02-30' })).toBe(false);
      expect(dates({ lahir: '2024-02-29', foto: '0b7e3d1c-3f0a-4d8e-9a55-2f6f1c1a9e01' })).toBe(true);
      // Defined without the table, a time is refused at once rather than found missing while checking.
      const times = await standaloneDefine(TIMES);
      expect(() => times(runtime.standaloneRequire)).toThrow(runtime.FormatsNotLoaded);
      const validate = await runtime.defineStandalone(times);
      expect(validate({ jam: '25:00:00Z' })).toBe(false);
      expect(validate({ jam: '09:30:00+07:00' })).toBe(true);
    });
  });

  it('keeps Wakuncar\'s `date` over ajv-formats\' once the table is fetched', async () => {
    await jest.isolateModulesAsync(async () => {
      const runtime = await import('../../../schemas/validator/standalone-runtime');
      const options = await import('../../../schemas/validator/ajv-options');
      await runtime.loadAllFormats();
      const formats = (runtime.standaloneRequire('wakuncar/validator-runtime') as { formats: Record<string, unknown> }).formats;
      expect(formats.date).toBe(options.DATE_FORMAT);
      expect(formats['file-id']).toBe(options.CUSTOM_FORMATS['file-id']);
    });
  });
});
