import { breakingChanges } from '../../../server/src/modules/themes/breaking-changes';
import { checkDefinition } from '../../../server/src/modules/themes/definition-check';
import { ThemeDefinition, resolvePointer } from '../../../schemas/theme-definition';
import { builtInSlugs, completeTheme, loadBuiltIn } from '../../support/themes';

/** Reasons for publishing `change(previous)` over the factory definition; the new one must itself be valid. */
function reasonsFor(change: (next: ThemeDefinition) => void): string[] {
  const next = completeTheme(change);
  expect(checkDefinition(next)).toEqual([]);
  return breakingChanges(completeTheme(), next);
}

/** Removes a field the way the designer does: from properties, required and the uiSchema. */
function removeField(definition: ThemeDefinition, name: string): void {
  delete definition.schema.properties[name];
  definition.schema.required = definition.schema.required?.filter((required) => required !== name);
  if (definition.uiSchema) {
    delete definition.uiSchema[name];
    definition.uiSchema['ui:order'] = (definition.uiSchema['ui:order'] as string[]).filter((field) => field !== name);
  }
}

function removeMeasure(definition: ThemeDefinition, key: string): void {
  definition.aggregations = definition.aggregations.filter((aggregation) => aggregation.key !== key);
}

describe('resolvePointer', () => {
  const schema = completeTheme().schema;

  it('walks properties', () => {
    expect(resolvePointer(schema, '/jumlah')).toMatchObject({ type: 'integer' });
    expect(resolvePointer(schema, '/lokasi/lat')).toMatchObject({ type: 'number' });
  });

  it('answers undefined for what is not a field', () => {
    for (const pointer of ['/tidak_ada', '/lokasi/alt', '/jumlah/lebih', 'jumlah', '', '/constructor', '/__proto__']) {
      expect(resolvePointer(schema, pointer)).toBeUndefined();
    }
  });

  it('unescapes ~1 and ~0', () => {
    const odd = { type: 'object' as const, properties: { 'a/b': { type: 'string' as const }, 'c~d': { type: 'boolean' as const } } };
    expect(resolvePointer(odd, '/a~1b')).toEqual({ type: 'string' });
    expect(resolvePointer(odd, '/c~0d')).toEqual({ type: 'boolean' });
  });
});

describe('breakingChanges', () => {
  it('finds nothing between a definition and itself, for every built-in', () => {
    for (const slug of builtInSlugs()) expect(breakingChanges(loadBuiltIn(slug), loadBuiltIn(slug))).toEqual([]);
  });

  describe('breaking', () => {
    it('removing a field a measure reads, even together with the measure', () => {
      const reasons = reasonsFor((d) => {
        removeMeasure(d, 'per_kategori');
        removeField(d, 'kategori');
      });
      expect(reasons).toEqual([
        'kolom /kategori dipakai ukuran "per_kategori" tetapi dihapus; pertahankan kolom itu (boleh disembunyikan di formulir) agar data lama tetap terhitung',
      ]);
    });

    it('removing a field a measure filters on', () => {
      const reasons = reasonsFor((d) => {
        removeMeasure(d, 'persen_aktif');
        removeField(d, 'aktif');
      });
      expect(reasons).toEqual([expect.stringContaining('kolom /aktif dipakai ukuran "persen_aktif" tetapi dihapus')]);
    });

    it('removing the object around a nested field a measure reads', () => {
      const previous = completeTheme((d) => d.aggregations.push({ key: 'lintang', title: 'Lintang', op: 'max', field: '/lokasi/lat' }));
      const next = completeTheme((d) => removeField(d, 'lokasi'));
      expect(checkDefinition(next)).toEqual([]);
      expect(breakingChanges(previous, next)).toEqual([expect.stringContaining('kolom /lokasi/lat dipakai ukuran "lintang" tetapi dihapus')]);
    });

    it('retyping a field a measure reads', () => {
      const reasons = reasonsFor((d) => {
        d.schema.properties.kategori = { type: 'integer', title: 'Kategori', enum: [1, 2] };
      });
      expect(reasons).toEqual(['kolom /kategori dipakai ukuran "per_kategori" tetapi tipenya berubah dari string menjadi integer']);
    });

    it('retyping a summed number into text', () => {
      const previous = completeTheme();
      const next = completeTheme((d) => (d.schema.properties.jumlah = { type: 'string', title: 'Jumlah', maxLength: 10 }));
      expect(breakingChanges(previous, next)).toEqual([expect.stringContaining('tipenya berubah dari integer menjadi string')]);
    });

    it.each([
      ['unit', (d: ThemeDefinition) => (d.unit = 'report'), 'satuan kiriman (unit) berubah dari "record" menjadi "report"'],
      ['period', (d: ThemeDefinition) => (d.period = 'week'), 'periode (period) berubah dari "month" menjadi "week"'],
      ['regionLevel', (d: ThemeDefinition) => (d.regionLevel = 'rt'), 'tingkat wilayah (regionLevel) berubah dari "kelurahan" menjadi "rt"'],
    ])('changing the %s', (_name, change, reason) => {
      expect(reasonsFor(change)).toEqual([expect.stringContaining(reason)]);
    });

    it('changing unit, period and regionLevel at once gives one reason each', () => {
      const reasons = reasonsFor((d) => Object.assign(d, { unit: 'report', period: 'year', regionLevel: 'dasawisma' }));
      expect(reasons).toHaveLength(3);
    });

    it('pointing a kept measure at another field', () => {
      const reasons = reasonsFor((d) => (d.aggregations[0].field = '/berat'));
      expect(reasons).toEqual([expect.stringContaining('ukuran "jumlah_total" mengubah cara hitungnya')]);
    });

    it('changing the filter, grouping or ratio sides of a kept measure', () => {
      expect(reasonsFor((d) => (d.aggregations[1].where = { '/aktif': { eq: true } }))).toHaveLength(1);
      expect(reasonsFor((d) => (d.aggregations[1].groupBy = '/aktif'))).toHaveLength(1);
      expect(reasonsFor((d) => (d.aggregations[2].numerator = { where: { '/aktif': { eq: false } } }))).toHaveLength(1);
      expect(reasonsFor((d) => (d.aggregations[2].denominator = { field: '/jumlah' }))).toHaveLength(1);
    });

    it('turning a count into a ratio under the same key', () => {
      const reasons = reasonsFor((d) => {
        d.aggregations[1] = { key: 'per_kategori', title: 'Per kategori', op: 'ratio', groupBy: '/kategori', numerator: {}, denominator: {} };
      });
      expect(reasons).toEqual([expect.stringContaining('ukuran "per_kategori"')]);
    });

    it('a changed slug', () => {
      expect(reasonsFor((d) => (d.slug = 'uji-lain'))).toEqual([expect.stringContaining('slug berubah')]);
    });

    it('lowering the sensitivity', () => {
      const previous = completeTheme((d) => (d.sensitivity = 'sensitive'));
      expect(breakingChanges(previous, completeTheme())).toEqual([expect.stringContaining('kerahasiaan diturunkan dari "sensitive" menjadi "personal"')]);
    });

    it('unmarking a personal field, or removing it with its mark', () => {
      expect(reasonsFor((d) => (d.personalFields = []))).toEqual([expect.stringContaining('kolom data pribadi /nama')]);
      expect(
        reasonsFor((d) => {
          removeField(d, 'nama');
          delete d.personalFields;
        }),
      ).toEqual([expect.stringContaining('kolom data pribadi /nama')]);
    });

    it('lowering suppressBelow, default 5 included', () => {
      expect(reasonsFor((d) => (d.suppressBelow = 3))).toEqual([expect.stringContaining('diturunkan dari 5 menjadi 3')]);
      expect(breakingChanges(completeTheme((d) => (d.suppressBelow = 10)), completeTheme())).toEqual([expect.stringContaining('diturunkan dari 10 menjadi 5')]);
    });
  });

  describe('not breaking', () => {
    it.each([
      ['adding an optional field', (d: ThemeDefinition) => (d.schema.properties.catatan = { type: 'string', title: 'Catatan', maxLength: 500 })],
      ['relaxing a maximum', (d: ThemeDefinition) => (d.schema.properties.jumlah.maximum = 5000)],
      ['tightening a maximum (old data stays valid against its own version)', (d: ThemeDefinition) => (d.schema.properties.jumlah.maximum = 500)],
      ['changing the theme title and description', (d: ThemeDefinition) => Object.assign(d, { title: 'Uji coba baru', description: 'Keterangan' })],
      ['changing field and measure labels', (d: ThemeDefinition) => {
        d.schema.properties.jumlah.title = 'Jumlah anggota';
        d.aggregations[0].title = 'Total anggota';
      }],
      ['adding an enum value to a grouped field', (d: ThemeDefinition) => (d.schema.properties.kategori.enum = ['a', 'b', 'c'])],
      ['widening an integer to a number', (d: ThemeDefinition) => (d.schema.properties.jumlah = { type: 'number', title: 'Jumlah', minimum: 0 })],
      ['making a field nullable', (d: ThemeDefinition) => (d.schema.properties.berat = { type: ['number', 'null'], title: 'Berat' })],
      ['adding a measure', (d: ThemeDefinition) => d.aggregations.push({ key: 'berat_rata', title: 'Rata-rata berat', op: 'avg', field: '/berat' })],
      ['removing a measure whose fields stay', (d: ThemeDefinition) => removeMeasure(d, 'per_kategori')],
      ['removing a field no measure reads', (d: ThemeDefinition) => removeField(d, 'tanggal')],
      ['swapping sum for avg over the same field', (d: ThemeDefinition) => (d.aggregations[0].op = 'avg')],
      ['changing scale and overTime (applied when reading)', (d: ThemeDefinition) => Object.assign(d.aggregations[2], { scale: 1000, overTime: 'last' })],
      ['changing sensitivity, reminders and dueAfter', (d: ThemeDefinition) => {
        d.sensitivity = 'sensitive';
        d.reminders = [];
        d.dueAfter = 'P1M5D';
      }],
      ['marking one more field personal and raising suppressBelow', (d: ThemeDefinition) => Object.assign(d, { personalFields: ['/nama', '/tanggal'], suppressBelow: 10 })],
      ['adding Satu Data metadata to a measure', (d: ThemeDefinition) => Object.assign(d.aggregations[0], { konsep: 'Jumlah', satuan: 'orang', sumber: 'TP-PKK' })],
    ])('%s', (_name, change) => {
      expect(reasonsFor(change)).toEqual([]);
    });

    it('reordering an in-list', () => {
      const previous = completeTheme((d) => (d.aggregations[1].where = { '/kategori': { in: ['a', 'b'] } }));
      const next = completeTheme((d) => (d.aggregations[1].where = { '/kategori': { in: ['b', 'a'] } }));
      expect(breakingChanges(previous, next)).toEqual([]);
    });
  });
});
