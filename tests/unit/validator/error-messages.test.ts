import type { ErrorObject } from 'ajv';
import { compileValidator, createAjv, toFieldErrors, type FieldError } from '../../../schemas/validator';

const stuntingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['jumlah_gizi_buruk', 'alamat'],
  properties: {
    jumlah_gizi_buruk: { type: 'integer', minimum: 0 },
    alamat: {
      type: 'object',
      required: ['rt'],
      properties: { rt: { type: 'string', pattern: '^[0-9]{3}$' }, 'kode/pos': { type: 'string' } },
    },
    anak: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['nama'],
        properties: { nama: { type: 'string' }, berat_kg: { type: 'number', multipleOf: 0.1 } },
      },
    },
    hamil: { type: 'boolean' },
    usia_kehamilan: { type: 'integer' },
  },
  if: { properties: { hamil: { const: true } }, required: ['hamil'] },
  then: { required: ['usia_kehamilan'] },
};

const validate = (data: unknown, lang: 'id' | 'en' = 'en'): FieldError[] =>
  compileValidator(stuntingSchema).validate(data, lang).errors;
const paths = (errors: FieldError[]): string[] => errors.map((error) => `${error.keyword} ${error.path}`);

describe('toFieldErrors', () => {
  it('points a missing required field at the field itself, not its parent', () => {
    expect(paths(validate({ alamat: { rt: '001' } }))).toEqual(['required /jumlah_gizi_buruk']);
  });

  it('points an unexpected property at that property', () => {
    expect(paths(validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001' }, bonus: 1 }))).toEqual([
      'additionalProperties /bonus',
    ]);
  });

  it('follows nested objects and arrays', () => {
    const errors = validate({
      jumlah_gizi_buruk: -1,
      alamat: {},
      anak: [{ nama: 'Rafa', berat_kg: 11.3 }, { berat_kg: 'berat', hobi: 'x' }],
    });
    expect(paths(errors)).toEqual([
      'minimum /jumlah_gizi_buruk',
      'required /alamat/rt',
      'required /anak/1/nama',
      'additionalProperties /anak/1/hobi',
      'type /anak/1/berat_kg',
    ]);
  });

  it('escapes property names as JSON Pointer tokens', () => {
    expect(paths(validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001', 'kode/pos': 34125 } }))).toEqual([
      'type /alamat/kode~1pos',
    ]);
  });

  it('keeps the errors of then but drops the "must match then" noise of if', () => {
    const errors = validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001' }, hamil: true });
    expect(paths(errors)).toEqual(['required /usia_kehamilan']);
  });

  it('answers in Bahasa Indonesia, or in English when asked', () => {
    const data = { alamat: { rt: '1' } };
    expect(validate(data, 'id')).toEqual([
      { path: '/jumlah_gizi_buruk', keyword: 'required', message: 'harus memiliki properti jumlah_gizi_buruk' },
      { path: '/alamat/rt', keyword: 'pattern', message: 'harus cocok dengan pola "^[0-9]{3}$"' },
    ]);
    expect(validate(data, 'en')).toEqual([
      { path: '/jumlah_gizi_buruk', keyword: 'required', message: 'must have required property jumlah_gizi_buruk' },
      { path: '/alamat/rt', keyword: 'pattern', message: 'must match pattern "^[0-9]{3}$"' },
    ]);
  });

  it('fills the keywords ajv-i18n leaves in English', () => {
    const validator = compileValidator({ properties: { a: {} }, unevaluatedProperties: false });
    expect(validator.validate({ a: 1, b: 2 }, 'id').errors).toEqual([
      { path: '/b', keyword: 'unevaluatedProperties', message: 'tidak boleh memiliki properti yang tidak dievaluasi' },
    ]);
  });

  it('reports a failed oneOf once, without the errors of each alternative', () => {
    const validator = compileValidator({
      properties: { status: { oneOf: [{ const: 'ya', title: 'Ya' }, { const: 'tidak', title: 'Tidak' }] } },
    });
    expect(paths(validator.validate({ status: 'mungkin' }, 'en').errors)).toEqual(['oneOf /status']);
  });

  it('reports a failed anyOf of required fields at the object, not as two required fields', () => {
    const validator = compileValidator({ anyOf: [{ required: ['nik'] }, { required: ['no_kk'] }] });
    expect(paths(validator.validate({}, 'en').errors)).toEqual(['anyOf ']);
  });

  it('reports a failed contains once, not once per item', () => {
    const validator = compileValidator({ properties: { tags: { contains: { const: 'utama' } } } });
    expect(paths(validator.validate({ tags: ['a', 'b', 'c'] }, 'en').errors)).toEqual(['contains /tags']);
  });

  it('points propertyNames errors at the offending name', () => {
    const validator = compileValidator({ properties: { kode: { propertyNames: { pattern: '^[a-z]+$' } } } });
    expect(paths(validator.validate({ kode: { ok: 1, BAD: 2 } }, 'en').errors)).toEqual([
      'pattern /kode/BAD',
      'propertyNames /kode/BAD',
    ]);
  });

  it('de-duplicates identical errors', () => {
    const validate2 = createAjv().compile({ allOf: [{ required: ['a'] }, { required: ['a'] }] });
    validate2({});
    expect(validate2.errors).toHaveLength(2);
    expect(toFieldErrors(validate2.errors, 'en')).toEqual([
      { path: '/a', keyword: 'required', message: 'must have required property a' },
    ]);
  });

  it('does not change the errors it is given', () => {
    const validate2 = createAjv().compile({ required: ['a'], unevaluatedProperties: false });
    validate2({ b: 1 });
    const errors = validate2.errors as ErrorObject[];
    const before = JSON.parse(JSON.stringify(errors)) as unknown;
    toFieldErrors(errors, 'id');
    expect(errors).toEqual(before);
  });

  it('answers an empty list for no errors', () => {
    expect(toFieldErrors(null, 'id')).toEqual([]);
    expect(toFieldErrors([], 'en')).toEqual([]);
  });
});
