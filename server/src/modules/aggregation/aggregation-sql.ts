import type { Aggregation, Condition, Where } from '../themes/theme-definition';
import { pointerTokens } from '../themes/theme-definition';
import { coarsePeriodSql, Granularity } from './granularity';

/**
 * Builds the SQL of the aggregation engine. Everything a definition says (pointers, filter values,
 * measure keys) becomes a bound parameter; the SQL text is assembled from fixed fragments only, so no
 * definition can change what a statement does.
 */

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

type Cast = 'text' | 'text[]' | 'jsonb' | 'jsonb[]' | 'numeric' | 'uuid' | 'int';

/** Collects parameters and hands out their placeholders; one placeholder per distinct pointer. */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly pointers = new Map<string, string>();

  add(value: unknown, cast: Cast): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  pointer(pointer: string): string {
    let placeholder = this.pointers.get(pointer);
    if (!placeholder) {
      placeholder = this.add(pointerTokens(pointer), 'text[]');
      this.pointers.set(pointer, placeholder);
    }
    return placeholder;
  }
}

/** Which base cells a statement covers: the listed (region, period) pairs, or every cell of the theme. */
export type CellScope = { regions: string[]; periods: string[] } | 'all';

const CELL_COLUMNS = 'theme_id, level, granularity, period_key, region_code, measure, group_key, row_count, n, value_sum, value_min, value_max, numerator, denominator';

/** Only what counts: current revisions, never test fills or rejected submissions. */
const COUNTED = `s.current AND NOT s.is_test AND s.status <> 'rejected'`;

function jsonAt(params: SqlParams, pointer: string): string {
  return `(s.data #> ${params.pointer(pointer)})`;
}

/** The number at `pointer`, NULL when absent or not a number (older versions may lack the field). */
function numberAt(params: SqlParams, pointer: string): string {
  const value = jsonAt(params, pointer);
  return `(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value} #>> '{}')::numeric END)`;
}

function conditionSql(params: SqlParams, pointer: string, condition: Condition): string {
  const value = jsonAt(params, pointer);
  const parts: string[] = [];
  if (condition.eq !== undefined) {
    parts.push(condition.eq === null ? `(${value} IS NULL OR ${value} = 'null'::jsonb)` : `${value} = ${params.add(JSON.stringify(condition.eq), 'jsonb')}`);
  }
  if (condition.in !== undefined) {
    const listed = condition.in.filter((item) => item !== null).map((item) => JSON.stringify(item));
    const inList = `${value} = ANY(${params.add(listed, 'jsonb[]')})`;
    parts.push(condition.in.includes(null) ? `(${inList} OR ${value} IS NULL OR ${value} = 'null'::jsonb)` : `coalesce(${inList}, false)`);
  }
  for (const [bound, operator] of [
    [condition.gte, '>='],
    [condition.lte, '<='],
  ] as const) {
    if (bound === undefined) continue;
    if (typeof bound === 'number') {
      parts.push(`coalesce((CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value} #>> '{}')::numeric END) ${operator} ${params.add(bound, 'numeric')}, false)`);
    } else {
      // Dates and times (ISO 8601 text) order as text, byte by byte.
      parts.push(`coalesce((CASE WHEN jsonb_typeof(${value}) = 'string' THEN ${value} #>> '{}' END) COLLATE "C" ${operator} ${params.add(bound, 'text')}, false)`);
    }
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

function whereSql(params: SqlParams, ...wheres: (Where | undefined)[]): string {
  const parts = wheres.flatMap((where) => Object.entries(where ?? {}).map(([pointer, condition]) => `(${conditionSql(params, pointer, condition)})`));
  return parts.length ? parts.join(' AND ') : 'true';
}

interface MeasureColumns {
  n: string;
  sum: string;
  min: string;
  max: string;
  numerator: string;
  denominator: string;
}

/**
 * Per-row values (a field's number, a filter's truth) computed once per submission in an inner
 * query and read by every aggregate that needs them, however many measures share them.
 */
class RowValues {
  private readonly aliases = new Map<string, string>();

  /** The column of the inner query `x` holding `expression`. */
  column(expression: string): string {
    let alias = this.aliases.get(expression);
    if (!alias) {
      alias = `v${this.aliases.size}`;
      this.aliases.set(expression, alias);
    }
    return `x.${alias}`;
  }

  /** `FILTER (WHERE …)` for a condition, nothing when it always holds. */
  filter(condition: string): string {
    return condition === 'true' ? '' : ` FILTER (WHERE ${this.column(condition)})`;
  }

  selectList(): string {
    return [...this.aliases].map(([expression, alias]) => `, ${expression} AS ${alias}`).join('');
  }
}

/**
 * The additive components of one measure over a group of submissions. sum/avg/min/max all keep
 * n, Σ, min and max of their field, so swapping between them reads the same stored components.
 */
function measureColumns(params: SqlParams, values: RowValues, aggregation: Aggregation): MeasureColumns {
  const filter = values.filter(whereSql(params, aggregation.where));
  const none = 'NULL::numeric';
  switch (aggregation.op) {
    case 'count': {
      const n = aggregation.field !== undefined ? `count(${values.column(numberAt(params, aggregation.field))})${filter}` : `count(*)${filter}`;
      return { n, sum: none, min: none, max: none, numerator: none, denominator: none };
    }
    case 'sum':
    case 'avg':
    case 'min':
    case 'max': {
      const value = values.column(numberAt(params, aggregation.field!));
      return {
        n: `count(${value})${filter}`,
        sum: `sum(${value})${filter}`,
        min: `min(${value})${filter}`,
        max: `max(${value})${filter}`,
        numerator: none,
        denominator: none,
      };
    }
    case 'ratio': {
      const side = (part: Aggregation['numerator']) => {
        const value = part?.field !== undefined ? values.column(numberAt(params, part.field)) : '1';
        return `coalesce(sum(${value})${values.filter(whereSql(params, aggregation.where, part?.where))}, 0)`;
      };
      return {
        n: `count(*)${filter}`,
        sum: none,
        min: none,
        max: none,
        numerator: side(aggregation.numerator),
        denominator: side(aggregation.denominator),
      };
    }
  }
}

/**
 * The counted submissions of the theme, of every cell or of the listed ones. For listed cells each
 * one is looked up on its own (LATERAL … OFFSET 0 keeps the lookup a nested index scan whatever the
 * planner believes about table sizes; a fresh table has no statistics yet).
 */
function submissionsSql(params: SqlParams, theme: string, scope: CellScope): string {
  const counted = `s.theme_id = ${theme} AND ${COUNTED}`;
  if (scope === 'all') return `submission s WHERE ${counted}`;
  return `unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.periods, 'text[]')}) AS c(r, p)
  CROSS JOIN LATERAL (SELECT s.* FROM submission s WHERE ${counted} AND s.region_code = c.r COLLATE "C" AND s.period_key = c.p OFFSET 0) s`;
}

/**
 * INSERTs the base cells (theme level, theme period) of `scope` from the submissions: one statement
 * per distinct `groupBy`, each one pass over the submissions computing every measure of that group
 * at once, then unpivoted into one row per measure.
 */
export function baseCellStatements(
  aggregations: Aggregation[],
  themeId: string,
  level: string,
  granularity: Granularity,
  scope: CellScope,
): SqlStatement[] {
  const byGroup = new Map<string, Aggregation[]>();
  for (const aggregation of aggregations) {
    const key = aggregation.groupBy ?? '';
    byGroup.set(key, [...(byGroup.get(key) ?? []), aggregation]);
  }
  return [...byGroup].map(([groupBy, measures]) => {
    const params = new SqlParams();
    const theme = params.add(themeId, 'uuid');
    const levelParam = params.add(level, 'text');
    const granularityParam = params.add(granularity, 'text');
    const group = groupBy === '' ? `'null'::text` : `coalesce(${jsonAt(params, groupBy)}::text, 'null')`;
    const values = new RowValues();
    const columns: string[] = [];
    const unpivot: string[] = [];
    measures.forEach((aggregation, index) => {
      const c = measureColumns(params, values, aggregation);
      columns.push(
        `${c.n} AS m${index}_n, ${c.sum} AS m${index}_sum, ${c.min} AS m${index}_min, ${c.max} AS m${index}_max, ${c.numerator} AS m${index}_num, ${c.denominator} AS m${index}_den`,
      );
      unpivot.push(
        `(${params.add(aggregation.key, 'text')}, w.m${index}_n::numeric, w.m${index}_sum::numeric, w.m${index}_min::numeric, w.m${index}_max::numeric, w.m${index}_num::numeric, w.m${index}_den::numeric)`,
      );
    });
    const submissions = submissionsSql(params, theme, scope);
    const sql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, ${granularityParam}, w.period_key, w.region_code, u.measure, w.group_key, w.row_count, u.n, u.value_sum, u.value_min, u.value_max, u.numerator, u.denominator
FROM (
  SELECT x.region_code, x.period_key, x.group_key, count(*) AS row_count,
    ${columns.join(',\n    ')}
  FROM (SELECT s.region_code, s.period_key, ${group} AS group_key${values.selectList()} FROM ${submissions} OFFSET 0) x
  GROUP BY 1, 2, 3
) w
CROSS JOIN LATERAL (VALUES
  ${unpivot.join(',\n  ')}
) AS u(measure, n, value_sum, value_min, value_max, numerator, denominator)`;
    return { sql, params: params.values };
  });
}

/** DELETEs the base cells of `scope` (before they are inserted again). */
export function deleteBaseCells(themeId: string, level: string, granularity: Granularity, scope: CellScope): SqlStatement {
  const params = new SqlParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const granularityParam = params.add(granularity, 'text');
  if (scope === 'all') {
    return { sql: `DELETE FROM aggregate_cell c WHERE c.theme_id = ${theme} AND c.level = ${levelParam} AND c.granularity = ${granularityParam}`, params: params.values };
  }
  return {
    sql: deleteListed(
      `unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.periods, 'text[]')}) AS d(r, t)`,
      `c.theme_id = ${theme} AND c.level = ${levelParam} AND c.granularity = ${granularityParam} AND c.period_key = d.t COLLATE "C" AND c.region_code = d.r COLLATE "C"`,
    ),
    params: params.values,
  };
}

/**
 * Deletes the cells found by looking up each row of `listed` on its own (index lookups by row id,
 * whatever the table statistics say).
 */
function deleteListed(listed: string, match: string): string {
  return `DELETE FROM aggregate_cell WHERE ctid = ANY(ARRAY(
    SELECT x.ctid FROM ${listed} CROSS JOIN LATERAL (SELECT c.ctid FROM aggregate_cell c WHERE ${match} OFFSET 0) x))`;
}

/**
 * Coarse cells at the base level touched by a refresh: region, coarse period key, and the first and
 * last keys of the source granularity inside it (`baseRange`), computed by the engine.
 */
export type CoarseScope = { regions: string[]; periods: string[]; firsts: string[]; lasts: string[] } | 'all';

/**
 * Where the `overTime: sum` measures of a coarse period are added from: the next finer granularity
 * that nests in it (a month from its days, a quarter from its months, a year from its quarters; a
 * week from its days), so each step adds few rows.
 */
export function sumSource(base: Granularity, target: Granularity): Granularity {
  const nested: Partial<Record<Granularity, Granularity[]>> = { week: ['day'], month: ['week', 'day'], quarter: ['month'], year: ['quarter'] };
  // A week nests in a month only as the theme's own period (weeks of a daily theme cross months).
  const candidates = (nested[target] ?? []).filter((g) => g === base || (g !== 'week' && granularityRank(g) > granularityRank(base)));
  return candidates[0] ?? base;
}

function granularityRank(granularity: Granularity): number {
  return ['day', 'week', 'month', 'quarter', 'year'].indexOf(granularity);
}

/**
 * Recomputes the `target` cells at the base level, per region, before any region is added:
 * `overTime: sum` measures add the components of the nested finer periods (`sumSource`); `last`
 * keeps the region's latest base period; `avg` adds the base periods and divides by how many the
 * region reported, so a coarse value is the mean of the region's periods. Window functions (not
 * self-joins) find the latest period and the period count.
 */
export function timeRollupStatements(
  aggregations: Aggregation[],
  themeId: string,
  level: string,
  base: Granularity,
  target: Granularity,
  scope: CoarseScope,
  sourceScope: CoarseScope = scope,
): SqlStatement[] {
  const del = new SqlParams();
  const delTheme = del.add(themeId, 'uuid');
  const delLevel = del.add(level, 'text');
  const delTarget = del.add(target, 'text');
  const deleteSql =
    scope === 'all'
      ? `DELETE FROM aggregate_cell c WHERE c.theme_id = ${delTheme} AND c.level = ${delLevel} AND c.granularity = ${delTarget}`
      : deleteListed(
          `unnest(${del.add(scope.regions, 'text[]')}, ${del.add(scope.periods, 'text[]')}) AS d(r, t)`,
          `c.theme_id = ${delTheme} AND c.level = ${delLevel} AND c.granularity = ${delTarget} AND c.period_key = d.t COLLATE "C" AND c.region_code = d.r COLLATE "C"`,
        );
  const statements: SqlStatement[] = [{ sql: deleteSql, params: del.values }];
  const summed = aggregations.filter((a) => (a.overTime ?? 'sum') === 'sum');
  const other = aggregations.filter((a) => (a.overTime ?? 'sum') !== 'sum');
  if (summed.length) statements.push(summedStatement(summed, themeId, level, sumSource(base, target), target, sourceScope));
  if (other.length) statements.push(windowedStatement(other, themeId, level, base, target, scope));
  return statements;
}

/** Rows of `granularity` at the base level inside each listed coarse cell, as `b` with its cell `d.t`. */
function sourceRows(params: SqlParams, theme: string, level: string, granularity: Granularity, target: Granularity, keys: string, scope: CoarseScope): string {
  const filter = `b.theme_id = ${theme} AND b.level = ${level} AND b.granularity = ${params.add(granularity, 'text')} AND b.measure = ANY(${keys})`;
  if (scope === 'all') return `SELECT b.*, ${coarsePeriodSql(granularity, target, 'b.period_key')} AS t FROM aggregate_cell b WHERE ${filter}`;
  return `SELECT b.*, d.t FROM unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.periods, 'text[]')}, ${params.add(scope.firsts, 'text[]')}, ${params.add(scope.lasts, 'text[]')}) AS d(r, t, first, last)
    CROSS JOIN LATERAL (SELECT b.* FROM aggregate_cell b WHERE ${filter}
      AND b.region_code = d.r COLLATE "C" AND b.period_key >= d.first COLLATE "C" AND b.period_key <= d.last COLLATE "C" OFFSET 0) b`;
}

function summedStatement(measures: Aggregation[], themeId: string, level: string, source: Granularity, target: Granularity, scope: CoarseScope): SqlStatement {
  const params = new SqlParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const keys = params.add(measures.map((m) => m.key), 'text[]');
  const rows = sourceRows(params, theme, levelParam, source, target, keys, scope);
  const sql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, ${params.add(target, 'text')}, r.t, r.region_code, r.measure, r.group_key,
  sum(r.row_count), sum(r.n), sum(r.value_sum), min(r.value_min), max(r.value_max), sum(r.numerator), sum(r.denominator)
FROM (${rows}) r
GROUP BY r.t, r.region_code, r.measure, r.group_key`;
  return { sql, params: params.values };
}

function windowedStatement(measures: Aggregation[], themeId: string, level: string, base: Granularity, target: Granularity, scope: CoarseScope): SqlStatement {
  const params = new SqlParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const keys = params.add(measures.map((a) => a.key), 'text[]');
  const overTimes = params.add(measures.map((a) => a.overTime ?? 'sum'), 'text[]');
  const source = sourceRows(params, theme, levelParam, base, target, keys, scope);
  const divide = (column: string) => `sum(r.${column}) / (CASE WHEN m.over_time = 'avg' THEN r.periods ELSE 1 END)`;
  const sql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
WITH src AS (${source}),
ranked AS (
  SELECT src.*,
    max(src.period_key) OVER per AS last_period,
    dense_rank() OVER (PARTITION BY src.measure, src.region_code, src.t ORDER BY src.period_key) AS period_rank
  FROM src WINDOW per AS (PARTITION BY src.measure, src.region_code, src.t)
),
r AS (SELECT ranked.*, max(ranked.period_rank) OVER (PARTITION BY ranked.measure, ranked.region_code, ranked.t) AS periods FROM ranked),
m AS (SELECT * FROM unnest(${keys}, ${overTimes}) AS m(measure, over_time))
SELECT ${theme}, ${levelParam}, ${params.add(target, 'text')}, r.t, r.region_code, r.measure, r.group_key,
  ${divide('row_count')}, ${divide('n')}, ${divide('value_sum')}, min(r.value_min), max(r.value_max), ${divide('numerator')}, ${divide('denominator')}
FROM r JOIN m ON m.measure = r.measure
WHERE m.over_time <> 'last' OR r.period_key = r.last_period
GROUP BY r.t, r.region_code, r.measure, r.group_key, m.over_time, r.periods`;
  return { sql, params: params.values };
}

/** The cells to recompute at one level above the base: (ancestor region, granularity, period). */
export type AncestorScope = { regions: string[]; granularities: string[]; periods: string[] } | 'all';

/**
 * Recomputes cells at `level` (depth `depth`) by adding the components of their children one level
 * down. Levels are processed bottom-up, so each level reads children that are already up to date;
 * derived values are never added. Over every cell (`all`) it is one GROUP BY of the level below.
 */
export function regionRollupStatements(themeId: string, level: string, childLevel: string, scope: AncestorScope): SqlStatement[] {
  const del = new SqlParams();
  const delTheme = del.add(themeId, 'uuid');
  const delLevel = del.add(level, 'text');
  const deleteSql =
    scope === 'all'
      ? `DELETE FROM aggregate_cell c WHERE c.theme_id = ${delTheme} AND c.level = ${delLevel}`
      : deleteListed(
          `unnest(${del.add(scope.regions, 'text[]')}, ${del.add(scope.granularities, 'text[]')}, ${del.add(scope.periods, 'text[]')}) AS d(r, g, t)`,
          `c.theme_id = ${delTheme} AND c.level = ${delLevel} AND c.granularity = d.g AND c.period_key = d.t COLLATE "C" AND c.region_code = d.r COLLATE "C"`,
        );

  const params = new SqlParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const childParam = params.add(childLevel, 'text');
  const sums = 'sum(c.row_count), sum(c.n), sum(c.value_sum), min(c.value_min), max(c.value_max), sum(c.numerator), sum(c.denominator)';
  let insertSql: string;
  if (scope === 'all') {
    // Every child sits one level down, so its parent is its code without the last segment.
    const ancestor = `left(c.region_code, length(c.region_code) - strpos(reverse(c.region_code), '.'))`;
    insertSql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, c.granularity, c.period_key, ${ancestor}, c.measure, c.group_key, ${sums}
FROM aggregate_cell c WHERE c.theme_id = ${theme} AND c.level = ${childParam}
GROUP BY c.granularity, c.period_key, ${ancestor}, c.measure, c.group_key`;
  } else {
    insertSql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, d.g, d.t, d.r, c.measure, c.group_key, ${sums}
FROM unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.granularities, 'text[]')}, ${params.add(scope.periods, 'text[]')}) AS d(r, g, t)
CROSS JOIN LATERAL (
  SELECT c.* FROM aggregate_cell c
  WHERE c.theme_id = ${theme} AND c.level = ${childParam} AND c.granularity = d.g AND c.period_key = d.t COLLATE "C"
    AND c.region_code > (d.r || '.') COLLATE "C" AND c.region_code < (d.r || '/') COLLATE "C"
  OFFSET 0) c
GROUP BY d.g, d.t, d.r, c.measure, c.group_key`;
  }
  return [
    { sql: deleteSql, params: del.values },
    { sql: insertSql, params: params.values },
  ];
}
