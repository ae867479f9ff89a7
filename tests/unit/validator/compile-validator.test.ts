import {
  AJV_OPTIONS,
  compileValidator,
  createAjv,
  InvalidSchemaError,
  UnsafeSchemaError,
} from '../../../schemas/validator';

const catchError = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('compileValidator', () => {
  const validator = compileValidator({
    type: 'object',
    required: ['kasus_baru'],
    properties: { kasus_baru: { type: 'integer', minimum: 0 }, foto: { type: 'string', format: 'file-id', title: 'Foto kegiatan' } },
  });

  it('validates data and answers field errors', () => {
    expect(validator.validate({ kasus_baru: 3 }, 'id')).toEqual({ valid: true, errors: [] });
    expect(validator.validate({ foto: 'x' }, 'en')).toEqual({
      valid: false,
      errors: [
        { path: '/kasus_baru', keyword: 'required', message: 'Fill in Kasus baru' },
        { path: '/foto', keyword: 'format', message: 'Upload Foto kegiatan again' },
      ],
    });
  });

  it('words the errors with the theme\'s uiSchema titles, messages and translations', () => {
    const themed = compileValidator(
      { type: 'object', properties: { kasus_baru: { type: 'integer', minimum: 0, title: 'Kasus baru' } } },
      { texts: { uiSchema: { kasus_baru: { 'ui:title': 'Kasus konfirmasi baru' } }, messages: { '/kasus_baru': { minimum: 'Isi 0 bila tidak ada kasus baru' } }, translations: { en: { fields: { '/kasus_baru': { title: 'New cases' } } } } } },
    );
    expect(themed.validate({ kasus_baru: -1 }, 'id').errors).toEqual([{ path: '/kasus_baru', keyword: 'minimum', message: 'Isi 0 bila tidak ada kasus baru' }]);
    expect(themed.validate({ kasus_baru: 'x' }, 'id').errors).toEqual([{ path: '/kasus_baru', keyword: 'type', message: 'Kasus konfirmasi baru harus bilangan bulat' }]);
    expect(themed.validate({ kasus_baru: -1 }, 'en').errors).toEqual([{ path: '/kasus_baru', keyword: 'minimum', message: 'New cases must be at least 0' }]);
  });

  it('throws UnsafeSchemaError carrying the field errors, for a 422 SCHEMA_UNSAFE', () => {
    const error = catchError(() => compileValidator({ properties: { a: { $ref: 'https://example.com/a.json' } } }, { lang: 'en' }));
    expect(error).toBeInstanceOf(UnsafeSchemaError);
    expect(error).toMatchObject({
      code: 'SCHEMA_UNSAFE',
      errors: [{ path: '/properties/a/$ref', keyword: '$ref' }],
    });
  });

  it('throws InvalidSchemaError for a schema that breaks the meta-schema', () => {
    const error = catchError(() => compileValidator({ type: 'strin' }));
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect((error as InvalidSchemaError).errors.length).toBeGreaterThan(0);
  });

  it('refuses a local $ref that points nowhere, with its path', () => {
    const error = catchError(() => compileValidator({ properties: { a: { $ref: '#/$defs/hilang' } } }));
    expect(error).toBeInstanceOf(UnsafeSchemaError);
    expect((error as UnsafeSchemaError).errors).toEqual([
      { path: '/properties/a/$ref', keyword: '$ref', message: 'referensi "#/$defs/hilang" tidak menunjuk ke subskema di dalam skema ini' },
    ]);
  });

  it('throws a typed error, never a crash, for input that is not a schema', () => {
    expect(catchError(() => compileValidator(undefined))).toBeInstanceOf(UnsafeSchemaError);
    expect(catchError(() => compileValidator(null))).toBeInstanceOf(InvalidSchemaError);
    expect(catchError(() => compileValidator(42))).toBeInstanceOf(InvalidSchemaError);
    expect(catchError(() => compileValidator([]))).toBeInstanceOf(InvalidSchemaError);
  });

  it('never fetches: there is no loadSchema, and $data is off', () => {
    expect('loadSchema' in AJV_OPTIONS).toBe(false);
    expect(AJV_OPTIONS.$data).toBe(false);
    expect(() => createAjv().compile({ $ref: 'https://example.com/a.json' })).toThrow(/can't resolve reference/);
  });

  it('refuses unknown keywords in Ajv itself too (strict)', () => {
    expect(() => createAjv().compile({ type: 'string', maxPanjang: 3 })).toThrow(/unknown keyword/);
  });
});
