import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { Aggregation, aggregationInputs, DEFAULT_SUPPRESS_BELOW, ThemeDefinition } from '../../../../schemas/theme-definition';
import { sumSource } from './aggregation-sql';
import { coarsePeriodKey, Granularity } from './granularity';

/**
 * Small-cell suppression, the one rule every output applies (JSON, CSV, XLSX, exports): pure, over
 * a set of stored cells and their components.
 *
 * Primary: on a sensitive theme (on a personal one below kelurahan level) a number resting on fewer
 * than k submissions is hidden — the cell itself, a count-where, the numerator or denominator behind
 * a ratio or an average — and min/max are never shown.
 *
 * Complementary: every published relation "total = its parts" — a region and its children, a measure's
 * groups and their (known) total, a coarse period and the finer periods inside it (for `overTime:
 * last`, the latest of them) — must never have exactly one hidden member, or subtraction recovers it.
 * Such a relation hides its smallest visible part too (fewest submissions, then key), or its total
 * when no part is left, until no relation has a lone hidden member.
 *
 * The outcome for a cell depends only on its block — (measure, province, year; all periods for a
 * daily theme, whose ISO weeks straddle years) over every level, granularity and group — since no
 * relation crosses one: callers pass whole blocks, and any two queries agree on every cell.
 */

export interface SuppressionCell {
  measure: string;
  level: RegionLevel;
  granularity: Granularity;
  periodKey: string;
  regionCode: string;
  groupKey: string;
  rowCount: number;
  n: number;
  numerator: number | null;
  denominator: number | null;
}

export type SuppressionTheme = Pick<ThemeDefinition, 'sensitivity' | 'suppressBelow' | 'aggregations' | 'period' | 'regionLevel'>;

const KELURAHAN = REGION_LEVELS.indexOf('kelurahan');

export function cellKey(cell: Pick<SuppressionCell, 'measure' | 'level' | 'granularity' | 'periodKey' | 'regionCode' | 'groupKey'>): string {
  return `${cell.measure}|${cell.level}|${cell.granularity}|${cell.periodKey}|${cell.regionCode}|${cell.groupKey}`;
}

/** Whether small numbers are hidden at this level of the theme. */
export function suppressedAt(theme: Pick<ThemeDefinition, 'sensitivity'>, level: RegionLevel): boolean {
  return theme.sensitivity === 'sensitive' || (theme.sensitivity === 'personal' && REGION_LEVELS.indexOf(level) > KELURAHAN);
}

/** Whether anything of the theme can be suppressed: readers skip the work otherwise. */
export function themeSuppresses(theme: Pick<ThemeDefinition, 'sensitivity' | 'regionLevel'>): boolean {
  return suppressedAt(theme, theme.regionLevel);
}

/** The block a cell's suppression is decided in (see above). */
export function blockKey(theme: Pick<ThemeDefinition, 'period'>, cell: Pick<SuppressionCell, 'measure' | 'regionCode' | 'periodKey'>): string {
  return `${cell.measure}|${provinceOf(cell.regionCode)}|${blockPeriod(theme, cell.periodKey)}`;
}

export function provinceOf(regionCode: string): string {
  return regionCode.split('.')[0];
}

/** The year of a period key (ISO week-year for weeks, as coarse periods assign them); `*` for a daily theme. */
export function blockPeriod(theme: Pick<ThemeDefinition, 'period'>, periodKey: string): string {
  return theme.period === 'day' ? '*' : periodKey.slice(0, 4);
}

/** True when a measure groups or filters by a personal field, so its cells would show one to an OPD. */
export function exposesPersonalField(aggregation: Aggregation, personalFields: readonly string[]): boolean {
  return aggregationInputs(aggregation).some((input) => input.kind !== 'field' && personalFields.includes(input.pointer));
}

function small(value: number | null, k: number): boolean {
  return value !== null && value > 0 && value < k;
}

/** The primary rule for one cell. A ratio side without a field counts submissions: its value is its contributors. */
function primarySuppressed(aggregation: Aggregation, cell: SuppressionCell, k: number): boolean {
  if (aggregation.op === 'min' || aggregation.op === 'max') return true;
  if (cell.rowCount < k) return true;
  if (aggregation.op !== 'ratio') return small(cell.n, k);
  const contributors = (side: Aggregation['numerator'], value: number | null) => (side?.field === undefined ? value : cell.n);
  return small(contributors(aggregation.numerator, cell.numerator), k) || small(contributors(aggregation.denominator, cell.denominator), k);
}

/** A relation "total = parts": `total` is a cell key, or null when the total is known without a cell. */
interface Relation {
  total: string | null;
  parts: string[];
}

/** The keys of the cells to hide. Cells of themes or levels without suppression never are. */
export function suppressedCells(theme: SuppressionTheme, cells: readonly SuppressionCell[]): Set<string> {
  const hidden = new Set<string>();
  if (!themeSuppresses(theme)) return hidden;
  const k = theme.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  const aggregations = new Map(theme.aggregations.map((aggregation) => [aggregation.key, aggregation]));
  const sorted = [...cells].filter((cell) => aggregations.has(cell.measure)).map((cell) => ({ cell, key: cellKey(cell) }));
  sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map(sorted.map(({ cell, key }) => [key, cell]));

  for (const { cell, key } of sorted) {
    if (suppressedAt(theme, cell.level) && primarySuppressed(aggregations.get(cell.measure)!, cell, k)) hidden.add(key);
  }
  if (!hidden.size) return hidden;

  const relations = buildRelations(theme, aggregations, sorted, byKey);
  const relationsOf = new Map<string, number[]>();
  relations.forEach((relation, index) => {
    for (const key of relation.total === null ? relation.parts : [relation.total, ...relation.parts]) {
      relationsOf.set(key, [...(relationsOf.get(key) ?? []), index]);
    }
  });
  const size = (key: string) => byKey.get(key)!.rowCount;
  const queue = relations.map((_, index) => index);
  const queued = new Set(queue);
  while (queue.length) {
    const index = queue.shift()!;
    queued.delete(index);
    const { total, parts } = relations[index];
    const members = total === null ? parts : [total, ...parts];
    if (members.filter((key) => hidden.has(key)).length !== 1) continue;
    const visible = parts.filter((key) => !hidden.has(key)).sort((a, b) => size(a) - size(b) || (a < b ? -1 : a > b ? 1 : 0));
    const next = visible[0] ?? (total !== null && !hidden.has(total) ? total : undefined);
    if (next === undefined) continue;
    hidden.add(next);
    for (const other of relationsOf.get(next) ?? []) {
      if (!queued.has(other)) {
        queued.add(other);
        queue.push(other);
      }
    }
  }
  return hidden;
}

function buildRelations(
  theme: SuppressionTheme,
  aggregations: Map<string, Aggregation>,
  sorted: { cell: SuppressionCell; key: string }[],
  byKey: Map<string, SuppressionCell>,
): Relation[] {
  const relations = new Map<string, Relation>();
  const add = (id: string, total: string | null, part: string) => {
    let relation = relations.get(id);
    if (!relation) relations.set(id, (relation = { total: total !== null && byKey.has(total) ? total : null, parts: [] }));
    relation.parts.push(part);
  };
  // For `overTime: last`, the latest finer period of each (measure, level, region, coarse period).
  const latest = new Map<string, string>();
  const coarse = (cell: SuppressionCell, target: Granularity) => coarsePeriodKey(cell.granularity, target, cell.periodKey);
  const targetsOf = (granularity: Granularity): Granularity[] =>
    (['week', 'month', 'quarter', 'year'] as Granularity[]).filter((target) => target !== granularity && theme.period !== 'none' && sumSource(theme.period, target) === granularity);

  for (const { cell } of sorted) {
    if (aggregations.get(cell.measure)!.overTime !== 'last') continue;
    for (const target of targetsOf(cell.granularity)) {
      const id = `${cell.measure}|${cell.level}|${target}|${coarse(cell, target)}|${cell.regionCode}`;
      const seen = latest.get(id);
      if (seen === undefined || cell.periodKey > seen) latest.set(id, cell.periodKey);
    }
  }

  for (const { cell, key } of sorted) {
    const aggregation = aggregations.get(cell.measure)!;
    const depth = REGION_LEVELS.indexOf(cell.level);
    if (depth > 0) {
      const parent = cellKey({ ...cell, level: REGION_LEVELS[depth - 1], regionCode: cell.regionCode.slice(0, cell.regionCode.lastIndexOf('.')) });
      add(`region ${parent}`, parent, key);
    }
    if (aggregation.groupBy !== undefined) add(`groups ${cell.measure}|${cell.level}|${cell.granularity}|${cell.periodKey}|${cell.regionCode}`, null, key);
    for (const target of targetsOf(cell.granularity)) {
      const period = coarse(cell, target);
      if (aggregation.overTime === 'last' && latest.get(`${cell.measure}|${cell.level}|${target}|${period}|${cell.regionCode}`) !== cell.periodKey) continue;
      const total = cellKey({ ...cell, granularity: target, periodKey: period });
      add(`periods ${total}`, total, key);
    }
  }
  return [...relations.values()];
}
