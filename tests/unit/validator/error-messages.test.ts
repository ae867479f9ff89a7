import type { ErrorObject } from 'ajv';
import { compileValidator, createAjv, MESSAGE_KEYWORDS, toFieldErrors, type FieldError, type ThemeTexts } from '../../../schemas/validator';

const stuntingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['jumlah_gizi_buruk', 'alamat'],
  properties: {
    jumlah_gizi_buruk: { type: 'integer', minimum: 0, title: 'Jumlah gizi buruk' },
    alamat: {
      type: 'object',
      title: 'Alamat',
      required: ['rt'],
      properties: { rt: { type: 'string', pattern: '^[0-9]{3}$', title: 'RT' }, 'kode/pos': { type: 'string', title: 'Kode pos' } },
    },
    anak: {
      type: 'array',
      title: 'Anak',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['nama'],
        properties: { nama: { type: 'string', title: 'Nama' }, berat_kg: { type: 'number', multipleOf: 0.1, title: 'Berat (kg)' } },
      },
    },
    hamil: { type: 'boolean', title: 'Sedang hamil' },
    usia_kehamilan: { type: 'integer', title: 'Usia kehamilan (minggu)' },
  },
  if: { properties: { hamil: { const: true } }, required: ['hamil'] },
  then: { required: ['usia_kehamilan'] },
};

const validate = (data: unknown, lang: 'id' | 'en' = 'en'): FieldError[] => compileValidator(stuntingSchema).validate(data, lang).errors;
const paths = (errors: FieldError[]): string[] => errors.map((error) => `${error.keyword} ${error.path}`);
const messages = (errors: FieldError[]): string[] => errors.map((error) => error.message);

describe('toFieldErrors: where a problem is', () => {
  it('points a missing required field at the field itself, not its parent', () => {
    expect(paths(validate({ alamat: { rt: '001' } }))).toEqual(['required /jumlah_gizi_buruk']);
  });

  it('points an unexpected property at that property', () => {
    expect(paths(validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001' }, bonus: 1 }))).toEqual(['additionalProperties /bonus']);
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
    expect(paths(validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001', 'kode/pos': 34125 } }))).toEqual(['type /alamat/kode~1pos']);
  });

  it('keeps the errors of then but drops the "must match then" noise of if', () => {
    expect(paths(validate({ jumlah_gizi_buruk: 0, alamat: { rt: '001' }, hamil: true }))).toEqual(['required /usia_kehamilan']);
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

  it('points propertyNames errors at the offending name, once', () => {
    const validator = compileValidator({ properties: { kode: { propertyNames: { pattern: '^[a-z]+$' } } } });
    expect(paths(validator.validate({ kode: { ok: 1, BAD: 2 } }, 'en').errors)).toEqual(['propertyNames /kode/BAD']);
  });

  it('de-duplicates identical errors', () => {
    const validate2 = createAjv().compile({ allOf: [{ required: ['a'] }, { required: ['a'] }] });
    validate2({});
    expect(validate2.errors).toHaveLength(2);
    expect(toFieldErrors(validate2.errors, 'en')).toEqual([{ path: '/a', keyword: 'required', message: 'Fill in A' }]);
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

/** One field, `field`, titled `title` unless the schema gives its own, inside an object form. */
const form = (field: object, extra: object = {}): object => ({ type: 'object', properties: { field: { title: 'Jumlah', ...field } }, ...extra });

interface Case {
  keyword: string;
  schema: object;
  data: unknown;
  id: string;
  en: string;
}

// Every keyword with an error of its own that the safe-schema policy lets a theme use.
const CASES: Case[] = [
  { keyword: 'required', schema: form({ type: 'string', title: 'Nama usaha' }, { required: ['field'] }), data: {}, id: 'Nama usaha wajib diisi', en: 'Fill in Nama usaha' },
  {
    keyword: 'dependentRequired',
    schema: { type: 'object', properties: { nib: { type: 'string', title: 'NIB' }, punya: { type: 'string', title: 'Nomor OSS' } }, dependentRequired: { punya: ['nib'] } },
    data: { punya: 'ya' },
    id: 'NIB wajib diisi bila Nomor OSS diisi',
    en: 'Fill in NIB when Nomor OSS is filled in',
  },
  {
    keyword: 'dependencies',
    schema: { type: 'object', properties: { nib: { type: 'string', title: 'NIB' }, punya: { type: 'string', title: 'Nomor OSS' } }, dependencies: { punya: ['nib'] } },
    data: { punya: 'ya' },
    id: 'NIB wajib diisi bila Nomor OSS diisi',
    en: 'Fill in NIB when Nomor OSS is filled in',
  },
  { keyword: 'type', schema: form({ type: 'integer' }), data: { field: 2.5 }, id: 'Jumlah harus bilangan bulat', en: 'Jumlah must be a whole number' },
  { keyword: 'const', schema: form({ const: true, title: 'Persetujuan' }), data: { field: false }, id: 'Pilih Ya untuk Persetujuan', en: 'Choose Yes for Persetujuan' },
  { keyword: 'enum', schema: form({ enum: ['a', 'b'], title: 'Kategori' }), data: { field: 'c' }, id: 'Pilih salah satu Kategori', en: 'Choose one of the options for Kategori' },
  { keyword: 'multipleOf', schema: form({ type: 'number', multipleOf: 0.5 }), data: { field: 0.3 }, id: 'Jumlah harus kelipatan 0,5', en: 'Jumlah must be a multiple of 0.5' },
  { keyword: 'minimum', schema: form({ type: 'integer', minimum: 0 }), data: { field: -1 }, id: 'Jumlah paling sedikit 0', en: 'Jumlah must be at least 0' },
  { keyword: 'exclusiveMinimum', schema: form({ type: 'number', exclusiveMinimum: 0 }), data: { field: 0 }, id: 'Jumlah harus lebih dari 0', en: 'Jumlah must be more than 0' },
  { keyword: 'maximum', schema: form({ type: 'integer', maximum: 10_000_000 }), data: { field: 20_000_000 }, id: 'Jumlah paling banyak 10.000.000', en: 'Jumlah must be at most 10,000,000' },
  { keyword: 'exclusiveMaximum', schema: form({ type: 'number', exclusiveMaximum: 100 }), data: { field: 100 }, id: 'Jumlah harus kurang dari 100', en: 'Jumlah must be less than 100' },
  { keyword: 'minLength', schema: form({ type: 'string', minLength: 2, title: 'Nama' }), data: { field: 'A' }, id: 'Nama paling sedikit 2 karakter', en: 'Nama needs at least 2 characters' },
  { keyword: 'maxLength', schema: form({ type: 'string', maxLength: 3, title: 'Kode' }), data: { field: 'ABCD' }, id: 'Kode paling banyak 3 karakter', en: 'Kode can have at most 3 characters' },
  { keyword: 'pattern', schema: form({ type: 'string', pattern: '^[A-Z]{2}$', title: 'Kode' }), data: { field: 'a1' }, id: 'Periksa Kode: bentuknya belum sesuai', en: 'Check Kode: it is not in the expected form' },
  { keyword: 'format', schema: form({ type: 'string', format: 'date', title: 'Tanggal' }), data: { field: '2026-13-01' }, id: 'Tanggal harus tanggal yang benar', en: 'Tanggal must be a valid date' },
  { keyword: 'minItems', schema: form({ type: 'array', minItems: 1, items: { type: 'string' }, title: 'Anak' }), data: { field: [] }, id: 'Anak paling sedikit 1 isian', en: 'Anak needs at least 1 entry' },
  {
    keyword: 'maxItems',
    schema: form({ type: 'array', maxItems: 1, items: { enum: ['a', 'b'] }, title: 'Bantuan' }),
    data: { field: ['a', 'b'] },
    id: 'Pilih paling banyak 1 untuk Bantuan',
    en: 'Choose at most 1 for Bantuan',
  },
  {
    keyword: 'uniqueItems',
    schema: form({ type: 'array', uniqueItems: true, items: { type: 'string' }, title: 'Anak' }),
    data: { field: ['x', 'y', 'x'] },
    id: 'Anak: isian ke-1 dan ke-3 sama; hapus salah satu',
    en: 'Anak: entries 1 and 3 are the same; remove one',
  },
  { keyword: 'contains', schema: form({ type: 'array', contains: { const: 'utama' }, title: 'Label' }), data: { field: ['a'] }, id: 'Periksa kembali isian Label', en: 'Check the entries of Label' },
  {
    keyword: 'items',
    schema: form({ type: 'array', prefixItems: [{ type: 'number' }], items: false, title: 'Titik' }),
    data: { field: [1, 2] },
    id: 'Titik paling banyak 1 isian',
    en: 'Titik can have at most 1 entry',
  },
  {
    keyword: 'unevaluatedItems',
    schema: form({ type: 'array', prefixItems: [{ type: 'number' }], unevaluatedItems: false, title: 'Titik' }),
    data: { field: [1, 2, 3] },
    id: 'Titik paling banyak 1 isian',
    en: 'Titik can have at most 1 entry',
  },
  { keyword: 'minProperties', schema: form({ type: 'object', minProperties: 1, title: 'Alamat' }), data: { field: {} }, id: 'Alamat paling sedikit 1 isian', en: 'Alamat needs at least 1 entry' },
  { keyword: 'maxProperties', schema: form({ type: 'object', maxProperties: 1, title: 'Alamat' }), data: { field: { a: 1, b: 2 } }, id: 'Alamat paling banyak 1 isian', en: 'Alamat can have at most 1 entry' },
  {
    keyword: 'additionalProperties',
    schema: form({ type: 'integer' }, { additionalProperties: false }),
    data: { field: 1, nilai_bonus: 2 },
    id: 'Nilai bonus bukan bagian formulir ini; hapus isian ini',
    en: 'Nilai bonus is not part of this form; remove it',
  },
  {
    keyword: 'unevaluatedProperties',
    schema: form({ type: 'integer' }, { unevaluatedProperties: false }),
    data: { field: 1, nilai_bonus: 2 },
    id: 'Nilai bonus bukan bagian formulir ini; hapus isian ini',
    en: 'Nilai bonus is not part of this form; remove it',
  },
  {
    keyword: 'propertyNames',
    schema: form({ type: 'object', propertyNames: { pattern: '^[a-z]+$' }, title: 'Kode' }),
    data: { field: { BAD: 1 } },
    id: 'Nama isian "BAD" tidak diizinkan',
    en: 'The name "BAD" is not allowed',
  },
  { keyword: 'not', schema: form({ not: { const: 'x' }, title: 'Status' }), data: { field: 'x' }, id: 'Status tidak boleh berisi nilai ini', en: 'Status cannot have this value' },
  {
    keyword: 'anyOf',
    schema: { type: 'object', properties: { nik: { type: 'string', title: 'NIK' }, no_kk: { type: 'string', title: 'Nomor KK' } }, anyOf: [{ required: ['nik'] }, { required: ['no_kk'] }] },
    data: {},
    id: 'Isi salah satu: NIK atau Nomor KK',
    en: 'Fill in one of: NIK or Nomor KK',
  },
  {
    keyword: 'oneOf',
    schema: form({ oneOf: [{ const: 'ya', title: 'Ya' }, { const: 'tidak', title: 'Tidak' }], title: 'Status' }),
    data: { field: 'mungkin' },
    id: 'Pilih salah satu Status',
    en: 'Choose one of the options for Status',
  },
];

const errorsOf = (schema: object, data: unknown, lang: 'id' | 'en', texts?: ThemeTexts): FieldError[] =>
  compileValidator(schema, { texts }).validate(data, lang).errors;

describe('toFieldErrors: plain messages', () => {
  it('has a case for every keyword a theme may give its own words for', () => {
    expect(CASES.map((entry) => entry.keyword).sort()).toEqual([...MESSAGE_KEYWORDS].sort());
  });

  it.each(CASES)('words a failed $keyword in Bahasa Indonesia and in English', ({ keyword, schema, data, id, en }) => {
    expect(errorsOf(schema, data, 'id')).toEqual([expect.objectContaining({ keyword, message: id })]);
    expect(errorsOf(schema, data, 'en')).toEqual([expect.objectContaining({ keyword, message: en })]);
  });

  it.each([
    ['integer', 2.5, 'Jumlah harus bilangan bulat', 'Jumlah must be a whole number'],
    ['number', 'x', 'Jumlah harus berupa angka', 'Jumlah must be a number'],
    ['string', 5, 'Jumlah harus berupa teks', 'Jumlah must be text'],
    ['boolean', 'ya', 'Pilih Ya atau Tidak untuk Jumlah', 'Choose Yes or No for Jumlah'],
    ['array', 'x', 'Jumlah harus berupa daftar', 'Jumlah must be a list'],
    ['object', 'x', 'Jumlah harus berupa kelompok isian', 'Jumlah must be a group of fields'],
    ['null', 'x', 'Jumlah harus dikosongkan', 'Jumlah must be left empty'],
  ])('says what a %s field needs', (type, value, id, en) => {
    expect(messages(errorsOf(form({ type }), { field: value }, 'id'))).toEqual([id]);
    expect(messages(errorsOf(form({ type }), { field: value }, 'en'))).toEqual([en]);
  });

  it('asks for the first type of a union', () => {
    expect(messages(errorsOf(form({ type: ['integer', 'null'] }), { field: 'x' }, 'id'))).toEqual(['Jumlah harus bilangan bulat']);
  });

  it.each([
    ['date-time', 'x', 'Waktu harus tanggal dan jam yang benar', 'Waktu must be a valid date and time'],
    ['time', 'x', 'Waktu harus jam yang benar', 'Waktu must be a valid time'],
    ['email', 'x', 'Waktu harus alamat email yang benar', 'Waktu must be a valid email address'],
    ['uri', 'x', 'Waktu harus alamat web yang benar', 'Waktu must be a valid web address'],
    ['file-id', 'foto.jpg', 'Unggah ulang Waktu', 'Upload Waktu again'],
    ['ipv4', 'x', 'Periksa Waktu: bentuknya belum sesuai', 'Check Waktu: it is not in the expected form'],
  ])('says what a %s format needs', (format, value, id, en) => {
    const schema = form({ type: 'string', format, title: 'Waktu' });
    expect(messages(errorsOf(schema, { field: value }, 'id'))).toEqual([id]);
    expect(messages(errorsOf(schema, { field: value }, 'en'))).toEqual([en]);
  });

  it.each([
    ['^[0-9]{16}$', 'NIK harus 16 angka', 'NIK must be 16 digits'],
    ['^\\d{8,12}$', 'NIK harus 8–12 angka', 'NIK must be 8 to 12 digits'],
    ['^[0-9]+$', 'NIK hanya boleh berisi angka', 'NIK may contain digits only'],
  ])('reads a digits-only pattern %s as a count of digits', (pattern, id, en) => {
    const schema = form({ type: 'string', pattern, title: 'NIK' });
    expect(messages(errorsOf(schema, { field: '12a' }, 'id'))).toEqual([id]);
    expect(messages(errorsOf(schema, { field: '12a' }, 'en'))).toEqual([en]);
  });

  it('asks for a choice when a yes/no question or a list of choices is unanswered', () => {
    const schema = { type: 'object', required: ['nib', 'sektor'], properties: { nib: { type: 'boolean', title: 'Sudah memiliki NIB' }, sektor: { enum: ['a'], title: 'Sektor usaha' } } };
    expect(messages(errorsOf(schema, {}, 'id'))).toEqual(['Pilih Ya atau Tidak untuk Sudah memiliki NIB', 'Pilih salah satu Sektor usaha']);
    expect(messages(errorsOf(schema, {}, 'en'))).toEqual(['Choose Yes or No for Sudah memiliki NIB', 'Choose one of the options for Sektor usaha']);
  });

  it('treats an empty text of minLength 1 as a missing answer', () => {
    expect(messages(errorsOf(form({ type: 'string', minLength: 1, title: 'Nama' }), { field: '' }, 'id'))).toEqual(['Nama wajib diisi']);
  });

  it('words a decimal multipleOf as decimal places, and 1 as a whole number', () => {
    expect(messages(errorsOf(form({ type: 'number', multipleOf: 0.1, title: 'Berat' }), { field: 9.45 }, 'id'))).toEqual(['Berat paling banyak 1 angka di belakang koma']);
    expect(messages(errorsOf(form({ type: 'number', multipleOf: 0.01, title: 'Berat' }), { field: 9.455 }, 'en'))).toEqual(['Berat can have at most 2 decimal places']);
    expect(messages(errorsOf(form({ type: 'number', multipleOf: 1 }), { field: 2.5 }, 'id'))).toEqual(['Jumlah harus bilangan bulat']);
  });

  it('writes numbers as people do, leaving years ungrouped', () => {
    expect(messages(errorsOf(form({ type: 'integer', minimum: 1950, title: 'Tahun' }), { field: 1900 }, 'id'))).toEqual(['Tahun paling sedikit 1950']);
    expect(messages(errorsOf(form({ type: 'number', maximum: 1234567.5 }), { field: 2e6 }, 'id'))).toEqual(['Jumlah paling banyak 1.234.567,5']);
    expect(messages(errorsOf(form({ type: 'number', maximum: 1234567.5 }), { field: 2e6 }, 'en'))).toEqual(['Jumlah must be at most 1,234,567.5']);
    expect(messages(errorsOf(form({ type: 'number', minimum: -0.5 }), { field: -1 }, 'id'))).toEqual(['Jumlah paling sedikit -0,5']);
  });

  it('never shows a field key, a regular expression or the validator\'s own words', () => {
    for (const { schema, data } of CASES) {
      for (const lang of ['id', 'en'] as const) {
        for (const { message } of errorsOf(schema, data, lang)) {
          expect(message).not.toMatch(/\bfield\b|nilai_bonus|no_kk|\^|\$|>=|<=|must have|must match|must NOT|harus memiliki|harus cocok|properti/);
        }
      }
    }
  });
});

describe('toFieldErrors: one message per problem', () => {
  const nik = { type: 'object', properties: { nik: { type: 'string', title: 'NIK pemilik', pattern: '^[0-9]{16}$', minLength: 16, maxLength: 16 } } };

  it('reads a 15-digit NIK (a pattern and a length error) as one message', () => {
    const errors = errorsOf(nik, { nik: '187201450680123' }, 'id');
    expect(errors).toEqual([{ path: '/nik', keyword: 'pattern', message: 'NIK pemilik harus 16 angka' }]);
  });

  it('prefers the length over a pattern it cannot put in words', () => {
    const schema = form({ type: 'string', title: 'Nomor HP', pattern: '^(\\+62|0)8[0-9]{8,12}$', minLength: 10 });
    expect(errorsOf(schema, { field: '0812' }, 'id')).toEqual([{ path: '/field', keyword: 'minLength', message: 'Nomor HP paling sedikit 10 karakter' }]);
  });

  it('prefers the theme\'s own words for one of the failed keywords', () => {
    const schema = form({ type: 'string', title: 'Nomor HP', pattern: '^(\\+62|0)8[0-9]{8,12}$', minLength: 10 });
    const texts: ThemeTexts = { messages: { '/field': { pattern: 'Nomor HP harus diawali 08' } } };
    expect(errorsOf(schema, { field: '0712' }, 'id', texts)).toEqual([{ path: '/field', keyword: 'pattern', message: 'Nomor HP harus diawali 08' }]);
  });

  it('keeps one message for each field that has a problem', () => {
    const schema = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string', title: 'A' }, b: { type: 'string', title: 'B' }, c: { type: 'integer', minimum: 1, maximum: 0, title: 'C' } } };
    expect(paths(errorsOf(schema, { c: 0.5 }, 'en'))).toEqual(['required /a', 'required /b', 'type /c']);
  });
});

describe('toFieldErrors: the theme\'s words and labels', () => {
  const umkm = {
    type: 'object',
    required: ['nama_usaha', 'nik_pemilik'],
    properties: {
      nama_usaha: { type: 'string', title: 'Nama usaha', minLength: 2 },
      nik_pemilik: { type: 'string', title: 'NIK pemilik', pattern: '^[0-9]{16}$' },
      jumlah_karyawan: { type: 'integer', minimum: 0 },
      lokasi: { type: 'object', title: 'Lokasi usaha', properties: { lat: { type: 'number', title: 'Lintang', maximum: 90 } } },
      anak: { type: 'array', title: 'Anak', items: { type: 'object', properties: { berat: { type: 'number', title: 'Berat', minimum: 1 } } } },
    },
  };
  const texts: ThemeTexts = {
    uiSchema: { nama_usaha: { 'ui:title': 'Nama usaha atau merek' } },
    messages: { '/nik_pemilik': { pattern: 'NIK harus 16 angka sesuai KTP' }, '/anak/berat': { minimum: 'Berat anak paling sedikit 1 kg' } },
    translations: {
      en: {
        fields: { '/nama_usaha': { title: 'Business name' }, '/lokasi/lat': { title: 'Latitude' } },
        messages: { '/nik_pemilik': { pattern: 'NIK must be the 16 digits on the ID card' } },
      },
    },
  };

  it('uses the theme\'s message for a field and keyword, in Indonesian and from its English translation', () => {
    expect(errorsOf(umkm, { nama_usaha: 'Toko', nik_pemilik: '123' }, 'id', texts)).toEqual([
      { path: '/nik_pemilik', keyword: 'pattern', message: 'NIK harus 16 angka sesuai KTP' },
    ]);
    expect(errorsOf(umkm, { nama_usaha: 'Toko', nik_pemilik: '123' }, 'en', texts)).toEqual([
      { path: '/nik_pemilik', keyword: 'pattern', message: 'NIK must be the 16 digits on the ID card' },
    ]);
  });

  it('names a field in a list item by the field pointer without its position, and says which item', () => {
    const data = { nama_usaha: 'Toko', nik_pemilik: '1234567890123456', anak: [{ berat: 2 }, { berat: 0 }] };
    expect(messages(errorsOf(umkm, data, 'id', texts))).toEqual(['Berat anak paling sedikit 1 kg']);
    expect(messages(errorsOf(umkm, data, 'en', texts))).toEqual(['Berat (Anak no. 2) must be at least 1']);
    expect(messages(errorsOf(umkm, data, 'id'))).toEqual(['Berat (Anak ke-2) paling sedikit 1']);
  });

  it('falls back to the generic English words, not the Indonesian ones, when the translation has none', () => {
    const only = { ...texts, translations: { en: { fields: {} } } };
    expect(messages(errorsOf(umkm, { nama_usaha: 'Toko', nik_pemilik: '123' }, 'en', only))).toEqual(['NIK pemilik must be 16 digits']);
  });

  it('names fields by translated title, then ui:title, then title, then their name made readable', () => {
    const data = { nik_pemilik: '1234567890123456', jumlah_karyawan: -1, lokasi: { lat: 91 } };
    expect(messages(errorsOf(umkm, data, 'en', texts))).toEqual([
      'Fill in Business name',
      'Jumlah karyawan must be at least 0',
      'Latitude must be at most 90',
    ]);
    expect(messages(errorsOf(umkm, data, 'id', texts))).toEqual([
      'Nama usaha atau merek wajib diisi',
      'Jumlah karyawan paling sedikit 0',
      'Lintang paling banyak 90',
    ]);
  });

  it('finds the title of a field declared through a $ref', () => {
    const schema = { type: 'object', $defs: { nik: { type: 'string', title: 'NIK', pattern: '^[0-9]{16}$' } }, properties: { nik_ibu: { $ref: '#/$defs/nik' }, nik_ayah: { $ref: '#/$defs/nik', title: 'NIK ayah' } } };
    expect(messages(errorsOf(schema, { nik_ibu: '1', nik_ayah: '2' }, 'id'))).toEqual(['NIK harus 16 angka', 'NIK ayah harus 16 angka']);
  });
});
