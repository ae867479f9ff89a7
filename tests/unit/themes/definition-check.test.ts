import themeDefinitionSchema from '../../../schemas/theme-definition.schema.json';
import { MESSAGE_KEYWORDS } from '../../../schemas/validator';
import { checkDefinition, cronProblem } from '../../../server/src/modules/themes/definition-check';
import { ThemeDefinition } from '../../../schemas/theme-definition';
import { completeTheme } from '../../support/themes';

function problemsOf(change: (definition: ThemeDefinition) => void): { path: string; keyword: string }[] {
  return checkDefinition(completeTheme(change)).map(({ path, keyword }) => ({ path, keyword }));
}

/** For shape errors the definition is raw JSON, not a typed ThemeDefinition. */
function withRaw(change: (definition: Record<string, unknown>) => void): unknown {
  const definition = completeTheme() as unknown as Record<string, unknown>;
  change(definition);
  return definition;
}

describe('checkDefinition', () => {
  it('accepts the factory definition', () => {
    expect(checkDefinition(completeTheme())).toEqual([]);
  });

  describe('shape (meta-schema)', () => {
    it('names every missing top-level field by its own pointer, in Bahasa Indonesia', () => {
      const errors = checkDefinition({});
      expect(errors.map((error) => error.path).sort()).toEqual(
        ['/aggregations', '/period', '/regionLevel', '/schema', '/sensitivity', '/slug', '/title', '/unit'].sort(),
      );
      expect(errors.every((error) => error.keyword === 'required')).toBe(true);
      // Named by the meta-schema's own titles.
      expect(errors).toContainEqual({ path: '/slug', keyword: 'required', message: 'Slug wajib diisi' });
      expect(errors).toContainEqual({ path: '/period', keyword: 'required', message: 'Pilih salah satu Periode' });
    });

    it('rejects input that is not an object', () => {
      expect(checkDefinition('tema')).toEqual([expect.objectContaining({ path: '', keyword: 'type' })]);
      expect(checkDefinition(null)).toEqual([expect.objectContaining({ path: '', keyword: 'type' })]);
    });

    it('names an unknown property by its own pointer', () => {
      const errors = checkDefinition(withRaw((definition) => (definition.bonus = 1)));
      expect(errors).toEqual([{ path: '/bonus', keyword: 'additionalProperties', message: 'properti tidak dikenal' }]);
    });

    it.each([
      ['a slug that is not kebab-case', (d: Record<string, unknown>) => (d.slug = 'Covid_Harian'), '/slug', 'pattern'],
      ['an unknown unit', (d: Record<string, unknown>) => (d.unit = 'laporan'), '/unit', 'enum'],
      ['an unknown region level', (d: Record<string, unknown>) => (d.regionLevel = 'desa'), '/regionLevel', 'enum'],
      ['a dueAfter that is not an ISO 8601 duration', (d: Record<string, unknown>) => (d.dueAfter = '34 jam'), '/dueAfter', 'pattern'],
      ['a dueAfter with an empty time part', (d: Record<string, unknown>) => (d.dueAfter = 'P1DT'), '/dueAfter', 'pattern'],
      ['a personal field that is not a pointer', (d: Record<string, unknown>) => (d.personalFields = ['nama']), '/personalFields/0', 'pattern'],
      ['a schema whose top level is not an object', (d: Record<string, unknown>) => (d.schema = { type: 'array', properties: {} }), '/schema/type', 'const'],
      ['a schema without properties', (d: Record<string, unknown>) => (d.schema = { type: 'object' }), '/schema/properties', 'required'],
      [
        'a field name that is not snake_case',
        (d: Record<string, unknown>) => (d.schema = { type: 'object', properties: { 'Jumlah KK': { type: 'integer' } } }),
        '/schema/properties/Jumlah KK',
        'propertyNames',
      ],
      [
        'a misspelt JSON Schema type',
        (d: Record<string, unknown>) => (d.schema = { type: 'object', properties: { jumlah: { type: 'angka' } } }),
        '/schema/properties/jumlah/type',
        'enum',
      ],
      ['a schema $id (it would clash in the validator cache)', (d: Record<string, unknown>) => (d.schema = { $id: 'https://contoh/x', type: 'object', properties: { a: { type: 'string' } } }), '/schema/$id', 'not'],
    ])('rejects %s', (_name, change, path, keyword) => {
      expect(checkDefinition(withRaw(change))).toContainEqual(expect.objectContaining({ path, keyword }));
    });

    it('refuses a dueAfter on a theme without periods', () => {
      const errors = checkDefinition(withRaw((d) => Object.assign(d, { period: 'none', dueAfter: 'P1D' })));
      expect(errors).toEqual([expect.objectContaining({ path: '/dueAfter', keyword: 'not' })]);
    });

    it.each([
      ['sum without a field', { key: 'x', title: 'X', op: 'sum' }, '/aggregations/0/field', 'required'],
      ['count with a field', { key: 'x', title: 'X', op: 'count', field: '/jumlah' }, '/aggregations/0/field', 'not'],
      ['ratio without a denominator', { key: 'x', title: 'X', op: 'ratio', numerator: {} }, '/aggregations/0/denominator', 'required'],
      ['ratio with a field', { key: 'x', title: 'X', op: 'ratio', field: '/jumlah', numerator: {}, denominator: {} }, '/aggregations/0/field', 'not'],
      ['scale outside ratio', { key: 'x', title: 'X', op: 'sum', field: '/jumlah', scale: 100 }, '/aggregations/0/scale', 'not'],
      ['max summed over time', { key: 'x', title: 'X', op: 'max', field: '/jumlah', overTime: 'sum' }, '/aggregations/0/overTime', 'const'],
      ['an unknown op', { key: 'x', title: 'X', op: 'median', field: '/jumlah' }, '/aggregations/0/op', 'enum'],
      ['an unknown where operator', { key: 'x', title: 'X', op: 'count', where: { '/jumlah': { gt: 1 } } }, '/aggregations/0/where/~1jumlah/gt', 'additionalProperties'],
      ['an empty where condition', { key: 'x', title: 'X', op: 'count', where: { '/jumlah': {} } }, '/aggregations/0/where/~1jumlah', 'minProperties'],
      ['a key that is not snake_case', { key: 'Jumlah Total', title: 'X', op: 'count' }, '/aggregations/0/key', 'pattern'],
    ])('rejects an aggregation: %s', (_name, aggregation, path, keyword) => {
      const errors = checkDefinition(withRaw((d) => (d.aggregations = [aggregation])));
      expect(errors).toContainEqual(expect.objectContaining({ path, keyword }));
    });

    it('rejects a reminder for an unknown audience', () => {
      const errors = checkDefinition(withRaw((d) => (d.reminders = [{ key: 'r', cron: '0 8 * * *', audience: 'opd', when: 'missing' }])));
      expect(errors).toContainEqual(expect.objectContaining({ path: '/reminders/0/audience', keyword: 'enum' }));
    });
  });

  describe('meaning (checks on the schema)', () => {
    it('rejects a sum of a string field', () => {
      expect(problemsOf((d) => (d.aggregations[0].field = '/nama'))).toEqual([{ path: '/aggregations/0/field', keyword: 'fieldType' }]);
    });

    it('rejects an average of an object field', () => {
      expect(problemsOf((d) => d.aggregations.push({ key: 'rerata', title: 'Rerata', op: 'avg', field: '/lokasi' }))).toEqual([
        { path: '/aggregations/3/field', keyword: 'fieldType' },
      ]);
    });

    it('accepts a sum of a nested number field', () => {
      expect(problemsOf((d) => (d.aggregations[0].field = '/lokasi/lat'))).toEqual([]);
    });

    it('rejects a field that does not exist', () => {
      expect(problemsOf((d) => (d.aggregations[0].field = '/jumlah_kk'))).toEqual([{ path: '/aggregations/0/field', keyword: 'pointer' }]);
    });

    it('rejects a groupBy on a field that does not exist', () => {
      const errors = checkDefinition(completeTheme((d) => (d.aggregations[1].groupBy = '/sektor')));
      expect(errors).toEqual([{ path: '/aggregations/1/groupBy', keyword: 'pointer', message: 'kolom /sektor tidak ada di schema' }]);
    });

    it.each([
      ['a free-text field', '/tanggal'],
      ['a number field', '/berat'],
      ['an integer without a range', '/jumlah_bebas'],
    ])('rejects a groupBy on %s', (_name, pointer) => {
      const problems = problemsOf((d) => {
        d.schema.properties.jumlah_bebas = { type: 'integer', title: 'Bebas', minimum: 0 };
        d.aggregations[1].groupBy = pointer;
      });
      expect(problems).toEqual([{ path: '/aggregations/1/groupBy', keyword: 'groupBy' }]);
    });

    it('accepts a groupBy on a boolean, a string enum or a bounded integer', () => {
      for (const pointer of ['/aktif', '/kategori', '/jumlah_kecil']) {
        const problems = problemsOf((d) => {
          d.schema.properties.jumlah_kecil = { type: 'integer', title: 'Desil', minimum: 1, maximum: 10 };
          d.aggregations[1].groupBy = pointer;
        });
        expect(problems).toEqual([]);
      }
    });

    it('rejects a groupBy on an integer range wider than 100 values', () => {
      expect(problemsOf((d) => (d.aggregations[1].groupBy = '/jumlah'))).toEqual([{ path: '/aggregations/1/groupBy', keyword: 'groupBy' }]);
    });

    it('rejects a where on a field that does not exist, pointing at the where key', () => {
      const problems = problemsOf((d) => (d.aggregations[1].where = { '/status': { eq: 'aktif' } }));
      expect(problems).toEqual([{ path: '/aggregations/1/where/~1status', keyword: 'pointer' }]);
    });

    it('rejects a numerator or denominator reading a field that does not exist', () => {
      const problems = problemsOf((d) => {
        d.aggregations[2].numerator = { field: '/hadir' };
        d.aggregations[2].denominator = { where: { '/terdaftar': { eq: true } } };
      });
      expect(problems).toEqual([
        { path: '/aggregations/2/numerator/field', keyword: 'pointer' },
        { path: '/aggregations/2/denominator/where/~1terdaftar', keyword: 'pointer' },
      ]);
    });

    it('rejects a ratio summing a non-numeric field', () => {
      expect(problemsOf((d) => (d.aggregations[2].numerator = { field: '/aktif' }))).toEqual([
        { path: '/aggregations/2/numerator/field', keyword: 'fieldType' },
      ]);
    });

    it.each([
      ['a value outside the enum', { '/kategori': { eq: 'c' } }],
      ['a string compared with a boolean', { '/aktif': { eq: 'ya' } }],
      ['a fraction compared with an integer', { '/jumlah': { in: [1, 2.5] } }],
      ['gte on a boolean', { '/aktif': { gte: 1 } }],
      ['gte with text on a number', { '/jumlah': { gte: '10' } }],
      ['lte with text on an enum without a date format', { '/kategori': { lte: 'b' } }],
    ])('rejects a where with %s', (_name, where) => {
      expect(problemsOf((d) => (d.aggregations[1].where = where))).toEqual([
        { path: `/aggregations/1/where/${Object.keys(where)[0].replace('/', '~1')}`, keyword: 'where' },
      ]);
    });

    it('accepts count-where on any kind of field', () => {
      const problems = problemsOf((d) =>
        d.aggregations.push({
          key: 'tersaring',
          title: 'Tersaring',
          op: 'count',
          where: {
            '/kategori': { in: ['a', 'b'] },
            '/aktif': { eq: false },
            '/jumlah': { gte: 1, lte: 10 },
            '/berat': { gte: 2.5 },
            '/tanggal': { gte: '2026-01-01' },
          },
        }),
      );
      expect(problems).toEqual([]);
    });

    it('rejects grouping or filtering by a personal field', () => {
      const problems = problemsOf((d) => {
        d.schema.properties.nama = { type: 'string', title: 'Nama', enum: ['Ani', 'Budi'] };
        d.aggregations[1].groupBy = '/nama';
        d.aggregations.push({ key: 'ani', title: 'Ani', op: 'count', where: { '/nama': { eq: 'Ani' } } });
      });
      expect(problems).toEqual([
        { path: '/aggregations/1/groupBy', keyword: 'personalField' },
        { path: '/aggregations/3/where/~1nama', keyword: 'personalField' },
      ]);
    });

    it('rejects duplicate aggregation keys', () => {
      const problems = problemsOf((d) => (d.aggregations[2].key = 'jumlah_total'));
      expect(problems).toEqual([{ path: '/aggregations/2/key', keyword: 'uniqueKey' }]);
    });

    it('rejects duplicate reminder keys', () => {
      const problems = problemsOf((d) => d.reminders?.push({ key: 'bulanan', cron: '0 9 10 * *', audience: 'admin', when: 'always' }));
      expect(problems).toEqual([{ path: '/reminders/1/key', keyword: 'uniqueKey' }]);
    });

    it.each([
      ['four fields', '0 8 * *'],
      ['six fields (seconds)', '0 0 8 * * *'],
      ['an hour out of range', '0 25 * * *'],
      ['a day of month out of range', '0 8 32 * *'],
      ['garbage', 'setiap pagi jam 8'],
      ['every minute', '* 8 * * *'],
      ['every five minutes', '*/5 * * * *'],
    ])('rejects a cron with %s', (_name, cron) => {
      const problems = problemsOf((d) => d.reminders && (d.reminders[0].cron = cron));
      expect(problems).toEqual([{ path: '/reminders/0/cron', keyword: 'cron' }]);
    });

    it('accepts the cron forms reminders use', () => {
      for (const cron of ['0 8 * * *', '30 10 * * 1-5', '0 8 5,9 * *', '0 8 1,15 12 *', '0 */2 * * *', '0 7 * * MON']) {
        expect(cronProblem(cron)).toBeNull();
      }
    });

    it('rejects a "missing" reminder on a theme without periods', () => {
      const problems = problemsOf((d) => {
        d.period = 'none';
        if (d.reminders) d.reminders[0].when = 'missing';
      });
      expect(problems).toEqual([{ path: '/reminders/0/when', keyword: 'when' }]);
    });

    it('rejects personal fields that do not exist', () => {
      expect(problemsOf((d) => (d.personalFields = ['/nama', '/nik']))).toEqual([{ path: '/personalFields/1', keyword: 'pointer' }]);
    });

    it('rejects personal fields on a public theme', () => {
      expect(problemsOf((d) => (d.sensitivity = 'public'))).toEqual([{ path: '/sensitivity', keyword: 'sensitivity' }]);
    });

    it('takes a small-cell threshold of 3 to 100, on a personal or sensitive theme only', () => {
      expect(problemsOf((d) => (d.suppressBelow = 10))).toEqual([]);
      expect(problemsOf((d) => (d.suppressBelow = 2))).toEqual([{ path: '/suppressBelow', keyword: 'minimum' }]);
      expect(
        problemsOf((d) => {
          Object.assign(d, { sensitivity: 'public', suppressBelow: 5 });
          delete d.personalFields;
        }),
      ).toEqual([{ path: '/suppressBelow', keyword: 'sensitivity' }]);
    });

    it('takes Satu Data metadata on a measure and nothing else there', () => {
      expect(problemsOf((d) => Object.assign(d.aggregations[0], { konsep: 'k', definisi: 'd', rumus: 'r', satuan: 'orang', sumber: 's' }))).toEqual([]);
      expect(problemsOf((d) => Object.assign(d.aggregations[0], { unit: 'orang' }))).toEqual([{ path: '/aggregations/0/unit', keyword: 'additionalProperties' }]);
    });

    it('takes a summary of short fields of the record, and says which pointer cannot name one', () => {
      expect(problemsOf((d) => (d.summary = ['/nama', '/jumlah']))).toEqual([]);
      expect(problemsOf((d) => (d.summary = ['/nama', '/tidak_ada', '/kategori']))).toEqual([
        { path: '/summary/1', keyword: 'summary' },
        { path: '/summary/2', keyword: 'summary' },
      ]);
      expect(problemsOf((d) => (d.summary = []))).toEqual([{ path: '/summary', keyword: 'minItems' }]);
    });

    it('rejects a required field that is not among the properties', () => {
      expect(problemsOf((d) => d.schema.required?.push('nik'))).toEqual([{ path: '/schema/required/2', keyword: 'required' }]);
    });

    it('rejects uiSchema keys and ui:order entries that name no field', () => {
      const problems = problemsOf((d) => {
        d.uiSchema = {
          'ui:order': ['nama', 'jumlah_kk', '*'],
          jumlah_kk: { 'ui:widget': 'updown' },
          lokasi: { 'ui:widget': 'gps', alt: { 'ui:help': 'Ketinggian' } },
        };
      });
      expect(problems).toEqual([
        { path: '/uiSchema/ui:order/1', keyword: 'uiSchema' },
        { path: '/uiSchema/jumlah_kk', keyword: 'uiSchema' },
        { path: '/uiSchema/lokasi/alt', keyword: 'uiSchema' },
      ]);
    });

    it('accepts ui:order and uiSchema naming a field a condition shows (then / else of allOf)', () => {
      const problems = problemsOf((d) => {
        d.schema.allOf = [
          {
            if: { properties: { nama: { const: 'x' } }, required: ['nama'] },
            then: { properties: { alasan: { type: 'string', title: 'Alasan' } } },
            else: { properties: { catatan_lain: { type: 'string', title: 'Catatan lain' } } },
          },
        ];
        d.uiSchema = { 'ui:order': ['nama', 'alasan', 'catatan_lain', '*'], alasan: { 'ui:widget': 'textarea' }, tidak_ada: { 'ui:widget': 'textarea' } };
      });
      expect(problems).toEqual([{ path: '/uiSchema/tidak_ada', keyword: 'uiSchema' }]);
    });

    it('accepts uiSchema for array items', () => {
      const problems = problemsOf((d) => {
        d.schema.properties.anak = { type: 'array', title: 'Anak', items: { type: 'object', properties: { nama: { type: 'string', title: 'Nama' } } } };
        d.uiSchema = { anak: { items: { nama: { 'ui:autofocus': true } } } };
      });
      expect(problems).toEqual([]);
    });

    it('does not mistake inherited object keys for fields', () => {
      expect(problemsOf((d) => (d.aggregations[0].field = '/constructor'))).toEqual([{ path: '/aggregations/0/field', keyword: 'pointer' }]);
      expect(problemsOf((d) => (d.uiSchema = { toString: { 'ui:widget': 'text' } }))).toEqual([{ path: '/uiSchema/toString', keyword: 'uiSchema' }]);
    });
  });

  describe('messages and translations', () => {
    it('accepts messages and English texts for fields the schema has, list items named without a position', () => {
      const problems = problemsOf((d) => {
        d.schema.properties.anak = { type: 'array', title: 'Anak', items: { type: 'object', properties: { nama: { type: 'string', title: 'Nama', pattern: '^[A-Z]' } } } };
        d.schema.properties.bantuan = { type: 'array', title: 'Bantuan', items: { enum: ['pkh', 'blt'] } };
        d.messages = { '/jumlah': { minimum: 'Isi 0 bila tidak ada' }, '/anak/nama': { pattern: 'Nama diawali huruf besar' } };
        d.translations = {
          en: {
            title: 'Trial',
            fields: { '/kategori': { title: 'Category', enumNames: ['A', 'B'] }, '/bantuan': { enumNames: ['PKH', 'BLT'] }, '/lokasi/lat': { title: 'Latitude' } },
            messages: { '/anak/nama': { pattern: 'Name starts with a capital letter' } },
          },
        };
      });
      expect(problems).toEqual([]);
    });

    it('rejects messages and translations of fields the schema does not have', () => {
      const problems = problemsOf((d) => {
        d.messages = { '/jumlah_kk': { minimum: 'x' }, '/lokasi/alt': { maximum: 'x' } };
        d.translations = { en: { fields: { '/nama_usaha': { title: 'Business name' } }, messages: { '/constructor': { type: 'x' } } } };
      });
      expect(problems).toEqual([
        { path: '/messages/~1jumlah_kk', keyword: 'pointer' },
        { path: '/messages/~1lokasi~1alt', keyword: 'pointer' },
        { path: '/translations/en/fields/~1nama_usaha', keyword: 'pointer' },
        { path: '/translations/en/messages/~1constructor', keyword: 'pointer' },
      ]);
    });

    it('rejects a message for a keyword the validator does not know', () => {
      const errors = checkDefinition(withRaw((d) => (d.messages = { '/jumlah': { minimun: 'Isi 0 bila tidak ada' } })));
      expect(errors).toEqual([expect.objectContaining({ path: '/messages/~1jumlah/minimun', keyword: 'propertyNames' })]);
      const english = checkDefinition(withRaw((d) => (d.translations = { en: { messages: { '/jumlah': { required: '' } } } })));
      expect(english).toEqual([expect.objectContaining({ path: '/translations/en/messages/~1jumlah/required', keyword: 'minLength' })]);
    });

    it('rejects translations in an unknown language or with unknown texts', () => {
      expect(checkDefinition(withRaw((d) => (d.translations = { jv: { title: 'Uji' } })))).toEqual([
        expect.objectContaining({ path: '/translations/jv', keyword: 'additionalProperties' }),
      ]);
      expect(checkDefinition(withRaw((d) => (d.translations = { en: { fields: { '/nama': { label: 'Name' } } } })))).toEqual([
        expect.objectContaining({ path: '/translations/en/fields/~1nama/label', keyword: 'additionalProperties' }),
      ]);
    });

    it('rejects enumNames that do not label every choice, or a field without choices', () => {
      const problems = checkDefinition(
        completeTheme((d) => (d.translations = { en: { fields: { '/kategori': { enumNames: ['A'] }, '/nama': { enumNames: ['Name'] } } } })),
      );
      expect(problems).toEqual([
        { path: '/translations/en/fields/~1kategori/enumNames', keyword: 'enumNames', message: 'enumNames berisi 1 label, padahal kolom /kategori punya 2 pilihan' },
        { path: '/translations/en/fields/~1nama/enumNames', keyword: 'enumNames', message: 'kolom /nama tidak punya pilihan (enum)' },
      ]);
    });

    it('lists in the meta-schema exactly the keywords the validator words', () => {
      const keywords = (themeDefinitionSchema.$defs.messages.additionalProperties.propertyNames as { enum: string[] }).enum;
      expect([...keywords].sort()).toEqual([...MESSAGE_KEYWORDS].sort());
    });
  });
});
