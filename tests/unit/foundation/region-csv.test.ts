import { readFileSync } from 'node:fs';
import { parseCsv, parseRegionFile, RegionFileError, sortParentsFirst } from '../../../server/src/modules/regions/region-csv';
import { KOTA_METRO_FILE } from '../../../server/src/modules/regions/regions.service';

describe('parseCsv', () => {
  it('splits plain rows and accepts LF, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and newlines', () => {
    expect(parseCsv('kode,nama\n"1","Desa ""Baru"", Utara"\n2,"dua\nbaris"\n')).toEqual([
      ['kode', 'nama'],
      ['1', 'Desa "Baru", Utara'],
      ['2', 'dua\nbaris'],
    ]);
  });

  it('keeps empty fields and drops blank lines', () => {
    expect(parseCsv('a,,c\n\n\n,b,\n')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
    ]);
  });
});

describe('parseRegionFile', () => {
  const header = 'kode,nama,tingkat,kode_induk';

  it('maps Kemendagri tingkat to our levels and the empty parent to null', () => {
    const rows = parseRegionFile(`\uFEFF${header}\n18,Lampung,provinsi,\n18.72,Kota Metro,kabupaten_kota,18\n18.72.01,Metro Pusat,kecamatan,18.72\n18.72.01.1001,"Metro",desa_kelurahan,18.72.01\n`);
    expect(rows).toEqual([
      { code: '18', name: 'Lampung', level: 'provinsi', parentCode: null },
      { code: '18.72', name: 'Kota Metro', level: 'kota', parentCode: '18' },
      { code: '18.72.01', name: 'Metro Pusat', level: 'kecamatan', parentCode: '18.72' },
      { code: '18.72.01.1001', name: 'Metro', level: 'kelurahan', parentCode: '18.72.01' },
    ]);
  });

  it('reads the Kota Metro seed shipped in the repository: 1 + 1 + 5 + 22 rows', () => {
    const rows = parseRegionFile(readFileSync(KOTA_METRO_FILE, 'utf8'));
    const byLevel = rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row.level]: (acc[row.level] ?? 0) + 1 }), {});
    expect(byLevel).toEqual({ provinsi: 1, kota: 1, kecamatan: 5, kelurahan: 22 });
  });

  it.each([
    ['a wrong header', 'code,name,level,parent\n18,Lampung,provinsi,\n', /header/],
    ['a missing field', `${header}\n18,Lampung,provinsi\n`, /line 2: expected 4 fields/],
    ['a bad code', `${header}\n18,Lampung,provinsi,\n18.x,Kota,kabupaten_kota,18\n`, /line 3: bad kode/],
    ['an unknown tingkat', `${header}\n18,Lampung,negara,\n`, /line 2: unknown tingkat/],
    ['an empty name', `${header}\n18,  ,provinsi,\n`, /line 2: empty nama/],
    ['a code outside its parent', `${header}\n18.72,Kota Metro,kabupaten_kota,19\n`, /line 2: .*not under/],
  ])('refuses %s before anything is written, naming the line', (_label, text, message) => {
    expect(() => parseRegionFile(text)).toThrow(RegionFileError);
    expect(() => parseRegionFile(text)).toThrow(message);
  });
});

describe('sortParentsFirst', () => {
  it('orders by depth, then code, without changing its input', () => {
    const rows = ['18.72.01.1001', '18.72', '19', '18.72.01', '18'].map((code) => ({ code, name: code, level: 'kota' as const, parentCode: null }));
    expect(sortParentsFirst(rows).map((r) => r.code)).toEqual(['18', '19', '18.72', '18.72.01', '18.72.01.1001']);
    expect(rows[0].code).toBe('18.72.01.1001');
  });
});
