import { periodLabel } from '../../../schemas/labels/period-label';
import { recordSummary, summaryFieldProblem, summaryPointers } from '../../../schemas/labels/record-summary';

describe('periodLabel: a period as people say it', () => {
  it.each([
    ['2026-11-28', '28 November 2026', '28 November 2026'],
    ['2026-03-05', '5 Maret 2026', '5 March 2026'],
    ['2026-W48', 'Minggu ke-48 2026', 'Week 48 2026'],
    ['2026-W02', 'Minggu ke-2 2026', 'Week 2 2026'],
    ['2026-11', 'November 2026', 'November 2026'],
    ['2026-05', 'Mei 2026', 'May 2026'],
    ['2026-Q4', 'Triwulan IV 2026', 'Q4 2026'],
    ['2026-Q1', 'Triwulan I 2026', 'Q1 2026'],
    ['2026', '2026', '2026'],
    ['all', 'Tanpa periode', 'No period'],
    [null, 'Tanpa periode', 'No period'],
  ])('%s → "%s" / "%s"', (key, id, en) => {
    expect(periodLabel(key, 'id')).toBe(id);
    expect(periodLabel(key, 'en')).toBe(en);
  });

  it('never turns a malformed key into a wrong date', () => {
    expect(periodLabel('2026-13', 'id')).toBe('2026-13');
    expect(periodLabel('2026-13-01', 'id')).toBe('2026-13-01');
  });
});

describe('recordSummary: the words that name one record', () => {
  const schema = {
    type: 'object',
    properties: {
      jumlah: { type: 'integer' },
      jenis: { type: 'string', enum: ['a', 'b'] },
      nama_usaha: { type: 'string', maxLength: 150 },
      catatan: { type: 'string', maxLength: 1000 },
      tanggal: { type: 'string', format: 'date' },
      nama_pemilik: { type: 'string', maxLength: 100 },
      alamat: { type: 'string', maxLength: 100 },
      anak: { type: 'array', items: { type: 'object', properties: { nama: { type: 'string' } } } },
      lokasi: { type: 'object', properties: { dusun: { type: 'string', maxLength: 50 } } },
    },
  };

  it('uses the theme’s summary fields in order, skipping empty ones', () => {
    const source = { schema, summary: ['/nama_usaha', '/nama_pemilik'] };
    expect(recordSummary(source, { nama_usaha: 'Warung Bu Sri', nama_pemilik: 'Sri' })).toBe('Warung Bu Sri · Sri');
    expect(recordSummary(source, { nama_usaha: '  Warung  Bu Sri ', nama_pemilik: '' })).toBe('Warung Bu Sri');
    expect(recordSummary(source, {})).toBeNull();
  });

  it('without a summary, takes the first two short text fields (not choices, notes, dates or numbers)', () => {
    expect(summaryPointers({ schema })).toEqual(['/nama_usaha', '/nama_pemilik']);
    expect(summaryPointers({ schema, uiSchema: { nama_usaha: { 'ui:widget': 'textarea' } } })).toEqual(['/nama_pemilik', '/alamat']);
  });

  it('cuts a long summary to one line', () => {
    const text = recordSummary({ schema, summary: ['/nama_usaha'] }, { nama_usaha: 'x'.repeat(150) })!;
    expect(text).toHaveLength(120);
    expect(text.endsWith('…')).toBe(true);
  });

  it('accepts short text and number fields of the record itself, and says why anything else cannot name it', () => {
    expect(summaryFieldProblem({ schema }, '/nama_usaha')).toBeNull();
    expect(summaryFieldProblem({ schema }, '/jumlah')).toBeNull();
    expect(summaryFieldProblem({ schema }, '/lokasi/dusun')).toBeNull();
    expect(summaryFieldProblem({ schema }, '/tidak_ada')).toBe('tidak ada di schema');
    expect(summaryFieldProblem({ schema }, '/anak/nama')).toBe('berada di dalam daftar');
    expect(summaryFieldProblem({ schema }, '/jenis')).toBe('berupa pilihan');
    expect(summaryFieldProblem({ schema }, '/catatan')).toMatch(/teks panjang/);
    expect(summaryFieldProblem({ schema }, '/tanggal')).toMatch(/tanggal/);
  });
});
