import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../client/src/api/types';
import {
  addField,
  type BuilderField,
  type BuilderModel,
  type FieldKind,
  fieldForPath,
  FIELD_KINDS,
  fromDefinition,
  moveField,
  newField,
  relabel,
  relabelOption,
  removeField,
  slugifyKey,
  slugifyTheme,
  toDefinition,
  uniqueKey,
} from '../../client/src/features/designer/builder-model';
import { renderThemeForm } from './helpers/harness';

const THEMES_DIR = join(__dirname, '../../schemas/themes');

function modelOf(...fields: BuilderField[]): BuilderModel {
  return { fields, keep: { schema: {}, ui: {} } };
}

/** A model without the builder's own handles, to compare two models field by field. */
function shape(model: BuilderModel): unknown {
  const strip = (fields: BuilderField[]): unknown[] => fields.map(({ id: _id, keyLocked: _locked, fields: children, ...rest }) => ({ ...rest, fields: strip(children) }));
  return { fields: strip(model.fields), keep: model.keep };
}

function field(kind: FieldKind, label: string, change: Partial<BuilderField> = {}): BuilderField {
  return { ...newField(kind, label, []), ...change };
}

describe('keys and slugs from Indonesian labels', () => {
  it('lowercases, drops accents and punctuation, joins words with underscores and starts with a letter', () => {
    expect(slugifyKey('Jumlah Anak (Balita)')).toBe('jumlah_anak_balita');
    expect(slugifyKey('  Berat badan – kg ')).toBe('berat_badan_kg');
    expect(slugifyKey('Pendidikan Ibu: SMA/SMK?')).toBe('pendidikan_ibu_sma_smk');
    expect(slugifyKey('Café Ibu')).toBe('cafe_ibu');
    expect(slugifyKey('2 Tahun Terakhir')).toBe('isian_2_tahun_terakhir');
    expect(slugifyKey('!!!')).toBe('isian');
  });

  it('keeps keys unique among siblings', () => {
    expect(uniqueKey('umur', ['umur', 'umur_2'])).toBe('umur_3');
    const first = newField('number', 'Umur', []);
    const second = newField('number', 'Umur', [first]);
    expect([first.key, second.key]).toEqual(['umur', 'umur_2']);
  });

  it('makes a theme slug with hyphens', () => {
    expect(slugifyTheme('Data Balita Gizi Kurang')).toBe('data-balita-gizi-kurang');
    expect(slugifyTheme('1 Rumah 1 Jamban')).toBe('tematik-1-rumah-1-jamban');
  });
});

describe('every field kind as JSON Schema and uiSchema', () => {
  const cases: [FieldKind, Partial<BuilderField>, JsonObject, JsonObject | undefined][] = [
    ['text', { limits: { minLength: 2, maxLength: 50 }, pattern: '^[A-Z]' }, { type: 'string', title: 'Isian', minLength: 2, maxLength: 50, pattern: '^[A-Z]' }, undefined],
    ['longText', { limits: { maxLength: 500 } }, { type: 'string', title: 'Isian', maxLength: 500 }, { 'ui:widget': 'textarea' }],
    ['number', { limits: { minimum: 0.5, maximum: 99.5 } }, { type: 'number', title: 'Isian', minimum: 0.5, maximum: 99.5 }, undefined],
    ['wholeNumber', { limits: { minimum: 0, maximum: 20 } }, { type: 'integer', title: 'Isian', minimum: 0, maximum: 20 }, undefined],
    ['date', {}, { type: 'string', title: 'Isian', format: 'date' }, { 'ui:widget': 'date' }],
    [
      'choice',
      { options: [{ value: 'ya', label: 'Ya' }, { value: 'tidak', label: 'Tidak' }] },
      { type: 'string', title: 'Isian', enum: ['ya', 'tidak'] },
      { 'ui:enumNames': ['Ya', 'Tidak'] },
    ],
    [
      'multiChoice',
      { options: [{ value: 'pkh', label: 'PKH' }, { value: 'blt', label: 'BLT' }], limits: { minItems: 1, maxItems: 2 } },
      { type: 'array', title: 'Isian', uniqueItems: true, minItems: 1, maxItems: 2, items: { type: 'string', enum: ['pkh', 'blt'] } },
      { 'ui:widget': 'checkboxes', 'ui:enumNames': ['PKH', 'BLT'] },
    ],
    ['yesNo', {}, { type: 'boolean', title: 'Isian' }, { 'ui:widget': 'radio' }],
    [
      'gps',
      {},
      {
        type: 'object',
        title: 'Isian',
        additionalProperties: false,
        required: ['lat', 'lon'],
        properties: {
          lat: { type: 'number', title: 'Lintang', minimum: -90, maximum: 90 },
          lon: { type: 'number', title: 'Bujur', minimum: -180, maximum: 180 },
          accuracy: { type: 'number', title: 'Akurasi (m)', minimum: 0, maximum: 10000 },
        },
      },
      { 'ui:widget': 'gps' },
    ],
    ['photo', {}, { type: 'string', title: 'Isian', format: 'file-id' }, { 'ui:widget': 'photo' }],
    [
      'group',
      { fields: [field('text', 'Nama', { required: true }), field('wholeNumber', 'Umur')] },
      { type: 'object', title: 'Isian', properties: { nama: { type: 'string', title: 'Nama' }, umur: { type: 'integer', title: 'Umur' } }, required: ['nama'] },
      { 'ui:order': ['nama', 'umur'] },
    ],
    [
      'repeat',
      { fields: [field('text', 'Nama anak', { required: true })], limits: { maxItems: 10 } },
      {
        type: 'array',
        title: 'Isian',
        maxItems: 10,
        items: { type: 'object', properties: { nama_anak: { type: 'string', title: 'Nama anak' } }, required: ['nama_anak'] },
      },
      { items: { 'ui:order': ['nama_anak'] } },
    ],
  ];

  it('covers every kind the builder offers', () => {
    expect(cases.map(([kind]) => kind).sort()).toEqual([...FIELD_KINDS].sort());
  });

  it.each(cases)('%s', (kind, change, schema, ui) => {
    const made = field(kind, 'Isian', { ...change, key: 'isian' });
    const { schema: written, uiSchema } = toDefinition(modelOf(made));
    expect(written.properties).toEqual({ isian: schema });
    expect(uiSchema.isian).toEqual(ui);
    expect(uiSchema['ui:order']).toEqual(['isian']);
  });

  it('writes help text as the description and required fields in `required`', () => {
    const { schema } = toDefinition(modelOf(field('text', 'Nama', { help: 'Sesuai KTP', required: true }), field('text', 'Catatan')));
    expect(schema).toEqual({
      type: 'object',
      properties: { nama: { type: 'string', title: 'Nama', description: 'Sesuai KTP' }, catatan: { type: 'string', title: 'Catatan' } },
      required: ['nama'],
    });
  });

  it('ignores limits and a pattern a kind does not offer', () => {
    const { schema } = toDefinition(modelOf(field('date', 'Tanggal', { limits: { minimum: 3, maxLength: 9 }, pattern: 'x' })));
    expect(schema.properties).toEqual({ tanggal: { type: 'string', title: 'Tanggal', format: 'date' } });
  });
});

describe('"show only when" conditions', () => {
  const jenis = field('choice', 'Jenis usaha', {
    required: true,
    options: [
      { value: 'kuliner', label: 'Kuliner' },
      { value: 'kerajinan', label: 'Kerajinan' },
      { value: 'jasa', label: 'Jasa' },
    ],
  });
  const menu = field('text', 'Menu andalan', { required: true, showWhen: { field: 'jenis_usaha', values: ['kuliner'] } });
  const bahan = field('text', 'Bahan baku', { showWhen: { field: 'jenis_usaha', values: ['kerajinan', 'jasa'] } });
  const izin = field('yesNo', 'Punya izin', { showWhen: { field: 'jenis_usaha', values: ['kuliner'] } });

  it('compile to allOf if/then, one branch per distinct condition, in the field order', () => {
    const { schema, uiSchema } = toDefinition(modelOf(jenis, menu, bahan, izin));
    expect(schema).toEqual({
      type: 'object',
      properties: { jenis_usaha: expect.objectContaining({ enum: ['kuliner', 'kerajinan', 'jasa'] }) },
      required: ['jenis_usaha'],
      allOf: [
        {
          if: { properties: { jenis_usaha: { const: 'kuliner' } }, required: ['jenis_usaha'] },
          then: { properties: { menu_andalan: { type: 'string', title: 'Menu andalan' }, punya_izin: { type: 'boolean', title: 'Punya izin' } }, required: ['menu_andalan'] },
        },
        {
          if: { properties: { jenis_usaha: { enum: ['kerajinan', 'jasa'] } }, required: ['jenis_usaha'] },
          then: { properties: { bahan_baku: { type: 'string', title: 'Bahan baku' } } },
        },
      ],
    });
    expect(uiSchema['ui:order']).toEqual(['jenis_usaha', 'menu_andalan', 'bahan_baku', 'punya_izin']);
  });

  it('drop additionalProperties: false on their level, which would refuse a field declared in a branch', () => {
    const model: BuilderModel = { fields: [jenis, menu], keep: { schema: { additionalProperties: false }, ui: {} } };
    expect(toDefinition(model).schema.additionalProperties).toBeUndefined();
    expect(toDefinition({ ...model, fields: [jenis] }).schema.additionalProperties).toBe(false);
  });

  it('are drawn and hidden live by the cadre’s form', async () => {
    // The first field is shown from the start; its dependants only once it is answered.
    const user = userEvent.setup();
    const { schema, uiSchema } = toDefinition(modelOf(jenis, menu, bahan));
    await renderThemeForm(schema, uiSchema);
    await user.selectOptions(await screen.findByLabelText(/Jenis usaha/), 'Kuliner');
    expect(await screen.findByLabelText(/Menu andalan/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/Bahan baku/)).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText(/Jenis usaha/), 'Jasa');
    await waitFor(() => expect(screen.queryByLabelText(/Menu andalan/)).not.toBeInTheDocument());
    expect(screen.getByLabelText(/Bahan baku/)).toBeInTheDocument();
  });

  it('follow a renamed field and a renamed option, and go when their field is deleted', () => {
    let model = modelOf(field('choice', 'Jenis', { options: [{ value: 'a', label: 'A' }] }), field('text', 'Detail', { showWhen: { field: 'jenis', values: ['a'] } }));
    model = relabel(model, model.fields[0].id, 'Jenis kegiatan');
    expect(model.fields[1].showWhen).toEqual({ field: 'jenis_kegiatan', values: ['a'] });
    model = relabelOption(model, model.fields[0].id, 0, 'Arisan Bulanan');
    expect(model.fields[0].options).toEqual([{ value: 'arisan_bulanan', label: 'Arisan Bulanan' }]);
    expect(model.fields[1].showWhen).toEqual({ field: 'jenis_kegiatan', values: ['arisan_bulanan'] });
    model = removeField(model, model.fields[0].id);
    expect(model.fields[0].showWhen).toBeNull();
  });
});

describe('builder → JSON → builder', () => {
  it('gives back the same fields, conditions and repeat groups, nested ones included', () => {
    const anak = field('repeat', 'Data anak', {
      required: true,
      limits: { minItems: 1, maxItems: 12 },
      fields: [
        field('text', 'Nama anak', { required: true, limits: { maxLength: 80 } }),
        field('choice', 'Status imunisasi', { options: [{ value: 'lengkap', label: 'Lengkap' }, { value: 'belum', label: 'Belum lengkap' }] }),
        field('longText', 'Alasan belum', { showWhen: { field: 'status_imunisasi', values: ['belum'] }, required: true }),
        field('date', 'Tanggal lahir'),
      ],
    });
    const model = modelOf(
      field('wholeNumber', 'Jumlah anggota keluarga', { required: true, limits: { minimum: 1, maximum: 30 }, help: 'Termasuk kepala keluarga' }),
      field('yesNo', 'Punya jamban'),
      field('photo', 'Foto jamban', { showWhen: { field: 'punya_jamban', values: [true] } }),
      field('number', 'Berat badan', { limits: { minimum: 0.5 } }),
      field('multiChoice', 'Bantuan', { options: [{ value: 'pkh', label: 'PKH' }, { value: 'blt', label: 'BLT' }] }),
      field('group', 'Alamat', { fields: [field('text', 'Jalan', { pattern: '^[A-Za-z0-9 .]+$' }), field('gps', 'Lokasi rumah', { required: true })] }),
      anak,
    );
    const { schema, uiSchema } = toDefinition(model);
    const again = fromDefinition(schema, uiSchema);
    expect(shape(again)).toEqual(shape(model));
    expect(again.fields.every((each) => each.keyLocked)).toBe(true);
    expect(toDefinition(again)).toEqual({ schema, uiSchema });
  });

  it('keeps the order of `ui:order` even when the stored object lost its key order', () => {
    const schema: JsonObject = { type: 'object', properties: { b: { type: 'string', title: 'B' }, a: { type: 'string', title: 'A' } } };
    expect(fromDefinition(schema, { 'ui:order': ['a', 'b'] }).fields.map((each) => each.key)).toEqual(['a', 'b']);
  });
});

describe('JSON → builder → JSON', () => {
  const builtIns = readdirSync(THEMES_DIR).filter((name) => name.endsWith('.json'));

  it.each(builtIns)('leaves the built-in %s as it was, apart from writing its field order', (file) => {
    const definition = JSON.parse(readFileSync(join(THEMES_DIR, file), 'utf8')) as { schema: JsonObject; uiSchema?: JsonObject };
    const written = toDefinition(fromDefinition(definition.schema, definition.uiSchema));
    // `required` is written in field order; as a set it is the same.
    const sortRequired = (schema: JsonObject): unknown =>
      JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === 'required' && Array.isArray(value) ? [...(value as string[])].sort() : value));
    expect(sortRequired(written.schema)).toEqual(sortRequired(definition.schema));
    const withoutOrder = (ui: JsonObject): JsonObject =>
      JSON.parse(JSON.stringify(ui), (key, value: unknown) => (key === 'ui:order' ? undefined : value)) as JsonObject;
    expect(withoutOrder(written.uiSchema)).toEqual(withoutOrder(definition.uiSchema ?? {}));
  });

  it('keeps what the builder cannot represent verbatim, as a field to edit in JSON', () => {
    const schema: JsonObject = {
      type: 'object',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: {
        kode: { type: 'string', title: 'Kode', format: 'email' },
        skor: { type: 'integer', title: 'Skor', multipleOf: 5 },
        pilihan: { type: 'string', title: 'Pilihan', oneOf: [{ const: 'a', title: 'A' }] },
        campuran: { type: ['string', 'null'], title: 'Campuran' },
      },
      allOf: [{ if: { properties: { skor: { minimum: 50 } } }, then: { required: ['kode'] } }],
    };
    const ui: JsonObject = { 'ui:sections': [{ title: 'Satu', fields: ['kode'] }], skor: { 'ui:help': 'kelipatan 5' } };
    const model = fromDefinition(schema, ui);
    expect(model.fields.map((each) => [each.key, each.kind])).toEqual([
      ['kode', 'custom'],
      ['skor', 'wholeNumber'],
      ['pilihan', 'text'],
      ['campuran', 'custom'],
    ]);
    expect(model.fields[1].keep).toEqual({ schema: { multipleOf: 5 }, ui: { 'ui:help': 'kelipatan 5' } });
    const written = toDefinition(model);
    expect(written.schema).toEqual(schema);
    expect(written.uiSchema).toEqual({ ...ui, 'ui:order': ['kode', 'skor', 'pilihan', 'campuran'] });
  });
});

describe('editing the list', () => {
  it('adds into a group, moves within a list and finds the field a server error names', () => {
    let model = modelOf(field('text', 'Nama'), field('group', 'Alamat'));
    const groupId = model.fields[1].id;
    model = addField(model, newField('wholeNumber', 'Nomor rumah', []), groupId);
    model = addField(model, field('text', 'Catatan', { showWhen: { field: 'nama', values: ['x'] } }), null);
    model = moveField(model, model.fields[0].id, 1);
    expect(model.fields.map((each) => each.key)).toEqual(['alamat', 'nama', 'catatan']);
    const nomor = model.fields[0].fields[0];
    expect(fieldForPath(model, '/schema/properties/alamat/properties/nomor_rumah/maximum')).toBe(nomor.id);
    expect(fieldForPath(model, '/schema/properties/alamat')).toBe(model.fields[0].id);
    expect(fieldForPath(model, '/schema/allOf/0/then/properties/catatan/pattern')).toBe(model.fields[2].id);
    expect(fieldForPath(model, '/title')).toBeNull();
  });
});
