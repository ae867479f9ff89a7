import type { ErrorObject } from 'ajv';
import { compileValidator, toFieldErrors } from '../../../schemas/validator';
import { standaloneValidatorModule, withoutAnnotations } from '../../../schemas/validator/standalone';
import { standaloneRequire } from '../../../schemas/validator/standalone-runtime';
import { builtInSlugs, loadBuiltIn } from '../../support/themes';

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Runs the module the API serves as the browser does (its default export, given the runtime), without a module loader. */
async function loadStandalone(schema: object): Promise<ValidateFunction> {
  const text = await standaloneValidatorModule(schema);
  const define = new Function(text.replace('export default function defineValidator', 'return function defineValidator'))() as (
    require: typeof standaloneRequire,
  ) => ValidateFunction;
  return define(standaloneRequire);
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
    anggota: { type: 'array', uniqueItems: true, items: { type: 'object', properties: { nama: { type: 'string' } } } },
    kondisi: { type: 'string', enum: ['Baik', 'Rusak'] },
  },
} as const;

describe('a validator precompiled for the browser', () => {
  const samples: unknown[] = [
    {},
    { jumlah: 3, hp: '081234567890' },
    { jumlah: -1, hp: '08-12', berat: 0.3, nama: 'Sri Wahyuni', nik: '123', tanggal: '2026-02-30', foto: 'x', surel: 'bukan surel' },
    { jumlah: 1.5, hp: '+6281234567890', berat: 19.99, anggota: [{ nama: 'A' }, { nama: 'A' }], kondisi: 'Hilang' },
    { jumlah: 2, hp: '081234567890', berat: 0.7, tanggal: '2024-02-29', foto: '0b7e3d1c-3f0a-4d8e-9a55-2f6f1c1a9e01', surel: 'kader@metro.id' },
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
