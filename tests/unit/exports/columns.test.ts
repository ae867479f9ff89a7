import type { AggregateItem } from '../../../server/src/modules/aggregation/aggregation.service';
import { regionCodesOf, satuDataColumns, satuDataRow } from '../../../server/src/modules/exports/satu-data';
import { fieldColumns } from '../../../server/src/modules/exports/submission-columns';
import { fieldValue } from '../../../server/src/modules/exports/table-writers';
import { loadBuiltIn, makeTheme } from '../../support/themes';

describe('fieldColumns', () => {
  const v1 = makeTheme((d) => (d.personalFields = ['/nama']));
  const v2 = makeTheme((d) => {
    delete d.schema.properties.catatan;
    d.schema.properties.keterangan = { type: 'string' };
    d.schema.properties.status = { type: 'string' };
    d.schema.properties.lokasi = { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } };
    d.uiSchema = { 'ui:order': ['lokasi', '*'] };
  });

  it('makes one column per leaf of any version, newest first in its form order, then fields only older versions had', () => {
    const columns = fieldColumns([v2, v1], new Set(['status']), new Set());
    expect(columns.map((c) => c.name)).toEqual(['lokasi.lat', 'lokasi.lon', 'nama', 'jumlah', 'kategori', 'keterangan', 'isian.status', 'catatan']);
    expect(columns[0]).toEqual({ name: 'lokasi.lat', pointer: '/lokasi/lat', tokens: ['lokasi', 'lat'], mayStartFormula: false, enumerated: false });
    expect(columns.filter((c) => c.enumerated).map((c) => c.name)).toEqual(['kategori']);
    expect(columns.filter((c) => c.mayStartFormula).map((c) => c.name)).toEqual(['nama', 'keterangan', 'isian.status', 'catatan']);
  });

  it('leaves out the fields it is told to (personal fields, for whoever may not see them)', () => {
    expect(fieldColumns([v2, v1], new Set(), new Set(['/nama', '/lokasi'])).map((c) => c.name)).toEqual(['jumlah', 'kategori', 'keterangan', 'status', 'catatan']);
  });

  it('has a column for a field the form asks only on a condition (UMKM\'s NIB), in the form\'s order', () => {
    const umkm = loadBuiltIn('umkm');
    const columns = fieldColumns([umkm], new Set(), new Set());
    const names = columns.map((c) => c.name);
    expect(names.indexOf('nib')).toBe(names.indexOf('memiliki_nib') + 1);
    expect(columns.find((c) => c.name === 'nib')).toMatchObject({ pointer: '/nib', enumerated: false });
  });

  it('reads values: numbers as numbers, text as text, the rest as text, absent as empty', () => {
    const data = { a: 1.5, b: 'x', c: true, d: [1, 2], e: { f: null }, g: { h: 2 } };
    expect([['a'], ['b'], ['c'], ['d'], ['e', 'f'], ['g', 'h'], ['z'], ['b', 'x']].map((tokens) => fieldValue(data, tokens))).toEqual([1.5, 'x', 'true', '[1,2]', null, 2, null, null]);
  });
});

describe('Satu Data rows', () => {
  const names = new Map([
    ['18', 'Lampung'],
    ['18.72', 'Kota Metro'],
    ['18.72.05', 'Metro Selatan'],
    ['18.72.05.1001', 'Rejomulyo'],
    ['18.72.05.1001.002', 'RW 02'],
  ]);
  const item = (regionCode: string, level: AggregateItem['level'], extra: Partial<AggregateItem> = {}): AggregateItem => ({
    regionCode, regionName: null, level, periodKey: '2026-W48', measure: 'banyak', group: null, value: 12, suppressed: false, ...extra,
  });
  const banyak = { key: 'banyak', title: 'Banyak', op: 'count' as const, satuan: 'orang' };

  it('fills the Kemendagri levels down to the row, empty below it', () => {
    expect(satuDataRow(item('18.72.05', 'kecamatan'), banyak, names)).toEqual(['18', 'Lampung', '18.72', 'Kota Metro', '18.72.05', 'Metro Selatan', null, null, '2026-W48', 2026, 'banyak', 'Banyak', null, 12, 'orang', null]);
  });

  it("adds the row's own region below kelurahan, and marks a suppressed value", () => {
    expect(satuDataColumns('rw').map((c) => c.name).slice(-2)).toEqual(['kode_wilayah', 'nama_wilayah']);
    const row = satuDataRow(item('18.72.05.1001.002', 'rw', { value: null, suppressed: true, group: 'a' }), banyak, names);
    expect(row.slice(6, 8)).toEqual(['18.72.05.1001', 'Rejomulyo']);
    expect(row.slice(12)).toEqual(['a', null, 'orang', 'disensor', '18.72.05.1001.002', 'RW 02']);
    expect(regionCodesOf(['18.72.05.1001.002']).sort()).toEqual(['18', '18.72', '18.72.05', '18.72.05.1001', '18.72.05.1001.002']);
  });

  it('has no year for a theme without periods', () => {
    expect(satuDataRow(item('18.72', 'kota', { periodKey: 'all' }), banyak, names).slice(8, 10)).toEqual(['all', null]);
  });
});
