import { computeSections, prepareForm } from '../../client/src/forms/prepare';
import { problemsToErrorSchema } from '../../client/src/forms/server-errors';
import type { JsonObject } from '../../client/src/api/types';

const numbers = (count: number): JsonObject =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`isian_${index + 1}`, { type: 'integer', title: `Isian ${index + 1}` }]));

describe('preparing a definition for the form', () => {
  it('picks the photo, GPS and searchable widgets where the default is poor', () => {
    const schema: JsonObject = {
      type: 'object',
      properties: {
        foto: { type: 'string', format: 'file-id' },
        lokasi: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracy: { type: 'number' } } },
        kelurahan: { type: 'string', enum: Array.from({ length: 22 }, (_, index) => `K${index}`) },
        jenis: { type: 'string', enum: ['a', 'b'] },
      },
    };
    const { uiSchema } = prepareForm(schema, { lokasi: { 'ui:widget': 'gps' } });
    expect(uiSchema.foto).toEqual({ 'ui:widget': 'photo' });
    expect(uiSchema.lokasi).toEqual({ 'ui:field': 'gps' });
    expect(uiSchema.kelurahan).toEqual({ 'ui:widget': 'searchable-select' });
    expect(uiSchema.jenis).toEqual({});
  });

  it('switches markdown off so admin text is shown as text', () => {
    const { uiSchema } = prepareForm(
      { type: 'object', properties: { a: { type: 'string' } } },
      { a: { 'ui:enableMarkdownInDescription': true, 'ui:options': { enableMarkdownInDescription: true } } },
    );
    expect(uiSchema.a).toEqual({ 'ui:options': {} });
  });

  it('leaves a short form flat and cuts a long one into sections, nested groups on their own', () => {
    expect(computeSections({ type: 'object', properties: numbers(10) }, {})).toEqual([]);
    const long = computeSections({ type: 'object', properties: numbers(30) }, {});
    expect(long.map((section) => section.fields.length)).toEqual([12, 12, 6]);
    const grouped = computeSections(
      { type: 'object', properties: { a: { type: 'string' }, balita: { type: 'object', title: 'Data balita', properties: {} }, b: { type: 'string' } } },
      {},
    );
    expect(grouped.map((section) => [section.title, section.fields])).toEqual([
      [null, ['a']],
      ['Data balita', ['balita']],
      [null, ['b']],
    ]);
  });

  it('follows ui:order and explicit ui:sections', () => {
    const sections = computeSections(
      { type: 'object', properties: { a: {}, b: {}, c: {} } },
      { 'ui:order': ['c', '*'], 'ui:sections': [{ title: 'Utama', fields: ['c', 'a'] }] },
    );
    expect(sections).toEqual([
      { key: 's0', title: 'Utama', fields: ['c', 'a'], questions: ['c', 'a'] },
      { key: 'rest', title: null, fields: ['b'], questions: ['b'] },
    ]);
  });

  it('counts as questions only what a person answers: not a note, not a calculated field', () => {
    const properties = { ...numbers(14), catatan: { type: 'null', title: 'Ukur tanpa alas kaki' }, umur_hari: { type: 'integer' } };
    const { sections } = prepareForm(
      { type: 'object', properties },
      {},
      { calculations: [{ field: '/umur_hari', expression: 'isian_1 + 1' }] },
    );
    expect(sections[1].fields).toEqual(['isian_13', 'isian_14', 'catatan', 'umur_hari']);
    expect(sections[1].questions).toEqual(['isian_13', 'isian_14']);
  });
});

describe('server field errors', () => {
  it('land under the field their JSON Pointer names', () => {
    expect(
      problemsToErrorSchema([
        { path: '/jumlah_gizi_buruk', keyword: 'required', message: 'harus diisi' },
        { path: '/anak/0/berat', keyword: 'minimum', message: 'harus >= 1' },
        { path: '/a~1b', keyword: 'type', message: 'harus angka' },
        { path: '', keyword: 'type', message: 'harus objek' },
      ]),
    ).toEqual({
      __errors: ['harus objek'],
      jumlah_gizi_buruk: { __errors: ['harus diisi'] },
      anak: { 0: { berat: { __errors: ['harus >= 1'] } } },
      'a/b': { __errors: ['harus angka'] },
    });
  });
});
