import type { Aggregation, Condition, Where } from '../../../../schemas/theme-definition';
import { pointerTokens } from '../../../../schemas/theme-definition';
import { SqlParams, SqlStatement } from '../../database/sql';
import type { RegionLevel } from '../regions/region.entity';
import { ancestorLevels, coarsePeriodSql, coarserGranularities, Granularity } from './granularity';

/**
 * Builds the SQL of the aggregation engine. Everything a definition says (pointers, filter values,
 * measure keys) becomes a bound parameter; the SQL text is assembled from fixed fragments only, so no
 * definition can change what a statement does.
 */

export type { SqlStatement };

/** A statement's parameters, with one placeholder per distinct pointer into the submission's data. */
class DataParams extends SqlParams {
  private readonly pointers = new Map<string, string>();

  /** The JSON at `pointer` in submission `s`'s data. */
  jsonAt(pointer: string): string {
    let expression = this.pointers.get(pointer);
    if (!expression) {
      const tokens = pointerTokens(pointer);
      // The data is always an object (the meta-schema says so), so one token is a plain key lookup,
      // cheaper than a path walk; deeper pointers keep the path walk and its array indexing.
      expression = tokens.length === 1 ? `(s.data -> ${this.add(tokens[0], 'text')})` : `(s.data #> ${this.add(tokens, 'text[]')})`;
      this.pointers.set(pointer, expression);
    }
    return expression;
  }
}

/** Listed base cells: the (region, period) pairs `regions[i]`, `periods[i]`. */
export type ListedCells = { regions: string[]; periods: string[] };

/** Whose submissions are read: the listed cells', or every cell's of the theme (a full recompute). */
type CellScope = ListedCells | 'all';

/** An aggregate cell's primary key, then its components. */
const CELL_KEY = ['theme_id', 'level', 'granularity', 'period_key', 'region_code', 'measure', 'group_key'];
const CELL_VALUES = ['row_count', 'n', 'value_sum', 'value_min', 'value_max', 'numerator', 'denominator'];
const CELL_COLUMNS = [...CELL_KEY, ...CELL_VALUES].join(', ');

/** Only what counts: current revisions, never test fills or rejected submissions. */
const COUNTED = `s.current AND NOT s.is_test AND s.status <> 'rejected'`;

/**
 * The number at `pointer`, NULL when absent or not a number (older versions may lack the field).
 * jsonb → numeric hands over the stored numeric as it is, without printing and parsing it again.
 */
function numberAt(params: DataParams, pointer: string): string {
  const value = params.jsonAt(pointer);
  return `(CASE WHEN jsonb_typeof(${value}) = 'number' THEN ${value}::numeric END)`;
}

/** The string at `pointer`, NULL when absent or not a string. */
function stringAt(params: DataParams, pointer: string): string {
  const value = params.jsonAt(pointer);
  return `(CASE WHEN jsonb_typeof(${value}) = 'string' THEN ${value} #>> '{}' END)`;
}

/**
 * A filter's truth for one submission, over its per-row values (`values`): the JSON is read once per
 * row and field, however many filters and aggregates look at it.
 */
function conditionSql(params: DataParams, values: RowValues, pointer: string, condition: Condition): string {
  const parts: string[] = [];
  if (condition.eq !== undefined || condition.in !== undefined) {
    const value = values.column(params.jsonAt(pointer));
    if (condition.eq !== undefined) {
      parts.push(condition.eq === null ? `(${value} IS NULL OR ${value} = 'null'::jsonb)` : `${value} = ${params.add(JSON.stringify(condition.eq), 'jsonb')}`);
    }
    if (condition.in !== undefined) {
      const listed = condition.in.filter((item) => item !== null).map((item) => JSON.stringify(item));
      const inList = `${value} = ANY(${params.add(listed, 'jsonb[]')})`;
      parts.push(condition.in.includes(null) ? `(${inList} OR ${value} IS NULL OR ${value} = 'null'::jsonb)` : `coalesce(${inList}, false)`);
    }
  }
  for (const [bound, operator] of [
    [condition.gte, '>='],
    [condition.lte, '<='],
  ] as const) {
    if (bound === undefined) continue;
    if (typeof bound === 'number') {
      parts.push(`coalesce(${values.column(numberAt(params, pointer))} ${operator} ${params.add(bound, 'numeric')}, false)`);
    } else {
      // Dates and times (ISO 8601 text) order as text, byte by byte.
      parts.push(`coalesce(${values.column(stringAt(params, pointer))} COLLATE "C" ${operator} ${params.add(bound, 'text')}, false)`);
    }
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

function whereSql(params: DataParams, values: RowValues, ...wheres: (Where | undefined)[]): string {
  const parts = wheres.flatMap((where) => Object.entries(where ?? {}).map(([pointer, condition]) => `(${conditionSql(params, values, pointer, condition)})`));
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
 * Per-row values (a field's JSON, its number, its string) computed once per submission in an inner
 * query and read by every filter and aggregate that needs them, however many measures share them.
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

  /** `FILTER (WHERE …)` for a condition over the per-row values, nothing when it always holds. */
  filter(condition: string): string {
    return condition === 'true' ? '' : ` FILTER (WHERE ${condition})`;
  }

  selectList(): string {
    return [...this.aliases].map(([expression, alias]) => `, ${expression} AS ${alias}`).join('');
  }
}

/**
 * The additive components of one measure over a group of submissions. sum/avg/min/max all keep
 * n, Σ, min and max of their field, so swapping between them reads the same stored components.
 */
function measureColumns(params: DataParams, values: RowValues, aggregation: Aggregation): MeasureColumns {
  const filter = values.filter(whereSql(params, values, aggregation.where));
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
        return `coalesce(sum(${value})${values.filter(whereSql(params, values, aggregation.where, part?.where))}, 0)`;
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
function submissionsSql(params: DataParams, theme: string, scope: CellScope): string {
  const counted = `s.theme_id = ${theme} AND ${COUNTED}`;
  if (scope === 'all') return `submission s WHERE ${counted}`;
  return `unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.periods, 'text[]')}) AS c(r, p)
  CROSS JOIN LATERAL (SELECT s.* FROM submission s WHERE ${counted} AND s.region_code = c.r COLLATE "C" AND s.period_key = c.p OFFSET 0) s`;
}

/** `m<i>_n, m<i>_sum, …`: the components of measure `index` as columns of one row per cell. */
function componentColumns(c: MeasureColumns, index: number): string {
  return `${c.n} AS m${index}_n, ${c.sum} AS m${index}_sum, ${c.min} AS m${index}_min, ${c.max} AS m${index}_max, ${c.numerator} AS m${index}_num, ${c.denominator} AS m${index}_den`;
}

function groupKeySql(params: DataParams, groupBy: string | undefined): string {
  return groupBy === undefined ? `'null'::text` : `coalesce(${params.jsonAt(groupBy)}::text, 'null')`;
}

/** The measures of each distinct `groupBy` (`undefined`: none), in the order they first appear. */
function byGroupBy(aggregations: Aggregation[]): Map<string | undefined, Aggregation[]> {
  const groups = new Map<string | undefined, Aggregation[]>();
  for (const aggregation of aggregations) groups.set(aggregation.groupBy, [...(groups.get(aggregation.groupBy) ?? []), aggregation]);
  return groups;
}

/**
 * INSERTs the listed base cells (theme level, theme period) from the submissions: one statement
 * per distinct `groupBy`, each one pass over the submissions computing every measure of that group
 * at once, then unpivoted into one row per measure.
 */
export function baseCellStatements(
  aggregations: Aggregation[],
  themeId: string,
  level: string,
  granularity: Granularity,
  scope: ListedCells,
): SqlStatement[] {
  return [...byGroupBy(aggregations)].map(([groupBy, measures]) => {
    const params = new DataParams();
    const theme = params.add(themeId, 'uuid');
    const levelParam = params.add(level, 'text');
    const granularityParam = params.add(granularity, 'text');
    const group = groupKeySql(params, groupBy);
    const values = new RowValues();
    const columns: string[] = [];
    const unpivot: string[] = [];
    measures.forEach((aggregation, index) => {
      columns.push(componentColumns(measureColumns(params, values, aggregation), index));
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

/**
 * One scan of the submissions in a full recompute: the measures grouped by `groupBy` (their cells
 * are its rows), plus the measures without a groupBy that ride along (their cells are its rows added
 * up over the groups: every component is additive, min and max included).
 */
interface RecomputePass {
  groupBy: string | undefined;
  measures: Aggregation[];
  riders: Aggregation[];
}

/** One pass per distinct groupBy; the measures without one ride along with the first. */
export function recomputePasses(aggregations: Aggregation[]): RecomputePass[] {
  const groups = byGroupBy(aggregations);
  const ungrouped = groups.get(undefined) ?? [];
  groups.delete(undefined);
  const passes: RecomputePass[] = [...groups].map(([groupBy, measures]) => ({ groupBy, measures, riders: [] }));
  if (!passes.length) return ungrouped.length ? [{ groupBy: undefined, measures: ungrouped, riders: [] }] : [];
  passes[0].riders = ungrouped;
  return passes;
}

/**
 * A table with one row per base cell of each of its measures — (region, period, group) with
 * `row_count` and the components `m<column>_…` of every measure — wide, so that every roll-up step
 * handles one row where the cells would be one per measure.
 */
interface Pivot {
  table: string;
  measures: { aggregation: Aggregation; column: number }[];
}

/**
 * A pass of a full recompute: a session-local table of one row per (region, period, group) with the
 * components of its measures, and, for the measures riding along, the same added up over the groups.
 *
 * It is a CREATE TABLE … AS because PostgreSQL scans and aggregates that with parallel workers, and
 * never an INSERT … SELECT. Each per-row value (a field's number, a filter's truth) is computed once
 * per submission by the scan and read by every aggregate that needs it: the UNION ALL with an empty
 * branch keeps the planner from copying the expressions into each aggregate (it has no common
 * subexpressions; most of a pass is reading JSON) while still letting the workers aggregate, which an
 * OFFSET 0 fence would not.
 */
function passStatements(pass: RecomputePass, index: number, themeId: string): { statements: SqlStatement[]; pivots: Pivot[] } {
  const table = `wk_recompute_pass_${index}`;
  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const group = groupKeySql(params, pass.groupBy);
  const values = new RowValues();
  const all = [...pass.measures, ...pass.riders];
  const columns = all.map((aggregation, i) => componentColumns(measureColumns(params, values, aggregation), i));
  const row = `s.region_code, s.period_key, ${group} AS group_key${values.selectList()}`;
  const create = `CREATE TEMP TABLE ${table} ON COMMIT DROP AS
SELECT x.region_code, x.period_key, x.group_key, count(*) AS row_count,
  ${columns.join(',\n  ')}
FROM (SELECT ${row} FROM ${submissionsSql(params, theme, 'all')}
  UNION ALL SELECT ${row} FROM submission s WHERE false) x
GROUP BY 1, 2, 3`;
  const statements: SqlStatement[] = [{ sql: create, params: params.values }];
  const columnsOf = (measures: Aggregation[], first: number) => measures.map((aggregation, i) => ({ aggregation, column: first + i }));
  const pivots: Pivot[] = [{ table, measures: columnsOf(pass.measures, 0) }];
  if (pass.riders.length) {
    const riders = columnsOf(pass.riders, pass.measures.length);
    const ungrouped = `${table}_ungrouped`;
    const added = riders.map(({ column: i }) =>
      PIVOT_PARTS.filter((name) => name !== 'rows')
        .map((name) => `${addedPart(name, `p.m${i}_${name}`)} AS m${i}_${name}`)
        .join(', '),
    );
    statements.push({
      sql: `CREATE TEMP TABLE ${ungrouped} ON COMMIT DROP AS
SELECT p.region_code, p.period_key, 'null'::text AS group_key, sum(p.row_count) AS row_count,
  ${added.join(',\n  ')}
FROM ${table} p GROUP BY 1, 2`,
      params: [],
    });
    pivots.push({ table: ungrouped, measures: riders });
  }
  return { statements, pivots };
}

/** The components of one cell, in the order of CELL_VALUES, as columns of a derived pivot row. */
const PIVOT_PARTS = ['rows', 'n', 'sum', 'min', 'max', 'num', 'den'] as const;

/** `m<j>_rows, m<j>_n, …` of a derived pivot row from the seven expressions `part(column)`. */
function pivotParts(j: number, part: (name: (typeof PIVOT_PARTS)[number], column: string) => string): string {
  return PIVOT_PARTS.map((name) => `${part(name, `m${j}_${name}`)} AS m${j}_${name}`).join(', ');
}

/** Added up: counts and sums add, min and max stay min and max (every derived cell is made so). */
function addedPart(name: (typeof PIVOT_PARTS)[number], column: string, filter = ''): string {
  const fn = name === 'min' ? 'min' : name === 'max' ? 'max' : 'sum';
  return `${fn}(${column})${filter}`;
}

/** Statements deriving a pivot's cells, then its cells as a SELECT and the SQL counting them. */
interface DerivedCells {
  statements: SqlStatement[];
  cells: (params: DataParams) => string;
  count: string;
}

/**
 * Every cell of one pivot's measures, derived from additive components: the coarser periods of each
 * base region from its base periods (honouring `overTime`), then every level up adding its children's
 * components. Row per (level, granularity, period, region, group) in a session-local table, each
 * measure with its own row count (`last` and `avg` change it); unpivoted into one cell per measure
 * when written. A measure absent from a derived row (`last` finds no cell of that group in the
 * latest period) has no row count there, and no cell.
 */
function pivotStatements(pivot: Pivot, index: number, themeId: string, level: RegionLevel, base: Granularity): DerivedCells {
  const derived = `wk_recompute_derived_${index}`;
  const measures = pivot.measures.map(({ aggregation }, j) => ({ aggregation, j, overTime: aggregation.overTime ?? 'sum' }));
  const head = new DataParams();
  const baseColumns = pivot.measures.map(({ column: i }, j) =>
    pivotParts(j, (name) => (name === 'rows' ? 'v.row_count::numeric' : `v.m${i}_${name}::numeric`)),
  );
  const statements: SqlStatement[] = [
    {
      sql: `CREATE TEMP TABLE ${derived} ON COMMIT DROP AS
SELECT ${head.add(level, 'text')} AS level, ${head.add(base, 'text')} AS granularity, v.period_key, v.region_code, v.group_key,
  ${baseColumns.join(',\n  ')}
FROM ${pivot.table} v`,
      params: head.values,
    },
  ];
  const windowed = measures.some((m) => m.overTime !== 'sum');
  for (const target of coarserGranularities(base)) {
    const params = new DataParams();
    const levelParam = params.add(level, 'text');
    // `last` and `avg` need the base periods themselves; sums add the nested finer periods.
    const source = windowed ? base : sumSource(base, target);
    const rows = `SELECT d.*, ${coarsePeriodSql(source, target, 'd.period_key')} AS t FROM ${derived} d WHERE d.level = ${levelParam} AND d.granularity = ${params.add(source, 'text')}`;
    const from = windowed
      ? `(SELECT q.*, max(q.period_rank) OVER (PARTITION BY q.region_code, q.t) AS periods
    FROM (SELECT p.*, max(p.period_key) OVER (PARTITION BY p.region_code, p.t) AS last_period,
            dense_rank() OVER (PARTITION BY p.region_code, p.t ORDER BY p.period_key) AS period_rank
          FROM (${rows}) p) q)`
      : `(${rows})`;
    const parts = measures.map(({ j, overTime }) =>
      pivotParts(j, (name, column) => {
        if (overTime === 'last') return addedPart(name, `r.${column}`, ` FILTER (WHERE r.period_key = r.last_period)`);
        // The mean over the periods the region reported: components divided by their number.
        if (overTime === 'avg' && name !== 'min' && name !== 'max') return `${addedPart(name, `r.${column}`)} / max(r.periods)`;
        return addedPart(name, `r.${column}`);
      }),
    );
    statements.push({
      sql: `INSERT INTO ${derived}
SELECT ${levelParam}, ${params.add(target, 'text')}, r.t, r.region_code, r.group_key,
  ${parts.join(',\n  ')}
FROM ${from} r
GROUP BY r.t, r.region_code, r.group_key`,
      params: params.values,
    });
  }
  // Every child sits one level down, so its parent is its code without the last segment.
  const ancestor = `left(c.region_code, length(c.region_code) - strpos(reverse(c.region_code), '.'))`;
  const added = measures.map(({ j }) => pivotParts(j, (name, column) => addedPart(name, `c.${column}`)));
  let child: RegionLevel = level;
  for (const parent of ancestorLevels(level)) {
    const params = new DataParams();
    statements.push({
      sql: `INSERT INTO ${derived}
SELECT ${params.add(parent, 'text')}, c.granularity, c.period_key, ${ancestor}, c.group_key,
  ${added.join(',\n  ')}
FROM ${derived} c WHERE c.level = ${params.add(child, 'text')}
GROUP BY c.granularity, c.period_key, ${ancestor}, c.group_key`,
      params: params.values,
    });
    child = parent;
  }
  return {
    statements,
    cells: (params: DataParams) => {
      const unpivot = measures.map(({ aggregation, j }) => `(${params.add(aggregation.key, 'text')}, ${PIVOT_PARTS.map((name) => `d.m${j}_${name}`).join(', ')})`);
      return `SELECT ${params.add(themeId, 'uuid')} AS theme_id, d.level, d.granularity, d.period_key, d.region_code, u.measure, d.group_key, ${CELL_VALUES.map((column) => `u.${column}`).join(', ')}
  FROM ${derived} d
  CROSS JOIN LATERAL (VALUES
    ${unpivot.join(',\n    ')}
  ) AS u(measure, ${CELL_VALUES.join(', ')})
  WHERE u.row_count IS NOT NULL`;
    },
    count: `SELECT sum(num_nonnulls(${measures.map(({ j }) => `d.m${j}_rows`).join(', ')})) AS n FROM ${derived} d`,
  };
}

/**
 * A full recompute of a theme, for one transaction: the base cells from one pass over the
 * submissions per distinct groupBy; the coarser periods and the levels up added from those
 * components (never from the submissions again), in session-local tables; then the theme's cells
 * replaced by those. Readers see the old cells until the commit.
 *
 * The replacement rewrites every cell but keeps each one's row: one MERGE updates the cells that
 * exist and inserts the new ones, then the cells that are gone are deleted. An update that changes no
 * indexed column is a HOT update — no index entries to add, where a delete and re-insert of the same
 * cell pays for two index insertions with seven-column key comparisons, most of a recompute's writing.
 */
export function recomputeStatements(aggregations: Aggregation[], themeId: string, level: RegionLevel, granularity: Granularity): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const pivots: Pivot[] = [];
  recomputePasses(aggregations).forEach((pass, index) => {
    const scan = passStatements(pass, index, themeId);
    statements.push(...scan.statements);
    pivots.push(...scan.pivots);
  });
  const derived = pivots.map((pivot, index) => pivotStatements(pivot, index, themeId, level, granularity));
  for (const cells of derived) statements.push(...cells.statements);
  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const fresh = derived.length ? derived.map((cells) => cells.cells(params)).join('\n  UNION ALL\n  ') : `SELECT ${CELL_COLUMNS} FROM aggregate_cell WHERE false`;
  // The new cells are all of this theme: the theme narrows the live table's side, the rest of the
  // key matches.
  const sameCell = `c.theme_id = ${theme} AND ${CELL_KEY.filter((column) => column !== 'theme_id')
    .map((column) => `c.${column} = n.${column}`)
    .join(' AND ')}`;
  // Both statements match every cell of the theme: hashing them beats one index lookup per cell, which
  // statistics that lag behind a bulk rewrite (or a theme's first recompute) could suggest.
  statements.push({ sql: `SET LOCAL enable_nestloop = off`, params: [] });
  statements.push({
    sql: `MERGE INTO aggregate_cell c USING (
  ${fresh}
) n ON ${sameCell}
WHEN MATCHED THEN UPDATE SET ${CELL_VALUES.map((column) => `${column} = n.${column}`).join(', ')}
WHEN NOT MATCHED THEN INSERT (${CELL_COLUMNS}) VALUES (${[...CELL_KEY, ...CELL_VALUES].map((column) => `n.${column}`).join(', ')})`,
    params: params.values,
  });
  // Every new cell is now in the table, so it holds more of the theme's cells than there are new ones
  // exactly when some old cell is gone; only then look for those (the counts are cheap, the search not).
  const counted = derived.length ? `SELECT coalesce(sum(x.n), 0) FROM (${derived.map((cells) => cells.count).join(' UNION ALL ')}) x` : 'SELECT 0';
  statements.push({
    sql: `DELETE FROM aggregate_cell c
WHERE c.theme_id = ${theme}
  AND (SELECT count(*) FROM aggregate_cell WHERE theme_id = ${theme}) > (${counted})
  AND NOT EXISTS (SELECT FROM (
  ${fresh}
) n WHERE ${sameCell})`,
    params: params.values,
  });
  statements.push({ sql: `RESET enable_nestloop`, params: [] });
  return statements;
}

/** DELETEs the listed base cells (before they are inserted again). */
export function deleteBaseCells(themeId: string, level: string, granularity: Granularity, scope: ListedCells): SqlStatement {
  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const granularityParam = params.add(granularity, 'text');
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
export type CoarseScope = { regions: string[]; periods: string[]; firsts: string[]; lasts: string[] };

/**
 * Where the `overTime: sum` measures of a coarse period are added from: the next finer granularity
 * that nests in it (a month from its days, a quarter from its months, a year from its quarters; a
 * week from its days), so each step adds few rows.
 */
export function sumSource(base: Granularity, target: Granularity): Granularity {
  const nested: Partial<Record<Granularity, Granularity[]>> = { week: ['day'], month: ['week', 'day'], quarter: ['month'], year: ['quarter'] };
  // A week nests in a month only as the theme's own period (weeks of a daily theme cross months).
  const candidates = (nested[target] ?? []).filter((g) => g === base || (g !== 'week' && coarserGranularities(base).includes(g)));
  return candidates[0] ?? base;
}

/**
 * Recomputes the listed `target` cells at the base level, per region, before any region is added:
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
  const del = new DataParams();
  const delTheme = del.add(themeId, 'uuid');
  const delLevel = del.add(level, 'text');
  const delTarget = del.add(target, 'text');
  const deleteSql = deleteListed(
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
function sourceRows(params: DataParams, theme: string, level: string, granularity: Granularity, keys: string, scope: CoarseScope): string {
  const filter = `b.theme_id = ${theme} AND b.level = ${level} AND b.granularity = ${params.add(granularity, 'text')} AND b.measure = ANY(${keys})`;
  return `SELECT b.*, d.t FROM unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.periods, 'text[]')}, ${params.add(scope.firsts, 'text[]')}, ${params.add(scope.lasts, 'text[]')}) AS d(r, t, first, last)
    CROSS JOIN LATERAL (SELECT b.* FROM aggregate_cell b WHERE ${filter}
      AND b.region_code = d.r COLLATE "C" AND b.period_key >= d.first COLLATE "C" AND b.period_key <= d.last COLLATE "C" OFFSET 0) b`;
}

function summedStatement(measures: Aggregation[], themeId: string, level: string, source: Granularity, target: Granularity, scope: CoarseScope): SqlStatement {
  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const keys = params.add(measures.map((m) => m.key), 'text[]');
  const rows = sourceRows(params, theme, levelParam, source, keys, scope);
  const sql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, ${params.add(target, 'text')}, r.t, r.region_code, r.measure, r.group_key,
  sum(r.row_count), sum(r.n), sum(r.value_sum), min(r.value_min), max(r.value_max), sum(r.numerator), sum(r.denominator)
FROM (${rows}) r
GROUP BY r.t, r.region_code, r.measure, r.group_key`;
  return { sql, params: params.values };
}

function windowedStatement(measures: Aggregation[], themeId: string, level: string, base: Granularity, target: Granularity, scope: CoarseScope): SqlStatement {
  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const keys = params.add(measures.map((a) => a.key), 'text[]');
  const overTimes = params.add(measures.map((a) => a.overTime ?? 'sum'), 'text[]');
  const source = sourceRows(params, theme, levelParam, base, keys, scope);
  // Only avg divides (by the periods the region reported): `last` keeps its components as stored.
  const divide = (column: string) => `(CASE WHEN m.over_time = 'avg' THEN sum(r.${column}) / r.periods ELSE sum(r.${column}) END)`;
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
export type AncestorScope = { regions: string[]; granularities: string[]; periods: string[] };

/**
 * Recomputes the listed cells at `level` by adding the components of their children one level down
 * (`childLevel`). Levels are processed bottom-up, so each level reads children that are already up
 * to date; derived values are never added.
 */
export function regionRollupStatements(themeId: string, level: string, childLevel: string, scope: AncestorScope): SqlStatement[] {
  const del = new DataParams();
  const delTheme = del.add(themeId, 'uuid');
  const delLevel = del.add(level, 'text');
  const deleteSql = deleteListed(
    `unnest(${del.add(scope.regions, 'text[]')}, ${del.add(scope.granularities, 'text[]')}, ${del.add(scope.periods, 'text[]')}) AS d(r, g, t)`,
    `c.theme_id = ${delTheme} AND c.level = ${delLevel} AND c.granularity = d.g AND c.period_key = d.t COLLATE "C" AND c.region_code = d.r COLLATE "C"`,
  );

  const params = new DataParams();
  const theme = params.add(themeId, 'uuid');
  const levelParam = params.add(level, 'text');
  const childParam = params.add(childLevel, 'text');
  const sums = 'sum(c.row_count), sum(c.n), sum(c.value_sum), min(c.value_min), max(c.value_max), sum(c.numerator), sum(c.denominator)';
  const insertSql = `INSERT INTO aggregate_cell (${CELL_COLUMNS})
SELECT ${theme}, ${levelParam}, d.g, d.t, d.r, c.measure, c.group_key, ${sums}
FROM unnest(${params.add(scope.regions, 'text[]')}, ${params.add(scope.granularities, 'text[]')}, ${params.add(scope.periods, 'text[]')}) AS d(r, g, t)
CROSS JOIN LATERAL (
  SELECT c.* FROM aggregate_cell c
  WHERE c.theme_id = ${theme} AND c.level = ${childParam} AND c.granularity = d.g AND c.period_key = d.t COLLATE "C"
    AND c.region_code > (d.r || '.') COLLATE "C" AND c.region_code < (d.r || '/') COLLATE "C"
  OFFSET 0) c
GROUP BY d.g, d.t, d.r, c.measure, c.group_key`;
  return [
    { sql: deleteSql, params: del.values },
    { sql: insertSql, params: params.values },
  ];
}

/** The cell an explanation is about, and the page of its submissions to list. */
export interface ExplainScope {
  themeId: string;
  /** The cell's region: its submissions are those in this subtree. */
  region: string;
  /** The base periods inside the cell's period, inclusive. */
  first: string;
  last: string;
  /** The cell's group key in each spelling it may be stored in (JSON text); null: no groupBy. */
  groupKeys: string[] | null;
  /** Submissions after this (region, period, id), in that order. */
  after: { regionCode: string; periodKey: string; id: string } | null;
  limit: number;
}

/**
 * The submissions behind one cell, each with what it adds to the cell's components: `value` (a
 * count's 0 or 1, the summed field), or a ratio's `numerator` and `denominator`. Counted submissions
 * only, every one of the cell, those a filter leaves out with 0. For `overTime: last` only each base
 * region's latest period counts, as in the cell.
 */
export function explainStatement(aggregation: Aggregation, scope: ExplainScope): SqlStatement {
  const params = new DataParams();
  const theme = params.add(scope.themeId, 'uuid');
  const region = params.add(scope.region, 'text');
  const first = params.add(scope.first, 'text');
  const last = params.add(scope.last, 'text');
  const values = new RowValues();
  const where = whereSql(params, values, aggregation.where);
  const filtered = (expression: string) => (where === 'true' ? expression : `CASE WHEN ${where} THEN ${expression} END`);
  let contribution: string;
  switch (aggregation.op) {
    case 'count': {
      const counted = aggregation.field !== undefined ? `${values.column(numberAt(params, aggregation.field))} IS NOT NULL` : 'true';
      contribution = `coalesce(${filtered(`CASE WHEN ${counted} THEN 1 ELSE 0 END`)}, 0)::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator`;
      break;
    }
    case 'ratio': {
      const side = (part: Aggregation['numerator']) => {
        const value = part?.field !== undefined ? values.column(numberAt(params, part.field)) : '1';
        const condition = whereSql(params, values, aggregation.where, part?.where);
        return `coalesce(${condition === 'true' ? value : `CASE WHEN ${condition} THEN ${value} END`}, 0)::numeric`;
      };
      contribution = `NULL::numeric AS value, ${side(aggregation.numerator)} AS numerator, ${side(aggregation.denominator)} AS denominator`;
      break;
    }
    default:
      contribution = `${filtered(values.column(numberAt(params, aggregation.field!)))}::numeric AS value, NULL::numeric AS numerator, NULL::numeric AS denominator`;
  }
  const group = groupKeySql(params, aggregation.groupBy);
  const conditions = [
    `s.theme_id = ${theme}`,
    COUNTED,
    `(s.region_code = ${region} OR (s.region_code > (${region} || '.') COLLATE "C" AND s.region_code < (${region} || '/') COLLATE "C"))`,
    `s.period_key COLLATE "C" BETWEEN ${first} AND ${last}`,
  ];
  if (scope.groupKeys) conditions.push(`${group} = ANY(${params.add(scope.groupKeys, 'text[]')})`);
  if ((aggregation.overTime ?? 'sum') === 'last' && scope.first !== scope.last) {
    conditions.push(`s.period_key = (SELECT max(l.period_key) FROM submission l
      WHERE l.theme_id = s.theme_id AND l.region_code = s.region_code AND l.current AND NOT l.is_test AND l.status <> 'rejected'
        AND l.period_key COLLATE "C" BETWEEN ${first} AND ${last})`);
  }
  if (scope.after) {
    const { regionCode, periodKey, id } = scope.after;
    conditions.push(`(s.region_code, s.period_key COLLATE "C", s.id) > (${params.add(regionCode, 'text')} COLLATE "C", ${params.add(periodKey, 'text')} COLLATE "C", ${params.add(id, 'uuid')})`);
  }
  const sql = `SELECT x.id, x.region_code AS "regionCode", x.period_key AS "periodKey", x.version, x.status, x.created_at AS "createdAt", ${contribution}
FROM (SELECT s.id, s.region_code, s.period_key, s.version, s.status, s.created_at${values.selectList()}
  FROM submission s WHERE ${conditions.join(' AND ')}
  ORDER BY s.region_code, s.period_key COLLATE "C", s.id LIMIT ${params.add(scope.limit, 'int')}) x
ORDER BY x.region_code, x.period_key COLLATE "C", x.id`;
  return { sql, params: params.values };
}
