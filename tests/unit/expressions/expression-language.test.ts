import {
  EXPRESSION_LIMITS,
  ExpressionError,
  applyCalculations,
  checkCalculations,
  evaluate,
  parseExpression,
  planCalculations,
  type Calculation,
  type ExpressionValue,
} from '../../../schemas/expressions';
import type { FieldSchema } from '../../../schemas/theme-definition';

const run = (text: string, data: Record<string, unknown> = {}): ExpressionValue => evaluate(parseExpression(text), data);

const parseError = (text: string): ExpressionError => {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`"${text.slice(0, 40)}" parsed`);
};

const SCHEMA: FieldSchema = {
  type: 'object',
  properties: {
    umur: { type: 'integer' },
    berat: { type: 'number' },
    tinggi: { type: 'number' },
    nama: { type: 'string' },
    lahir: { type: 'string', format: 'date' },
    ukur: { type: 'string', format: 'date' },
    kelamin: { type: 'string', enum: ['laki_laki', 'perempuan'] },
    cara: { type: 'string', enum: ['terlentang', 'berdiri'] },
    ada: { type: 'boolean' },
    lokasi: { type: 'object', properties: { lat: { type: 'number' }, rt: { type: 'integer' } } },
    daftar: { type: 'array', items: { type: 'string' } },
    hasil: { type: 'number' },
    hari: { type: 'integer' },
    kategori: { type: 'string', enum: ['pendek', 'normal'] },
    catatan: { type: 'string' },
  },
};

const problems = (calculations: Calculation[]): { path: string; message: string }[] =>
  checkCalculations(SCHEMA, calculations).map(({ path, message }) => ({ path, message }));

describe('the expression language', () => {
  describe('operators', () => {
    it.each([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['10 - 4 - 3', 3],
      ['12 / 4 / 3', 1],
      ['-2 * -3', 6],
      ['- (1 + 1)', -2],
      ['1.5e2 + .5', 150.5],
      ['7 / 0', null],
      ['1e308 * 10', null],
      ['2 < 3', true],
      ['2 >= 3', false],
      ['3 = 3', true],
      ['3 == 3', true],
      ["'a' != 'b'", true],
      ["'2026-01-31' < '2026-02-01'", true],
      ['true and false', false],
      ['true or false', true],
      ['not false', true],
      ['not 1 > 2', true],
      ['1 < 2 and 2 < 3 or false', true],
      ['null = null', true],
      ['null + 1', null],
      ['null < 1', null],
      ['null and false', false],
      ['null or true', true],
      ['null and true', null],
    ])('%s → %p', (text, expected) => {
      expect(run(text)).toBe(expected);
    });

    it('reads fields by name and by JSON Pointer, own properties only', () => {
      const data = { berat: 9.5, lokasi: { rt: 3 }, 'a/b': 1 };
      expect(run('${berat} * 2', data)).toBe(19);
      expect(run('${/lokasi/rt} + 1', data)).toBe(4);
      expect(run('${/a~1b}', data)).toBe(1);
      expect(run('${tinggi}', data)).toBeNull();
      expect(run('${/lokasi}', data)).toBeNull();
      expect(run('${/berat/toFixed}', data)).toBeNull();
    });

    it('treats a value of the wrong type in the data as empty rather than guessing', () => {
      expect(run('${berat} + 1', { berat: '9' })).toBeNull();
      expect(run('not ${ada}', { ada: 'ya' })).toBeNull();
      expect(run('${a} < ${b}', { a: 1, b: 'x' })).toBeNull();
    });
  });

  describe('functions', () => {
    it.each([
      ["if(1 > 2, 'a', 2 > 1, 'b', 'c')", 'b'],
      ["if(false, 'a', 'c')", 'c'],
      // An unknown condition gives an unknown answer, never the "else" by default.
      ["if(null, 'a', 'c')", null],
      ["if(false, 'a', null, 'b', 'c')", null],
      ['round(2.345, 2)', 2.35],
      ['round(-2.5)', -3],
      ['round(2.5)', 3],
      ['round(1234.5678, 0)', 1235],
      ['min(3, 1, 2)', 1],
      ['max(3, 1, 2)', 3],
      ['min(3, null)', null],
      ['abs(-4.5)', 4.5],
      ["days_between('2024-02-28', '2024-03-01')", 2],
      ["days_between('2026-03-01', '2026-02-28')", -1],
      ["months_between('2024-01-31', '2024-02-29')", 0],
      ["months_between('2024-01-15', '2026-01-15')", 24],
      ["months_between('2026-01-15', '2024-01-16')", -23],
      ["coalesce(null, null, 'x')", 'x'],
      ['coalesce(null)', null],
      ["who_zscore('lhfa', 1, 0, 49.8842, 'L')", 0],
      ["who_zscore('wfa', 'P', 0, 3.2322, null)", 0],
    ])('%s → %p', (text, expected) => {
      expect(run(text)).toBe(expected);
    });

    it('reads dates from fields and refuses days that do not exist', () => {
      expect(run('days_between(${lahir}, ${ukur})', { lahir: '2024-06-01', ukur: '2026-06-01' })).toBe(730);
      expect(run('days_between(${lahir}, ${ukur})', { lahir: '2026-02-30', ukur: '2026-03-01' })).toBeNull();
      expect(run('days_between(${lahir}, ${ukur})', { lahir: '1 Juni 2024', ukur: '2026-03-01' })).toBeNull();
    });

    it('computes only the branch of if() that is taken', () => {
      // The other branch divides by zero; the answer is still the branch taken.
      expect(run('if(true, 1, 1 / 0)')).toBe(1);
    });
  });

  describe('errors in the text, with where they are', () => {
    it.each([
      ['1 +', 'rumus berakhir sebelum selesai', 3],
      ['(1 + 2', 'diharapkan ")"', 6],
      ['1 2', '"2" tidak diharapkan di sini', 2],
      ["'tidak ditutup", 'teks tidak ditutup dengan tanda kutip', 0],
      ['${berat', 'nama kolom ${…} tidak ditutup dengan }', 0],
      ['${Berat Badan}', 'nama kolom "Berat Badan" tidak sah: huruf kecil, angka dan garis bawah, atau penunjuk /kolom', 0],
      ['berat + 1', '"berat" tidak dikenal: tulis kolom sebagai ${nama_kolom} dan teks di antara tanda kutip', 0],
      ['1 ; 2', 'tanda ";" tidak dikenal', 2],
      ['1 + )', '")" tidak diharapkan di sini', 4],
    ])('%s', (text, message, at) => {
      const error = parseError(text);
      expect(error.message).toBe(message);
      expect(error.at).toBe(at);
    });
  });

  describe('hostile input is refused or answered with bounded work', () => {
    it('refuses text beyond the length limit without reading it', () => {
      expect(parseError('1+'.repeat(EXPRESSION_LIMITS.length)).message).toMatch(/terlalu panjang/);
    });

    it('refuses deep nesting before recursing into it', () => {
      expect(parseError(`${'('.repeat(500)}1${')'.repeat(500)}`).message).toMatch(/terlalu bersarang/);
      expect(parseError(`${'-'.repeat(100)}1`).message).toMatch(/terlalu bersarang/);
      expect(parseError(`${'not '.repeat(100)}true`).message).toMatch(/terlalu bersarang/);
      expect(parseError(`${'abs('.repeat(100)}1${')'.repeat(100)}`).message).toMatch(/terlalu bersarang/);
    });

    it('refuses too many parts and too many arguments', () => {
      expect(parseError(Array.from({ length: 600 }, () => '1').join('+')).message).toMatch(/terlalu besar/);
      expect(parseError(`max(${Array.from({ length: 60 }, () => '1').join(',')})`).message).toMatch(/terlalu banyak argumen/);
    });

    it('refuses huge and over-long numbers and long strings', () => {
      expect(parseError('1e999').message).toBe('angka terlalu besar');
      expect(parseError('1'.repeat(400)).message).toMatch(/angka terlalu panjang/);
      expect(parseError(`'${'x'.repeat(EXPRESSION_LIMITS.stringLength + 1)}'`).message).toMatch(/teks terlalu panjang/);
    });

    it('keeps long data strings as they are, compared once', () => {
      const long = 'x'.repeat(1_000_000);
      expect(run("${nama} = 'x'", { nama: long })).toBe(false);
    });

    it('answers the biggest expression allowed in one pass of its tree', () => {
      const text = Array.from({ length: 199 }, () => '${a}').join(' + ');
      expect(text.length).toBeLessThanOrEqual(EXPRESSION_LIMITS.length);
      expect(run(text, { a: 1 })).toBe(199);
    });

    it('never reaches the prototype through field or function names', () => {
      const data = JSON.parse('{"__proto__": {"polluted": 1}, "berat": 2}') as Record<string, unknown>;
      expect(parseError('${__proto__}').message).toMatch(/nama kolom "__proto__" tidak sah/);
      expect(run('${/__proto__}', data)).toBeNull();
      expect(run('${constructor}', {})).toBeNull();
      expect(run('${/berat/constructor}', data)).toBeNull();
      expect(() => parseExpression('constructor(1)')).not.toThrow();
      expect(problems([{ field: '/hasil', expression: 'constructor(1)' }])).toEqual([
        { path: '/calculations/0/expression', message: 'fungsi "constructor" tidak dikenal (karakter 1)' },
      ]);
      expect(problems([{ field: '/hasil', expression: '__proto__(1)' }])[0].message).toMatch(/fungsi "__proto__" tidak dikenal/);
      expect(problems([{ field: '/hasil', expression: '${/__proto__}' }])[0].message).toMatch(/kolom \/__proto__ tidak ada di schema/);
      expect(problems([{ field: '/__proto__', expression: '1' }])).toEqual([{ path: '/calculations/0/field', message: 'kolom /__proto__ tidak ada di schema' }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('stores a result under a key named __proto__ as data, never as the prototype', () => {
      const schema: FieldSchema = { type: 'object', properties: JSON.parse('{"__proto__": {"type": "number"}}') as Record<string, FieldSchema> };
      const calculations = [{ field: '/__proto__', expression: '1' }];
      expect(checkCalculations(schema, calculations)).toEqual([]);
      const result = applyCalculations(planCalculations(calculations), {});
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.hasOwn(result, '__proto__')).toBe(true);
    });
  });
});

describe('checking calculations at draft time', () => {
  it('accepts well-typed calculations reading fields and each other', () => {
    expect(
      problems([
        { field: '/hari', expression: 'days_between(${lahir}, ${ukur})' },
        { field: '/hasil', expression: "who_zscore('lhfa', ${kelamin}, ${hari}, ${tinggi}, if(${cara} = 'berdiri', 'H', 'L'))" },
        { field: '/kategori', expression: "if(${hasil} < -2, 'pendek', 'normal')" },
        { field: '/catatan', expression: "coalesce(${nama}, 'tanpa nama')" },
        { field: '/ada', expression: '${berat} > 10 and not (${umur} > 24)' },
      ]),
    ).toEqual([]);
  });

  it.each([
    [{ field: '/hasil', expression: '${tidak_ada} + 1' }, '/calculations/0/expression', 'kolom /tidak_ada tidak ada di schema (karakter 1)'],
    [{ field: '/hasil', expression: "${berat} + 'a'" }, '/calculations/0/expression', '"+" membutuhkan angka, bukan teks (karakter 12)'],
    [{ field: '/hasil', expression: "${berat} = 'a'" }, '/calculations/0/expression', '"=" membandingkan angka dengan teks (karakter 1)'],
    [{ field: '/hasil', expression: "if(${berat}, 1, 2)" }, '/calculations/0/expression', 'if() membutuhkan syarat benar/salah, bukan angka (karakter 4)'],
    [{ field: '/hasil', expression: "if(true, 1, 'a')" }, '/calculations/0/expression', 'if() mencampur bilangan bulat dengan teks (karakter 13)'],
    [{ field: '/hasil', expression: 'if(true, 1)' }, '/calculations/0/expression', 'if() menerima 3 sampai 41 argumen, bukan 2 (karakter 1)'],
    [{ field: '/hasil', expression: 'if(true, 1, false, 2)' }, '/calculations/0/expression', 'if() perlu pasangan syarat, nilai, … dan satu nilai "selain itu" di akhir (karakter 1)'],
    [{ field: '/hasil', expression: 'round(1, ${umur})' }, '/calculations/0/expression', 'banyaknya desimal round() harus bilangan bulat 0 sampai 10 (karakter 10)'],
    [{ field: '/hasil', expression: 'abs(1, 2)' }, '/calculations/0/expression', 'abs() menerima 1 argumen, bukan 2 (karakter 1)'],
    [{ field: '/hasil', expression: 'sqrt(4)' }, '/calculations/0/expression', 'fungsi "sqrt" tidak dikenal (karakter 1)'],
    [{ field: '/hasil', expression: '${lokasi} + 1' }, '/calculations/0/expression', 'kolom /lokasi: kolom bertipe object tidak bisa dipakai dalam rumus (karakter 1)'],
    [{ field: '/hasil', expression: '${daftar}' }, '/calculations/0/expression', 'kolom /daftar: kolom bertipe array tidak bisa dipakai dalam rumus (karakter 1)'],
    [{ field: '/hasil', expression: "days_between('2026-02-30', ${ukur})" }, '/calculations/0/expression', '"2026-02-30" bukan tanggal TTTT-BB-HH (karakter 14)'],
    [{ field: '/hasil', expression: "who_zscore('bmi', 1, 1, 1, 'L')" }, '/calculations/0/expression', "indikator who_zscore() harus ditulis 'lhfa', 'wfa' atau 'wflh' (karakter 12)"],
    [{ field: '/hasil', expression: "who_zscore('wflh', 1, 1, 1, 'L')" }, '/calculations/0/expression', "who_zscore('wflh', …) membutuhkan panjang/tinggi badan (cm) sebagai argumen keenam (karakter 1)"],
    [{ field: '/ada', expression: "${kelamin} = 'laki-laki'" }, '/calculations/0/expression', "perbandingan \"=\" selalu sama hasilnya: 'laki-laki' bukan salah satu nilai 'laki_laki', 'perempuan' (karakter 1)"],
    [{ field: '/hari', expression: '${berat} * 2' }, '/calculations/0/expression', 'rumus menghasilkan angka, padahal kolomnya bilangan bulat'],
    [{ field: '/hasil', expression: "'a'" }, '/calculations/0/expression', 'rumus menghasilkan teks, padahal kolomnya angka'],
    [{ field: '/kategori', expression: "if(true, 'pendek', 'tinggi')" }, '/calculations/0/expression', "rumus dapat menghasilkan 'tinggi' yang bukan pilihan kolom ini (pendek, normal)"],
    [{ field: '/tidak_ada', expression: '1' }, '/calculations/0/field', 'kolom /tidak_ada tidak ada di schema'],
    [{ field: '/lokasi', expression: '1' }, '/calculations/0/field', 'kolom /lokasi tidak dapat dihitung: kolom bertipe object tidak bisa dipakai dalam rumus'],
  ])('%j is refused at %s', (calculation, path, message) => {
    expect(problems([calculation])).toEqual([{ path, message }]);
  });

  it('refuses calculations that read each other in a circle, at each one', () => {
    expect(
      problems([
        { field: '/hasil', expression: '${hari} + 1' },
        { field: '/hari', expression: 'round(${hasil})' },
        { field: '/berat', expression: '${berat} + 1' },
      ]),
    ).toEqual([
      { path: '/calculations/0/expression', message: 'perhitungan saling bergantung berputar: /hasil → /hari → /hasil' },
      { path: '/calculations/1/expression', message: 'perhitungan saling bergantung berputar: /hasil → /hari → /hasil' },
      { path: '/calculations/2/expression', message: 'perhitungan saling bergantung berputar: /berat → /berat' },
    ]);
  });

  it('refuses a calculated field the form requires: the cadre could not fill it', () => {
    const schema: FieldSchema = { ...SCHEMA, required: ['hasil'], properties: { ...SCHEMA.properties, lokasi: { type: 'object', required: ['rt'], properties: { rt: { type: 'integer' } } } } };
    expect(checkCalculations(schema, [{ field: '/hasil', expression: '1' }, { field: '/lokasi/rt', expression: '2' }]).map(({ path }) => path)).toEqual([
      '/calculations/0/field',
      '/calculations/1/field',
    ]);
  });

  it('refuses one field computed twice', () => {
    expect(problems([{ field: '/hasil', expression: '1' }, { field: '/hasil', expression: '2' }])).toEqual([
      { path: '/calculations/1/field', message: 'kolom /hasil sudah dihitung oleh perhitungan 1' },
    ]);
  });
});

describe('applying calculations', () => {
  const calculations: Calculation[] = [
    // Written in the other order on purpose: the plan computes what a calculation reads first.
    { field: '/kategori', expression: "if(${hasil} < -2, 'pendek', 'normal')" },
    { field: '/hasil', expression: '${berat} / ${/lokasi/rt}' },
    { field: '/lokasi/lat', expression: '${berat} * 2' },
  ];
  const plan = planCalculations(calculations);

  it('replaces what was sent, orders dependencies and leaves the input alone', () => {
    const data = { berat: -9, lokasi: { rt: 3 }, hasil: 100, kategori: 'normal' };
    expect(applyCalculations(plan, data)).toEqual({ berat: -9, lokasi: { rt: 3, lat: -18 }, hasil: -3, kategori: 'pendek' });
    expect(data).toEqual({ berat: -9, lokasi: { rt: 3 }, hasil: 100, kategori: 'normal' });
  });

  it('removes a field whose result is empty, and never invents a missing parent object', () => {
    // 1 ÷ 0 is empty, so the category that reads it is empty too.
    expect(applyCalculations(plan, { berat: 1, lokasi: { rt: 0 }, hasil: 5, kategori: 'pendek' })).toEqual({ berat: 1, lokasi: { rt: 0, lat: 2 } });
    expect(applyCalculations(plan, { berat: 1 })).toEqual({ berat: 1 });
  });

  it('parses a version once', () => {
    expect(planCalculations(calculations)).toBe(plan);
  });
});
