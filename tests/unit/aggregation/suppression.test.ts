import { cellKey, exposesPersonalField, SuppressionCell, suppressedCells, SuppressionTheme } from '../../../server/src/modules/aggregation/suppression';
import type { Aggregation } from '../../../schemas/theme-definition';

/**
 * Hand-made cell sets, as the engine stores them (additive components per cell), and the attacks the
 * suppression must defeat: subtracting visible children from their total, multiplying a ratio by
 * its visible denominator, and subtracting one period from the coarser one.
 */

const COUNT: Aggregation = { key: 'diukur', title: 'Diukur', op: 'count' };
const STUNTING: Aggregation = { key: 'stunting', title: 'Stunting', op: 'count', where: { '/kategori': { in: ['pendek'] } } };
const PREVALENCE: Aggregation = { key: 'prevalensi', title: 'Prevalensi', op: 'ratio', numerator: { where: { '/kategori': { in: ['pendek'] } } }, denominator: {}, scale: 100 };
const PER_GROUP: Aggregation = { key: 'per_kategori', title: 'Per kategori', op: 'count', groupBy: '/kategori' };
const TALLEST: Aggregation = { key: 'tertinggi', title: 'Tertinggi', op: 'max', field: '/tinggi' };
const STOCK: Aggregation = { key: 'stok', title: 'Stok', op: 'sum', field: '/stok', overTime: 'last' };

function theme(change: Partial<SuppressionTheme> = {}): SuppressionTheme {
  return { sensitivity: 'sensitive', period: 'month', regionLevel: 'kelurahan', aggregations: [COUNT, STUNTING, PREVALENCE, PER_GROUP, TALLEST, STOCK], ...change };
}

const KOTA = '18.72';
const [A, B, C] = ['18.72.01', '18.72.02', '18.72.03'];

/** A cell of `measure`; n defaults to the row count, as for a plain count. */
function cell(measure: string, level: SuppressionCell['level'], regionCode: string, rowCount: number, extra: Partial<SuppressionCell> = {}): SuppressionCell {
  return { measure, level, granularity: 'month', periodKey: '2026-11', regionCode, groupKey: 'null', rowCount, n: rowCount, numerator: null, denominator: null, ...extra };
}

/** The hidden cells as `region` (or `region period`, `region group`) of one measure, sorted. */
function hiddenOf(hidden: Set<string>, cells: SuppressionCell[], measure: string, label: (cell: SuppressionCell) => string = (c) => c.regionCode): string[] {
  return cells.filter((c) => c.measure === measure && hidden.has(cellKey(c))).map(label).sort();
}

/** Every "total = parts" relation of a region tree has zero or at least two hidden members. */
function noLoneHiddenChild(hidden: Set<string>, cells: SuppressionCell[], total: SuppressionCell): void {
  const children = cells.filter((c) => c.measure === total.measure && c.regionCode.startsWith(`${total.regionCode}.`) && c.regionCode.split('.').length === total.regionCode.split('.').length + 1);
  const hiddenMembers = [total, ...children].filter((c) => hidden.has(cellKey(c)));
  expect(hiddenMembers.length).not.toBe(1);
}

describe('suppressedCells', () => {
  it('hides nothing of a public theme, however small', () => {
    expect(suppressedCells(theme({ sensitivity: 'public' }), [cell('diukur', 'kecamatan', A, 1)]).size).toBe(0);
  });

  it('hides a count below k, a cell resting on fewer than k submissions, and every min/max of a sensitive theme', () => {
    // Each in a province of its own, so no complement comes into it.
    const cells = [
      cell('diukur', 'kota', '11.01', 3),
      cell('stunting', 'kota', '12.01', 30, { n: 2 }),
      cell('stunting', 'kota', '13.01', 30, { n: 0 }),
      cell('tertinggi', 'kota', '14.01', 300),
    ];
    const hidden = suppressedCells(theme(), cells);
    expect(hidden.has(cellKey(cells[0]))).toBe(true);
    expect(hidden.has(cellKey(cells[1]))).toBe(true);
    // A count of zero among 30 is shown: it rests on all 30.
    expect(hidden.has(cellKey(cells[2]))).toBe(false);
    expect(hidden.has(cellKey(cells[3]))).toBe(true);
  });

  it('takes k from suppressBelow', () => {
    const cells = [cell('diukur', 'kecamatan', A, 7), cell('diukur', 'kecamatan', B, 12)];
    expect(suppressedCells(theme(), cells).size).toBe(0);
    expect(hiddenOf(suppressedCells(theme({ suppressBelow: 10 }), cells), cells, 'diukur')).toEqual([A, B]);
  });

  it('on a personal theme, hides only below kelurahan level, and whatever a lone child would give away above it', () => {
    const rw = (code: string, n: number) => cell('diukur', 'rw', code, n);
    const cells = [cell('diukur', 'kelurahan', '18.72.05.1001', 23), rw('18.72.05.1001.001', 2), rw('18.72.05.1001.002', 9), rw('18.72.05.1001.003', 12)];
    const hidden = suppressedCells(theme({ sensitivity: 'personal', regionLevel: 'rw' }), cells);
    expect(hiddenOf(hidden, cells, 'diukur')).toEqual(['18.72.05.1001.001', '18.72.05.1001.002']);
    expect(suppressedCells(theme({ sensitivity: 'personal' }), [cell('diukur', 'kelurahan', '18.72.05.1001', 1)]).size).toBe(0);
  });

  it('defeats subtraction: a lone hidden child takes the smallest sibling with it, so total minus the visible ones gives no single child', () => {
    const cells = [cell('diukur', 'kota', KOTA, 40), cell('diukur', 'kecamatan', A, 3), cell('diukur', 'kecamatan', B, 12), cell('diukur', 'kecamatan', C, 25)];
    const hidden = suppressedCells(theme(), cells);
    // Without B, 40 − 12 − 25 would be A's 3.
    expect(hiddenOf(hidden, cells, 'diukur')).toEqual([A, B]);
    noLoneHiddenChild(hidden, cells, cells[0]);
  });

  it('hides a child when its total was hidden as a complement but every child would add up to it', () => {
    const cells = [
      cell('diukur', 'kota', KOTA, 40),
      cell('diukur', 'kecamatan', A, 3),
      cell('diukur', 'kecamatan', B, 12),
      cell('diukur', 'kecamatan', C, 25),
      cell('diukur', 'kelurahan', `${B}.1001`, 5),
      cell('diukur', 'kelurahan', `${B}.1002`, 7),
    ];
    const hidden = suppressedCells(theme(), cells);
    // B is A's complement; B = 5 + 7 would give it back, so its smaller kelurahan goes (7 alone gives neither).
    expect(hiddenOf(hidden, cells, 'diukur')).toEqual([A, B, `${B}.1001`]);
    noLoneHiddenChild(hidden, cells, cells[0]);
    noLoneHiddenChild(hidden, cells, cells[2]);
  });

  it('defeats the ratio attack: a ratio whose numerator rests on fewer than k is hidden, with a complement, though its denominator is shown', () => {
    const ratio = (code: string, level: SuppressionCell['level'], numerator: number, denominator: number) =>
      cell('prevalensi', level, code, denominator, { numerator, denominator });
    const cells = [ratio(KOTA, 'kota', 12, 90), ratio(A, 'kecamatan', 2, 30), ratio(B, 'kecamatan', 5, 35), ratio(C, 'kecamatan', 5, 25)];
    const hidden = suppressedCells(theme(), cells);
    // 2 ÷ 30 × 100 × 30 (the count "diukur", published) = 2; and then 12 − 5 − 5 from the siblings.
    expect(hiddenOf(hidden, cells, 'prevalensi')).toEqual([A, C]);
    // The same holds for an average's numerator and denominator: an avg over fewer than k values is hidden.
    const avg: Aggregation = { key: 'rata', title: 'Rata-rata', op: 'avg', field: '/tinggi' };
    const averages = [cell('rata', 'kecamatan', A, 20, { n: 3 }), cell('rata', 'kecamatan', B, 20, { n: 20 })];
    expect(hiddenOf(suppressedCells(theme({ aggregations: [avg] }), averages), averages, 'rata')).toEqual([A, B]);
  });

  it('defeats the two-periods case: one hidden month of two leaves the quarter unable to give it back', () => {
    const month = (key: string, n: number) => cell('diukur', 'kecamatan', A, n, { periodKey: key });
    const cells = [cell('diukur', 'kecamatan', A, 12, { granularity: 'quarter', periodKey: '2026-Q4' }), month('2026-10', 3), month('2026-11', 9)];
    const hidden = suppressedCells(theme(), cells);
    expect(hiddenOf(hidden, cells, 'diukur', (c) => c.periodKey)).toEqual(['2026-10', '2026-11']);
  });

  it('hides a coarse period of an overTime last measure when its latest period is hidden, since the two are equal', () => {
    const stock = (granularity: SuppressionCell['granularity'], key: string, n: number) => cell('stok', 'kecamatan', A, n, { granularity, periodKey: key });
    const cells = [stock('quarter', '2026-Q4', 3), stock('month', '2026-10', 20), stock('month', '2026-11', 3)];
    // Same components as its last month: hidden by the primary rule already; and when the month is hidden only as a complement:
    expect(hiddenOf(suppressedCells(theme(), cells), cells, 'stok', (c) => c.periodKey)).toEqual(['2026-11', '2026-Q4']);
    const kota = [cell('stok', 'kota', KOTA, 25), cell('stok', 'kecamatan', A, 3), cell('stok', 'kecamatan', B, 10), cell('stok', 'kecamatan', C, 12)];
    const quarters = [cell('stok', 'kecamatan', B, 10, { granularity: 'quarter', periodKey: '2026-Q4' }), cell('stok', 'kecamatan', B, 40, { periodKey: '2026-10' })];
    const hidden = suppressedCells(theme(), [...kota, ...quarters]);
    expect(hidden.has(cellKey(kota[2]))).toBe(true);
    expect(hidden.has(cellKey(quarters[0]))).toBe(true);
    expect(hidden.has(cellKey(quarters[1]))).toBe(false);
  });

  it("hides two of a measure's groups at least, since the groups add up to a known total", () => {
    const group = (value: string, n: number) => cell('per_kategori', 'kecamatan', A, n, { groupKey: JSON.stringify(value) });
    const cells = [group('normal', 20), group('pendek', 2), group('tinggi', 6), group('sangat_pendek', 8)];
    expect(hiddenOf(suppressedCells(theme(), cells), cells, 'per_kategori', (c) => c.groupKey)).toEqual(['"pendek"', '"tinggi"']);
  });

  it('answers the same whatever the order of the cells and whatever other blocks come along', () => {
    const cells = [
      cell('diukur', 'kota', KOTA, 40),
      cell('diukur', 'kecamatan', A, 3),
      cell('diukur', 'kecamatan', B, 12),
      cell('diukur', 'kecamatan', C, 12),
      cell('diukur', 'kecamatan', A, 4, { periodKey: '2026-12' }),
    ];
    const alone = [...suppressedCells(theme(), cells)].sort();
    const otherProvince = [cell('diukur', 'kota', '31.71', 8), cell('diukur', 'kecamatan', '31.71.01', 2), cell('diukur', 'kecamatan', '31.71.02', 6)];
    const together = [...suppressedCells(theme(), [...otherProvince, ...cells].reverse())].filter((key) => !key.includes('31.71')).sort();
    expect(together).toEqual(alone);
    // Ties between siblings of the same size go to the first by key, never to input order.
    expect(alone).toContain(cellKey(cells[2]));
    expect(alone).not.toContain(cellKey(cells[3]));
  });
});

describe('exposesPersonalField', () => {
  it('finds a measure that groups or filters by a personal field, never one that only sums it', () => {
    const personal = ['/nama', '/nik'];
    expect(exposesPersonalField({ key: 'a', title: 'a', op: 'count', groupBy: '/nama' }, personal)).toBe(true);
    expect(exposesPersonalField({ key: 'b', title: 'b', op: 'ratio', numerator: { where: { '/nik': { eq: '1' } } }, denominator: {} }, personal)).toBe(true);
    expect(exposesPersonalField({ key: 'c', title: 'c', op: 'count', groupBy: '/kategori' }, personal)).toBe(false);
    expect(exposesPersonalField({ key: 'd', title: 'd', op: 'sum', field: '/nik' }, personal)).toBe(false);
  });
});
