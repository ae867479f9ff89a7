import { parseBoolean, parseChoice, parseChoices, parseDate, parseNumber } from '../../../server/src/modules/imports/cell-values';
import { resolvePeriod } from '../../../server/src/modules/imports/import-period';
import { readCsv } from '../../../server/src/modules/imports/import-reader';
import { canonicalJson } from '../../../server/src/common/canonical-json';
import { importRowId } from '../../../server/src/modules/imports/row-id';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) => (parsed.ok ? parsed.value : `REFUSED ${parsed.message}`);

describe('dates in an import', () => {
  it('reads Excel date cells, day/month/year text and ISO text as the same day', () => {
    expect(value(parseDate(new Date(Date.UTC(2026, 10, 28)), 'Tanggal'))).toBe('2026-11-28');
    for (const text of ['28/11/2026', '28-11-2026', '28.11.2026', '2026-11-28', ' 28/11/2026 ', '1/2/2026']) {
      expect([text, value(parseDate(text, 'Tanggal'))]).toEqual([text, text.trim() === '1/2/2026' ? '2026-02-01' : '2026-11-28']);
    }
  });

  it('refuses days that do not exist (never swaps day and month), two-digit years and numbers', () => {
    expect(value(parseDate('11/28/2026', 'Tanggal lahir'))).toBe('REFUSED Tanggal lahir: tanggal "11/28/2026" tidak ada; tulis hari/bulan/tahun, mis. 28/11/2026');
    expect(value(parseDate('31/02/2026', 'Tanggal'))).toMatch(/^REFUSED .*tidak ada/);
    expect(value(parseDate('28/11/26', 'Tanggal'))).toMatch(/^REFUSED .*empat angka/);
    expect(value(parseDate('besok', 'Tanggal'))).toMatch(/^REFUSED Tanggal: "besok" bukan tanggal/);
    expect(value(parseDate(46000, 'Tanggal'))).toMatch(/^REFUSED .*bukan tanggal/);
  });
});

describe('numbers in an import (Indonesian notation)', () => {
  it.each([
    ['1.500.000,50', 1500000.5],
    ['1.500.000', 1500000],
    ['1500000,5', 1500000.5],
    ['12,5', 12.5],
    ['-3,25', -3.25],
    ['1500', 1500],
    ['1.5', 1.5],
    ['1234.567', 1234.567],
    ['0.500', 0.5],
    ['1.234,500', 1234.5],
    [' 2 500 ', 2500],
  ])('reads %p as %p', (text, expected) => {
    expect(value(parseNumber(text, 'Jumlah'))).toBe(expected);
  });

  it('takes number cells as they are', () => {
    expect(value(parseNumber(1500.25, 'Jumlah'))).toBe(1500.25);
  });

  it('refuses 1.500 and 1,500 as ambiguous, naming both readings, and refuses what is no number', () => {
    expect(value(parseNumber('1.500', 'Omzet'))).toBe('REFUSED Omzet: "1.500" bisa dibaca 1500 atau 1,5; tulis 1500 (tanpa titik) atau dengan koma desimal, mis. 1,5');
    expect(value(parseNumber('12,500', 'Omzet'))).toMatch(/^REFUSED Omzet: "12,500" bisa dibaca 12500 atau 12,5/);
    for (const text of ['Rp 1.000', '1,500.25', '1.50.000', '1e5', 'dua']) expect([text, value(parseNumber(text, 'Jumlah'))]).toEqual([text, expect.stringMatching(/^REFUSED Jumlah: ".*" bukan angka/)]);
  });
});

describe('yes/no and choices', () => {
  const choices = [
    { value: 'kuliner', label: 'Kuliner' },
    { value: 'industri_pengolahan', label: 'Industri pengolahan' },
  ];

  it('reads ya/tidak and boolean cells', () => {
    expect([value(parseBoolean('Ya', 'Aktif')), value(parseBoolean('tidak', 'Aktif')), value(parseBoolean(true, 'Aktif'))]).toEqual([true, false, true]);
    expect(value(parseBoolean('mungkin', 'Aktif'))).toBe('REFUSED Aktif: isi dengan "ya" atau "tidak"');
  });

  it('reads a choice by its value or its label, and several by commas or (Kobo) spaces', () => {
    expect(value(parseChoice(' industri  PENGOLAHAN ', choices, 'Sektor'))).toBe('industri_pengolahan');
    expect(value(parseChoice('kuliner', choices, 'Sektor'))).toBe('kuliner');
    expect(value(parseChoice('Fesyen', choices, 'Sektor'))).toBe('REFUSED Sektor: "Fesyen" bukan pilihan yang ada; pilih salah satu: Kuliner, Industri pengolahan');
    expect(value(parseChoices('Kuliner, Industri pengolahan', choices, 'Sektor'))).toEqual(['kuliner', 'industri_pengolahan']);
    expect(value(parseChoices('kuliner industri_pengolahan', choices, 'Sektor'))).toEqual(['kuliner', 'industri_pengolahan']);
  });
});

describe('periods of imported rows', () => {
  it('takes a key as it is, and finds the period of a date or of a Kobo time (UTC when it names no zone)', () => {
    expect(value(resolvePeriod('2026-11', 'month'))).toBe('2026-11');
    expect(value(resolvePeriod('28/11/2026', 'month'))).toBe('2026-11');
    expect(value(resolvePeriod('date:2026-11-28', 'week'))).toBe('2026-W48');
    expect(value(resolvePeriod('instant:2026-10-31T18:05:10', 'month'))).toBe('2026-11');
    expect(value(resolvePeriod('instant:2026-10-31T20:05:00.000+07:00', 'month'))).toBe('2026-10');
    expect(value(resolvePeriod(undefined, 'month'))).toBeUndefined();
    expect(value(resolvePeriod('kemarin', 'day'))).toMatch(/^REFUSED/);
  });
});

describe('CSV as spreadsheets save it', () => {
  it('finds the separator, keeps quoted separators, quotes and newlines, and numbers rows as a spreadsheet does', () => {
    const table = readCsv('\uFEFFNama;Catatan\r\n"Bu ""Sri""";"satu; dua\ntiga"\r\n\r\nPak Budi;\r\n');
    expect(table.header).toEqual(['Nama', 'Catatan']);
    expect(table.rows).toEqual([
      { number: 2, cells: ['Bu "Sri"', 'satu; dua\ntiga'] },
      { number: 3, cells: [null] },
      { number: 4, cells: ['Pak Budi', null] },
    ]);
    expect(readCsv('a,b\n1,"2,5"').rows).toEqual([{ number: 2, cells: ['1', '2,5'] }]);
  });
});

describe('ids of imported rows', () => {
  const theme = '2b1d6a52-7f0e-4a8e-9d43-1c2b3a4d5e6f';
  const row = { regionCode: '18.72.01.1001', periodKey: '2026-11', canonicalData: canonicalJson({ nama: 'Bu Sri', jumlah: 2 }) };

  it('come from the row’s content and occurrence, not its position: equal content in any file is the same submission', () => {
    const id = importRowId(theme, row, 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importRowId(theme, { ...row, canonicalData: canonicalJson({ jumlah: 2, nama: 'Bu Sri' }) }, 1)).toBe(id);
    expect(importRowId(theme, row, 2)).not.toBe(id);
    expect(importRowId(theme, { ...row, periodKey: '2026-12' }, 1)).not.toBe(id);
  });

  it('keep a Kobo/ODK record’s own uuid', () => {
    expect(importRowId(theme, { ...row, sourceId: '0B0F7E4E-3B0C-4C1E-9F1E-2A3B4C5D6E7F' }, 1)).toBe('0b0f7e4e-3b0c-4c1e-9f1e-2a3b4c5d6e7f');
  });
});
