import { formatNumber, type MessageCatalog } from './message-catalog';

const FORMATS: Readonly<Record<string, string>> = {
  date: 'tanggal yang benar',
  'date-time': 'tanggal dan jam yang benar',
  time: 'jam yang benar',
  email: 'alamat email yang benar',
  uri: 'alamat web yang benar',
  url: 'alamat web yang benar',
  iri: 'alamat web yang benar',
};

const TYPES: Readonly<Record<string, (l: string) => string>> = {
  integer: (l) => `${l} harus bilangan bulat`,
  number: (l) => `${l} harus berupa angka`,
  string: (l) => `${l} harus berupa teks`,
  boolean: (l) => `Pilih Ya atau Tidak untuk ${l}`,
  array: (l) => `${l} harus berupa daftar`,
  object: (l) => `${l} harus berupa kelompok isian`,
  null: (l) => `${l} harus dikosongkan`,
};

const number = (value: number): string => formatNumber(value, '.', ',');

/** Bahasa Indonesia. */
export const INDONESIAN: MessageCatalog = {
  form: 'Formulir',
  item: (list, n) => `${list} ke-${n}`,
  number,
  or: (labels) => (labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} atau ${labels[labels.length - 1]}`),
  required: (l) => `${l} wajib diisi`,
  type: (l, type) => (TYPES[type] ?? INDONESIAN.invalid)(l),
  minimum: (l, limit) => `${l} paling sedikit ${limit}`,
  exclusiveMinimum: (l, limit) => `${l} harus lebih dari ${limit}`,
  maximum: (l, limit) => `${l} paling banyak ${limit}`,
  exclusiveMaximum: (l, limit) => `${l} harus kurang dari ${limit}`,
  multipleOf: (l, divisor) => `${l} harus kelipatan ${divisor}`,
  decimals: (l, places) => `${l} paling banyak ${places} angka di belakang koma`,
  minLength: (l, limit) => `${l} paling sedikit ${limit} karakter`,
  maxLength: (l, limit) => `${l} paling banyak ${limit} karakter`,
  digits: (l, min, max) =>
    max === undefined
      ? min <= 1 ? `${l} hanya boleh berisi angka` : `${l} paling sedikit ${min} angka`
      : min === max ? `${l} harus ${min} angka` : `${l} harus ${min}–${max} angka`,
  pattern: (l) => `Periksa ${l}: bentuknya belum sesuai`,
  format: (l, format) => (format === 'file-id' ? `Unggah ulang ${l}` : FORMATS[format] ? `${l} harus ${FORMATS[format]}` : INDONESIAN.pattern(l)),
  choose: (l) => `Pilih salah satu ${l}`,
  constant: (l, value) =>
    value === true ? `Pilih Ya untuk ${l}`
    : value === false ? `Pilih Tidak untuk ${l}`
    : typeof value === 'number' ? `${l} harus ${number(value)}`
    : typeof value === 'string' ? `${l} harus "${value}"`
    : INDONESIAN.invalid(l),
  minItems: (l, limit, choices) => (choices ? `Pilih paling sedikit ${limit} untuk ${l}` : `${l} paling sedikit ${limit} isian`),
  maxItems: (l, limit, choices) => (choices ? `Pilih paling banyak ${limit} untuk ${l}` : `${l} paling banyak ${limit} isian`),
  uniqueItems: (l, first, second) => `${l}: isian ke-${first} dan ke-${second} sama; hapus salah satu`,
  contains: (l) => `Periksa kembali isian ${l}`,
  minProperties: (l, limit) => `${l} paling sedikit ${limit} isian`,
  maxProperties: (l, limit) => `${l} paling banyak ${limit} isian`,
  unknownField: (l) => `${l} bukan bagian formulir ini; hapus isian ini`,
  propertyName: (name) => `Nama isian "${name}" tidak diizinkan`,
  requiredWith: (l, other) => `${l} wajib diisi bila ${other} diisi`,
  not: (l) => `${l} tidak boleh berisi nilai ini`,
  oneOfRequired: (labels) => `Isi salah satu: ${INDONESIAN.or(labels)}`,
  noMatch: (l) => `Periksa ${l}: isinya belum memenuhi salah satu ketentuan`,
  empty: (l) => `${l} tidak boleh diisi`,
  invalid: (l) => `Periksa ${l}`,
};
