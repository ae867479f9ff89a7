import { ancestorScope, coarseScope } from '../../../server/src/modules/aggregation/aggregation-engine.service';
import { baseCellStatements, deleteBaseCells, recomputePasses, recomputeStatements, regionRollupStatements, timeRollupStatements } from '../../../server/src/modules/aggregation/aggregation-sql';
import { derivedValue } from '../../../server/src/modules/aggregation/aggregation.service';
import type { Aggregation } from '../../../schemas/theme-definition';

const THEME = '00000000-0000-4000-8000-000000000001';
const HOSTILE = "/x'); DROP TABLE submission; --";
const CELLS = { regions: ['18.72.01.1001', '18.72.01.1002'], periods: ['2026-11-02', '2026-11-03'] };

function placeholders(sql: string): number[] {
  return [...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
}

describe('aggregation SQL builder', () => {
  const aggregations: Aggregation[] = [
    { key: 'n', title: 'n', op: 'count' },
    { key: 'total', title: 'total', op: 'sum', field: HOSTILE, where: { [HOSTILE]: { in: ["a'b", 'c'] }, '/umur': { gte: 5, lte: 10 } } },
    { key: 'per', title: 'per', op: 'count', groupBy: '/kategori' },
    { key: 'rasio', title: 'rasio', op: 'ratio', numerator: { where: { '/ok': { eq: true } } }, denominator: {}, scale: 100 },
    { key: "k'ey", title: 'k', op: 'avg', field: '/tinggi', groupBy: '/kategori', overTime: 'last' },
  ];

  it('binds every pointer, value and key as a parameter: nothing from a definition reaches the SQL text', () => {
    const statements = baseCellStatements(aggregations, THEME, 'kelurahan', 'day', CELLS);
    for (const { sql, params } of statements) {
      expect(sql).not.toMatch(/DROP|a'b|k'ey|kategori|tinggi|umur/);
      expect(Math.max(...placeholders(sql))).toBe(params.length);
      expect(new Set(placeholders(sql)).size).toBe(params.length);
    }
    const params = statements.flatMap((statement) => statement.params);
    // A one-token pointer is bound as its key, a longer one as its path.
    expect(params).toContain("x'); DROP TABLE submission; --");
    expect(params).toContainEqual(['"a\'b"', '"c"']);
    expect(params).toContain("k'ey");
    // The listed cells are bound too, as arrays.
    expect(params).toContainEqual(CELLS.regions);
    expect(params).toContainEqual(CELLS.periods);
    expect(statements.every((s) => !/18\.72|2026-/.test(s.sql))).toBe(true);
  });

  it('makes one pass over the submissions per distinct groupBy, each computing all of its measures', () => {
    const statements = baseCellStatements(aggregations, THEME, 'kelurahan', 'day', CELLS);
    expect(statements).toHaveLength(2);
    for (const { sql } of statements) expect(sql.match(/FROM submission s/g)).toHaveLength(1);
    expect(statements[0].params.filter((p) => ['n', 'total', 'rasio'].includes(p as string))).toEqual(['n', 'total', 'rasio']);
    expect(statements[1].params.filter((p) => ['per', "k'ey"].includes(p as string))).toEqual(['per', "k'ey"]);
    expect(statements[0].sql).toContain("s.current AND NOT s.is_test AND s.status <> 'rejected'");
  });

  it('binds a nested pointer as its path', () => {
    const [statement] = baseCellStatements([{ key: 'd', title: 'd', op: 'sum', field: '/a~1b/c' }], THEME, 'kelurahan', 'day', CELLS);
    expect(statement.params).toContainEqual(['a/b', 'c']);
    expect(statement.sql).not.toMatch(/a\/b/);
  });

  it('recomputes with one scan of the submissions per distinct groupBy, binding everything from the definition', () => {
    const statements = recomputeStatements(aggregations, THEME, 'kelurahan', 'day');
    for (const { sql, params } of statements) {
      expect(sql).not.toMatch(/; DROP|a'b|k'ey|kategori|tinggi|umur/);
      if (!params.length) continue;
      expect(Math.max(...placeholders(sql))).toBe(params.length);
      expect(new Set(placeholders(sql)).size).toBe(params.length);
    }
    const scans = statements.filter((s) => /FROM submission s WHERE s\.theme_id/.test(s.sql));
    expect(scans).toHaveLength(1);
    expect(scans[0].sql).toContain("s.current AND NOT s.is_test AND s.status <> 'rejected'");
    // Measures without a groupBy ride along with the first grouped pass.
    expect(recomputePasses(aggregations).map((pass) => [pass.groupBy, pass.measures.map((m) => m.key), pass.riders.map((m) => m.key)])).toEqual([
      ['/kategori', ['per', "k'ey"], ['n', 'total', 'rasio']],
    ]);
    const twoGroups = [...aggregations, { key: 'per_jenis', title: 'j', op: 'count' as const, groupBy: '/jenis' }];
    expect(recomputeStatements(twoGroups, THEME, 'kelurahan', 'day').filter((s) => /FROM submission s WHERE s\.theme_id/.test(s.sql))).toHaveLength(2);
    expect(recomputePasses([aggregations[0]])).toEqual([{ groupBy: undefined, measures: [aggregations[0]], riders: [] }]);
    // No measures left: every old cell of the theme goes.
    const none = recomputeStatements([], THEME, 'kelurahan', 'day');
    expect(none.map((s) => s.sql.split(/\s/)[0])).toEqual(['SET', 'MERGE', 'DELETE', 'RESET']);
    for (const { sql, params } of none) if (params.length) expect(Math.max(...placeholders(sql))).toBe(params.length);
    // The theme's cells are written by the last statements only (the rest fills session-local tables).
    const writes = statements.filter((s) => /(INSERT INTO|MERGE INTO|DELETE FROM|UPDATE) aggregate_cell/.test(s.sql));
    expect(writes.map((s) => s.sql.split(/\s/)[0])).toEqual(['MERGE', 'DELETE']);
    expect(statements.slice(-3, -1)).toEqual(writes);
    expect(statements.filter((s) => /^(INSERT|CREATE)/.test(s.sql)).every((s) => /^(INSERT INTO wk_recompute_|CREATE TEMP TABLE wk_recompute_\w+ ON COMMIT DROP)/.test(s.sql))).toBe(true);
  });

  it('deletes the listed base cells only, binding them', () => {
    const { sql, params } = deleteBaseCells(THEME, 'kelurahan', 'day', CELLS);
    expect(sql).toMatch(/^DELETE FROM aggregate_cell WHERE ctid = ANY/);
    expect(sql).not.toMatch(/18\.72|2026-|kelurahan/);
    expect(params).toEqual([THEME, 'kelurahan', 'day', CELLS.regions, CELLS.periods]);
    expect(new Set(placeholders(sql)).size).toBe(params.length);
    expect(Math.max(...placeholders(sql))).toBe(params.length);
  });

  it('numbers the placeholders of the roll-up statements consistently, binding the listed cells and measure keys', () => {
    const week = { regions: ['a'], periods: ['2026-W45'], firsts: ['2026-11-02'], lasts: ['2026-11-08'] };
    // A year adds its quarters for sums, its days for `last` and `avg`: two different source ranges.
    const year = { regions: ['a', 'b'], periods: ['2026', '2026'], firsts: ['2026-01-01', '2026-01-01'], lasts: ['2026-12-31', '2026-12-31'] };
    const yearFromQuarters = { regions: ['a', 'b'], periods: ['2026', '2026'], firsts: ['2026-Q1', '2026-Q1'], lasts: ['2026-Q4', '2026-Q4'] };
    const ancestors = { regions: ['18.72.01', '18.72.02'], granularities: ['day', 'month'], periods: ['2026-11-02', '2026-11'] };
    const weekly = timeRollupStatements(aggregations, THEME, 'kelurahan', 'day', 'week', week);
    const yearly = timeRollupStatements(aggregations, THEME, 'kelurahan', 'day', 'year', year, yearFromQuarters);
    const regional = [...regionRollupStatements(THEME, 'kecamatan', 'kelurahan', ancestors), ...regionRollupStatements(THEME, 'kota', 'kecamatan', ancestors)];
    // Delete, then one statement for the summed measures and one for `last`.
    expect(weekly.map((s) => s.sql.split(/\s/)[0])).toEqual(['DELETE', 'INSERT', 'INSERT']);
    expect(regional.map((s) => s.sql.split(/\s/)[0])).toEqual(['DELETE', 'INSERT', 'DELETE', 'INSERT']);
    for (const { sql, params } of [...weekly, ...yearly, ...regional]) {
      expect(sql).not.toMatch(/k'ey|18\.72|2026|kelurahan|kecamatan/);
      expect(new Set(placeholders(sql)).size).toBe(params.length);
      expect(Math.max(...placeholders(sql))).toBe(params.length);
    }
    // Sums read the quarters of the source scope, `last` the days of the scope.
    const [, summed, windowed] = yearly;
    expect(summed.params).toEqual(expect.arrayContaining(['quarter', ['n', 'total', 'per', 'rasio'], yearFromQuarters.firsts, yearFromQuarters.lasts]));
    expect(summed.params).not.toContainEqual(year.firsts);
    expect(windowed.params).toEqual(expect.arrayContaining(['day', ["k'ey"], year.firsts, year.lasts]));
    expect(windowed.params).not.toContainEqual(yearFromQuarters.firsts);
    expect(regional[1].params).toEqual(expect.arrayContaining([ancestors.regions, ancestors.granularities, ancestors.periods]));
  });
});

describe('derived values come from components only', () => {
  const cell = { n: '4', valueSum: '420', valueMin: '90', valueMax: '120', numerator: '3', denominator: '12' };
  it.each([
    ['count', {}, 4],
    ['sum', {}, 420],
    ['avg', {}, 105],
    ['min', {}, 90],
    ['max', {}, 120],
    ['ratio', { scale: 100 }, 25],
    ['ratio', {}, 0.25],
  ] as const)('%s %p', (op, extra, expected) => {
    expect(derivedValue({ key: 'k', title: 't', op, ...extra }, cell)).toBeCloseTo(expected, 12);
  });

  it('answers null for an average of nothing or a ratio over zero, and 0 for a sum of nothing', () => {
    const empty = { n: '0', valueSum: null, valueMin: null, valueMax: null, numerator: '0', denominator: '0' };
    expect(derivedValue({ key: 'k', title: 't', op: 'avg' }, empty)).toBeNull();
    expect(derivedValue({ key: 'k', title: 't', op: 'ratio' }, empty)).toBeNull();
    expect(derivedValue({ key: 'k', title: 't', op: 'sum' }, empty)).toBe(0);
  });
});

describe('the engine computes what a refresh touches', () => {
  it('lists each coarse cell once, with the base periods inside it', () => {
    const cells = [
      { regionCode: 'A', periodKey: '2026-11-02' },
      { regionCode: 'A', periodKey: '2026-11-03' },
      { regionCode: 'B', periodKey: '2026-11-09' },
    ];
    expect(coarseScope('day', 'week', cells)).toEqual({ regions: ['A', 'B'], periods: ['2026-W45', '2026-W46'], firsts: ['2026-11-02', '2026-11-09'], lasts: ['2026-11-08', '2026-11-15'] });
    expect(coarseScope('day', 'month', cells)).toEqual({ regions: ['A', 'B'], periods: ['2026-11', '2026-11'], firsts: ['2026-11-01', '2026-11-01'], lasts: ['2026-11-30', '2026-11-30'] });
  });

  it('lists each ancestor cell once', () => {
    const marks = [
      { regionCode: '18.72.01.1001', granularity: 'day', periodKey: '2026-11-02' },
      { regionCode: '18.72.01.1002', granularity: 'day', periodKey: '2026-11-02' },
      { regionCode: '18.72.02.1001', granularity: 'month', periodKey: '2026-11' },
    ];
    expect(ancestorScope(marks, 3)).toEqual({ regions: ['18.72.01', '18.72.02'], granularities: ['day', 'month'], periods: ['2026-11-02', '2026-11'] });
    expect(ancestorScope(marks, 2)).toEqual({ regions: ['18.72', '18.72'], granularities: ['day', 'month'], periods: ['2026-11-02', '2026-11'] });
  });
});
