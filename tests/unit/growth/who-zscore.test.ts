import { evaluate, parseExpression } from '../../../schemas/expressions';
import {
  HEIGHT_FOR_AGE_CATEGORIES,
  heightForAgeCategory,
  WEIGHT_FOR_AGE_CATEGORIES,
  WEIGHT_FOR_HEIGHT_CATEGORIES,
  weightForAgeCategory,
  weightForHeightCategory,
  whoZScore,
  type ZScoreInput,
} from '../../../schemas/growth';
import { loadBuiltIn } from '../../support/themes';

/**
 * Reference values computed outside this code, from WHO's formula z = ((y/M)^L − 1)/(L·S) (restricted
 * beyond ±3 SD for weight) and the rows of WHO's own tables quoted beside each case
 * (../shared/data/who-growth/*.txt, sex age|length L M S), rounded to 2 decimals.
 */
const CASES: [string, ZScoreInput, number | null][] = [
  // lenanthro 1 0: 1 49.8842 0.03795 — birth, z −1.9989 rounds to −2
  ['length at birth, boy', { indicator: 'lhfa', sex: 1, ageDays: 0, value: 46.1, measured: 'L' }, -2],
  // lenanthro 2 0: 1 49.1477 0.0379
  ['length at birth, girl, below −3 SD (no restriction for length)', { indicator: 'lhfa', sex: 'P', ageDays: 0, value: 43, measured: 'L' }, -3.3],
  // lenanthro 1 730: 1 87.8018 0.03479 (the last day of the lying table)
  ['day 730 measured lying', { indicator: 'lhfa', sex: 1, ageDays: 730, value: 85, measured: 'L' }, -0.92],
  ['day 730 measured standing: 0.7 cm added', { indicator: 'lhfa', sex: 'L', ageDays: 730, value: 85, measured: 'H' }, -0.69],
  // lenanthro 1 731: 1 87.1303 0.03508 (the first day of the standing table)
  ['day 731 measured standing', { indicator: 'lhfa', sex: 1, ageDays: 731, value: 85, measured: 'H' }, -0.7],
  ['day 731 measured lying: 0.7 cm subtracted', { indicator: 'lhfa', sex: 1, ageDays: 731, value: 85, measured: 'L' }, -0.93],
  // lenanthro 2 1826: 1 109.4189 0.04346 (the tables' last day)
  ['day 1826, the last row', { indicator: 'lhfa', sex: 2, ageDays: 1826, value: 100, measured: 'H' }, -1.98],
  ['day 1827: beyond the tables', { indicator: 'lhfa', sex: 2, ageDays: 1827, value: 100, measured: 'H' }, null],
  ['day 1856: beyond the tables', { indicator: 'wfa', sex: 1, ageDays: 1856, value: 18, measured: null }, null],
  // weianthro 1 0: 0.3487 3.3464 0.14602 — the median is z 0
  ['weight at birth on the median', { indicator: 'wfa', sex: 1, ageDays: 0, value: 3.3464 }, 0],
  // weianthro 2 365: −0.2022 8.9462 0.12267; −3 SD 6.2731, −2 SD 7.0412, +2 SD 11.5059, +3 SD 13.1136
  ['weight far below −3 SD: restricted (LMS alone says −5.03)', { indicator: 'wfa', sex: 2, ageDays: 365, value: 5 }, -4.66],
  ['weight far above +3 SD: restricted (LMS alone says 4.00)', { indicator: 'wfa', sex: 2, ageDays: 365, value: 15 }, 4.17],
  ['weight exactly on −3 SD', { indicator: 'wfa', sex: 2, ageDays: 365, value: 6.273080357180515 }, -3],
  ['weight exactly on +3 SD', { indicator: 'wfa', sex: 2, ageDays: 365, value: 13.113608655778037 }, 3],
  // wflanthro 1 45.0: −0.3521 2.441 0.09182 (the first row)
  ['weight-for-length at 45 cm', { indicator: 'wflh', sex: 1, ageDays: 10, value: 2, measured: 'L', lengthCm: 45 }, -2.25],
  ['weight-for-length below 45 cm', { indicator: 'wflh', sex: 1, ageDays: 10, value: 2, measured: 'L', lengthCm: 44.9 }, null],
  // wflanthro 1 110.0: −0.3521 18.2689 0.08755 (the last row)
  ['weight-for-length at 110 cm', { indicator: 'wflh', sex: 1, ageDays: 700, value: 18, measured: 'L', lengthCm: 110 }, -0.17],
  ['weight-for-length above 110 cm', { indicator: 'wflh', sex: 1, ageDays: 700, value: 18, measured: 'L', lengthCm: 110.1 }, null],
  // wflanthro 1 65.3: −0.3521 7.338 0.0822 and 65.4: −0.3521 7.3617 0.08219, half-way
  ['weight-for-length between two rows interpolates', { indicator: 'wflh', sex: 1, ageDays: 300, value: 7.5, measured: 'L', lengthCm: 65.35 }, 0.25],
  // wfhanthro 2 65.0: −0.3833 7.2402 0.09113 (the first row of the standing table)
  ['weight-for-height at 65 cm', { indicator: 'wflh', sex: 2, ageDays: 1000, value: 7, measured: 'H', lengthCm: 65 }, -0.37],
  // wfhanthro 2 120.0: −0.3833 22.8173 0.09828; LMS alone says 3.48
  ['weight-for-height above +3 SD: restricted', { indicator: 'wflh', sex: 2, ageDays: 1000, value: 30, measured: 'H', lengthCm: 120 }, 2.64],
  // wfhanthro 1 80.0: −0.3521 10.5781 0.08298; standing table from day 731, lying length minus 0.7
  ['weight-for-height measured lying at 800 days', { indicator: 'wflh', sex: 1, ageDays: 800, value: 11, measured: 'L', lengthCm: 80.7 }, 0.47],
  // wflanthro 1 80.7: −0.3521 10.5781 0.08298; lying table before day 731, standing height plus 0.7
  ['weight-for-length measured standing at 700 days', { indicator: 'wflh', sex: 1, ageDays: 700, value: 11, measured: 'H', lengthCm: 80 }, 0.47],
  ['an unknown sex', { indicator: 'lhfa', sex: 3, ageDays: 100, value: 60, measured: 'L' }, null],
  ['lhfa without how it was measured', { indicator: 'lhfa', sex: 1, ageDays: 100, value: 60, measured: null }, null],
  ['a negative age', { indicator: 'wfa', sex: 1, ageDays: -1, value: 3 }, null],
  ['a weight of zero', { indicator: 'wfa', sex: 1, ageDays: 10, value: 0 }, null],
  ['an age in part days rounds to the nearest day', { indicator: 'lhfa', sex: 1, ageDays: 0.4, value: 46.1, measured: 'L' }, -2],
];

describe('who_zscore (WHO Child Growth Standards 2006)', () => {
  it.each(CASES)('%s', (_, input, expected) => {
    expect(whoZScore(input)).toBe(expected);
  });

  it('gives the same values through the expression language', () => {
    const text = "who_zscore('wflh', ${sex}, ${age}, ${weight}, ${measured}, ${length})";
    expect(evaluate(parseExpression(text), { sex: 'P', age: 1000, weight: 30, measured: 'H', length: 120 })).toBe(2.64);
    expect(evaluate(parseExpression("who_zscore('lhfa', 'L', 730, 85, 'H')"), {})).toBe(-0.69);
    expect(evaluate(parseExpression("who_zscore('lhfa', 'L', 730, 85, 'H', null)"), {})).toBe(-0.69);
  });

  it('answers huge, tiny and non-numbers with nothing rather than a number', () => {
    expect(whoZScore({ indicator: 'wfa', sex: 1, ageDays: 1e308, value: 3 })).toBeNull();
    expect(whoZScore({ indicator: 'wfa', sex: 1, ageDays: 10, value: 1e308 })).toBe(null);
    expect(whoZScore({ indicator: 'wfa', sex: 1, ageDays: Number.NaN, value: 3 })).toBeNull();
    // lenanthro 1 10: 1 51.6427 0.03693 → (y/M − 1)/S tends to −1/S
    expect(whoZScore({ indicator: 'lhfa', sex: 1, ageDays: 10, value: 1e-300, measured: 'L' })).toBe(-27.08);
  });
});

describe('Permenkes 2/2020 categories', () => {
  it.each([
    [-3.01, 'sangat_pendek', 'sangat_kurang', 'gizi_buruk'],
    [-3, 'pendek', 'kurang', 'gizi_kurang'],
    [-2.01, 'pendek', 'kurang', 'gizi_kurang'],
    [-2, 'normal', 'normal', 'gizi_baik'],
    [1, 'normal', 'normal', 'gizi_baik'],
    [1.01, 'normal', 'risiko_lebih', 'berisiko_gizi_lebih'],
    [2, 'normal', 'risiko_lebih', 'berisiko_gizi_lebih'],
    [2.01, 'normal', 'risiko_lebih', 'gizi_lebih'],
    [3, 'normal', 'risiko_lebih', 'gizi_lebih'],
    [3.01, 'tinggi', 'risiko_lebih', 'obesitas'],
  ])('z %p: TB/U %s, BB/U %s, BB/TB %s', (z, tbu, bbu, bbtb) => {
    expect(heightForAgeCategory(z)).toBe(tbu);
    expect(weightForAgeCategory(z)).toBe(bbu);
    expect(weightForHeightCategory(z)).toBe(bbtb);
  });

  it('has no category without a z-score', () => {
    expect(heightForAgeCategory(null)).toBeNull();
    expect(weightForAgeCategory(null)).toBeNull();
    expect(weightForHeightCategory(null)).toBeNull();
  });
});

describe('the built-in stunting theme keeps the Permenkes categories', () => {
  const stunting = loadBuiltIn('stunting');
  const properties = (stunting.schema as { properties: Record<string, { enum?: string[] }> }).properties;
  const expressionOf = (field: string): string => stunting.calculations!.find((calculation) => calculation.field === field)!.expression;
  const indicators = [
    { zscore: 'zscore_tbu', category: 'kategori_tbu', official: HEIGHT_FOR_AGE_CATEGORIES, categoryOf: heightForAgeCategory },
    { zscore: 'zscore_bbu', category: 'kategori_bbu', official: WEIGHT_FOR_AGE_CATEGORIES, categoryOf: weightForAgeCategory },
    { zscore: 'zscore_bbtb', category: 'kategori_bbtb', official: WEIGHT_FOR_HEIGHT_CATEGORIES, categoryOf: weightForHeightCategory },
  ];

  it.each(indicators)('offers exactly the official choices for $category', ({ category, official }) => {
    expect(properties[category].enum).toEqual([...official]);
  });

  // The theme writes each cut-off as an expression an admin can read; every boundary of every category
  // must fall where the regulation puts it.
  const zScores = [-6, -3.01, -3, -2.99, -2.01, -2, -1.99, 0, 0.99, 1, 1.01, 1.99, 2, 2.01, 2.99, 3, 3.01, 6];
  it.each(indicators)('computes $category as Permenkes 2/2020 does, at every boundary', ({ zscore, category, categoryOf }) => {
    const expression = parseExpression(expressionOf(`/${category}`));
    for (const z of zScores) expect([z, evaluate(expression, { [zscore]: z })]).toEqual([z, categoryOf(z)]);
    // No z-score (a value outside WHO's tables): no category, never "normal" by default.
    expect(evaluate(expression, {})).toBeNull();
  });
});
