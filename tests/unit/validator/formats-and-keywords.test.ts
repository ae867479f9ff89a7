import { fullFormats } from 'ajv-formats/dist/formats';
import type { FormatDefinition } from 'ajv';
import {
  createAjv,
  CUSTOM_FORMATS,
  DATE_FORMAT,
  findDuplicateItems,
  isDecimalMultiple,
  toFieldErrors,
} from '../../../schemas/validator';

describe('file-id format', () => {
  const validate = createAjv().compile({ type: 'string', format: 'file-id' });

  it('accepts a lowercase canonical UUID, as the server issues them', () => {
    expect(validate('3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2b')).toBe(true);
    expect(validate('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it.each([
    '3F2B8C4E-9A1D-4E6B-8F3A-2C5D7E9F1A2B',
    'urn:uuid:3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2b',
    '3f2b8c4e9a1d4e6b8f3a2c5d7e9f1a2b',
    '3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2',
    '{3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2b}',
    '3f2b8c4e-9a1d-4e6b-8f3a-2c5d7e9f1a2b\n',
    '../etc/passwd',
  ])('refuses %j', (value) => {
    expect(validate(value)).toBe(false);
  });

  it('leaves non-strings to `type`', () => {
    expect(createAjv().compile({ format: 'file-id' })(42)).toBe(true);
  });
});

describe('RJSF formats', () => {
  it('accepts what the color and data-url widgets produce', () => {
    const ajv = createAjv();
    expect(ajv.compile({ format: 'color' })('#1a2b3c')).toBe(true);
    expect(ajv.compile({ format: 'color' })('not a colour')).toBe(false);
    expect(ajv.compile({ format: 'data-url' })('data:image/png;name=foto.png;base64,iVBORw0KGgo=')).toBe(true);
    expect(ajv.compile({ format: 'data-url' })('https://example.com/foto.png')).toBe(false);
    expect(Object.keys(CUSTOM_FORMATS).sort()).toEqual(['color', 'data-url', 'file-id']);
  });
});

describe('date format', () => {
  const reference = (fullFormats.date as FormatDefinition<string>).validate as (value: string) => boolean;

  it.each([
    ['2026-11-28', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['2026-11-28T00:00', false],
    ['２０２６-11-28', false],
    ['2026/11/28', false],
  ])('%j → %s, as ajv-formats says', (value, expected) => {
    expect(DATE_FORMAT.validate).toBeInstanceOf(Function);
    expect((DATE_FORMAT.validate as (text: string) => boolean)(value)).toBe(expected);
    expect(reference(value)).toBe(expected);
  });
});

describe('multipleOf', () => {
  it('is exact for decimals, as a kader types them', () => {
    const weight = createAjv().compile({ type: 'number', multipleOf: 0.1 });
    expect([0.3, 12.3, 0.7, 84.7, 0].map((value) => weight(value))).toEqual([true, true, true, true, true]);
    expect(weight(0.35)).toBe(false);
    const rupiah = createAjv().compile({ multipleOf: 0.01 });
    expect([19.99, 0.07, 1.15].map((value) => rupiah(value))).toEqual([true, true, true]);
    expect(rupiah(0.075)).toBe(false);
  });

  it('handles very large and very small numbers', () => {
    expect(isDecimalMultiple(1e308, 0.123456789)).toBe(false);
    expect(isDecimalMultiple(12391239123, 1e-8)).toBe(true);
    expect(isDecimalMultiple(7e21, 7)).toBe(true);
    expect(isDecimalMultiple(1.000000000000001e21, 7)).toBe(true);
    expect(isDecimalMultiple(1.000000000000002e21, 7)).toBe(false);
    expect(isDecimalMultiple(Infinity, 1)).toBe(false);
  });

  it('reports Ajv\'s error shape, so it is worded like Ajv\'s own', () => {
    const validate = createAjv().compile({ multipleOf: 0.5 });
    expect(validate(0.3)).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ keyword: 'multipleOf', params: { multipleOf: 0.5 } })]);
    expect(toFieldErrors(validate.errors, 'id')).toEqual([
      { path: '', keyword: 'multipleOf', message: 'Formulir harus kelipatan 0,5' },
    ]);
    expect(toFieldErrors(validate.errors, 'en')[0].message).toBe('The form must be a multiple of 0.5');
  });
});

describe('uniqueItems', () => {
  const validate = createAjv().compile({ type: 'array', uniqueItems: true });

  it('finds equal objects whatever the key order, and equal numbers whatever the spelling', () => {
    expect(validate([{ rt: '001', rw: '004' }, { rw: '004', rt: '001' }])).toBe(false);
    expect(validate(JSON.parse('[1, 2, 1.0]'))).toBe(false);
    expect(validate([[1, [2]], [1, [2]]])).toBe(false);
  });

  it('tells apart what JSON tells apart', () => {
    expect(validate([1, '1', true, null, [1], { a: 1 }, { a: '1' }, [], {}])).toBe(true);
    expect(validate([{ a: 1, b: 2 }, { a: 1 }])).toBe(true);
    expect(findDuplicateItems(['a', 'b', 'a'])).toEqual([0, 2]);
  });

  it('reports Ajv\'s error shape', () => {
    expect(validate(['x', 'y', 'x'])).toBe(false);
    expect(toFieldErrors(validate.errors, 'en')).toEqual([
      { path: '', keyword: 'uniqueItems', message: 'The form: entries 1 and 3 are the same; remove one' },
    ]);
  });

  it('checks a long list of distinct objects (Ajv compared every pair: seconds)', () => {
    const items = Array.from({ length: 20_000 }, (_, index) => ({ nomor: index, nama: `Anggota ${index}` }));
    expect(validate(items)).toBe(true);
    expect(validate([...items, { nama: 'Anggota 7', nomor: 7 }])).toBe(false);
  });
});
