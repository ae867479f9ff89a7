/**
 * Z-scores of the WHO Child Growth Standards (2006), the tables Permenkes No. 2 Tahun 2020 adopts,
 * computed as WHO Anthro computes them:
 * - age in whole days (rounded), looked up in the day-by-day tables (0–1826 days);
 * - length/height-for-age: recumbent length before 731 days, standing height from 731; a child measured
 *   the other way gets 0.7 cm added (standing < 731 days) or subtracted (lying ≥ 731 days) first;
 * - weight-for-length (45–110 cm) before 731 days, weight-for-height (65–120 cm) from 731, after the same
 *   0.7 cm correction; a length between two 0.1 cm rows interpolates L, M and S linearly;
 * - z = ((y / M)^L − 1) / (L × S); for the weight-based indicators, beyond ±3 SD the distance between
 *   the 2 and 3 SD curves is the unit (WHO's restricted application of the LMS method);
 * - no value (null) outside the tables, for impossible inputs, or an unknown sex.
 * The result is rounded to 2 decimals. Source and attribution: who-2006/SOURCE.md.
 */
import lhfaTable from './who-2006/lhfa.json';
import wfaTable from './who-2006/wfa.json';
import wflTable from './who-2006/wfl.json';
import wfhTable from './who-2006/wfh.json';

export type GrowthIndicator = 'lhfa' | 'wfa' | 'wflh';
export const GROWTH_INDICATORS: readonly GrowthIndicator[] = ['lhfa', 'wfa', 'wflh'];

/** 1 laki-laki, 2 perempuan. */
export type Sex = 1 | 2;
/** `L` lying (recumbent length), `H` standing (height). */
export type Measured = 'L' | 'H';

interface SexTable {
  start: number;
  l: number | number[];
  m: number[];
  s: number[];
}
interface LmsTable {
  step: number;
  sexes: Record<string, SexTable>;
}
interface Lms {
  l: number;
  m: number;
  s: number;
}

/** Day 731 is the first day measured standing (WHO: two years = 730.5 days, rounded up). */
export const STANDING_FROM_DAY = 731;
const LYING_STANDING_CM = 0.7;

const TABLES: Record<'lhfa' | 'wfa' | 'wfl' | 'wfh', LmsTable> = { lhfa: lhfaTable, wfa: wfaTable, wfl: wflTable, wfh: wfhTable };

/** `1`, `'1'`, `'L'`, `'laki_laki'`… → 1; `2`, `'P'`, `'perempuan'`… → 2; anything else null. */
export function sexOf(value: unknown): Sex | null {
  if (value === 1 || value === 2) return value;
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if (word === '1' || word === 'l' || word === 'm' || word === 'laki_laki' || word === 'laki-laki' || word === 'laki laki' || word === 'male') return 1;
  if (word === '2' || word === 'p' || word === 'f' || word === 'perempuan' || word === 'female') return 2;
  return null;
}

/** `'L'`, `'terlentang'`, `'lying'` → L; `'H'`, `'berdiri'`, `'standing'` → H; anything else null. */
export function measuredOf(value: unknown): Measured | null {
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if (word === 'l' || word === 'terlentang' || word === 'lying' || word === 'recumbent') return 'L';
  if (word === 'h' || word === 'berdiri' || word === 'standing') return 'H';
  return null;
}

function rowAt(table: SexTable, row: number): Lms {
  return { l: typeof table.l === 'number' ? table.l : table.l[row], m: table.m[row], s: table.s[row] };
}

/** LMS at an index value: exact on a row, interpolated between two rows, null outside the table. */
function lmsAt(table: LmsTable, sex: Sex, index: number): Lms | null {
  const sexTable = table.sexes[String(sex)];
  // Rounded to 1e-9 steps first so 65.3 cm is row 3 of a 0.1 cm table, not row 2.9999999.
  const position = Math.round(((index - sexTable.start) / table.step) * 1e9) / 1e9;
  const last = sexTable.m.length - 1;
  if (!(position >= 0 && position <= last)) return null;
  const low = Math.floor(position);
  const fraction = position - low;
  const lower = rowAt(sexTable, low);
  if (fraction === 0) return lower;
  const upper = rowAt(sexTable, low + 1);
  const between = (a: number, b: number): number => a + (b - a) * fraction;
  return { l: between(lower.l, upper.l), m: between(lower.m, upper.m), s: between(lower.s, upper.s) };
}

/** The value at z SD of an LMS curve. */
function curve({ l, m, s }: Lms, z: number): number {
  return l === 0 ? m * Math.exp(s * z) : m * Math.pow(1 + l * s * z, 1 / l);
}

function lmsZ(lms: Lms, y: number, restricted: boolean): number {
  const { l, m, s } = lms;
  const z = l === 0 ? Math.log(y / m) / s : (Math.pow(y / m, l) - 1) / (l * s);
  if (!restricted || Math.abs(z) <= 3) return z;
  if (z > 3) {
    const sd3 = curve(lms, 3);
    return 3 + (y - sd3) / (sd3 - curve(lms, 2));
  }
  const sd3 = curve(lms, -3);
  return -3 + (y - sd3) / (curve(lms, -2) - sd3);
}

/** Half away from zero, to `digits` decimals; the same on server and client (one code). */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  // Beyond 2^53 a double has no decimals left to round (and × factor could overflow).
  if (!(Math.abs(value) * factor < Number.MAX_SAFE_INTEGER)) return value;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** The length a lying (L) or standing (H) measurement would have had, measured as WHO expects at that age. */
function correctedLength(lengthCm: number, measured: Measured, standing: boolean): number {
  if (standing && measured === 'L') return lengthCm - LYING_STANDING_CM;
  if (!standing && measured === 'H') return lengthCm + LYING_STANDING_CM;
  return lengthCm;
}

export interface ZScoreInput {
  indicator: GrowthIndicator;
  sex: unknown;
  /** Age in days on the day of measurement (rounded to a whole day). */
  ageDays: number | null;
  /** Length/height in cm for lhfa; weight in kg for wfa and wflh. */
  value: number | null;
  measured?: unknown;
  /** Length/height in cm, for wflh. */
  lengthCm?: number | null;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** WHO 2006 z-score, rounded to 2 decimals; null when it cannot be computed from the tables. */
export function whoZScore(input: ZScoreInput): number | null {
  const sex = sexOf(input.sex);
  const { ageDays, value } = input;
  if (sex === null || !isNumber(ageDays) || !isNumber(value) || value <= 0 || ageDays < 0) return null;
  const day = Math.round(ageDays);
  const standing = day >= STANDING_FROM_DAY;
  let z: number | null = null;
  if (input.indicator === 'wfa') {
    const lms = lmsAt(TABLES.wfa, sex, day);
    z = lms && lmsZ(lms, value, true);
  } else if (input.indicator === 'lhfa') {
    const measured = measuredOf(input.measured);
    const lms = measured && lmsAt(TABLES.lhfa, sex, day);
    z = lms && measured ? lmsZ(lms, correctedLength(value, measured, standing), false) : null;
  } else if (input.indicator === 'wflh') {
    const measured = measuredOf(input.measured);
    const length = input.lengthCm;
    // Weight-for-length/height is for children under five, the same days as the age tables.
    if (measured && isNumber(length) && length > 0 && lmsAt(TABLES.wfa, sex, day)) {
      const lms = lmsAt(standing ? TABLES.wfh : TABLES.wfl, sex, correctedLength(length, measured, standing));
      z = lms && lmsZ(lms, value, true);
    }
  }
  // A z-score in the thousands is a typing error, not a child: no value rather than an absurd one.
  return z !== null && Number.isFinite(z) && Math.abs(z) < 1000 ? roundTo(z, 2) : null;
}
