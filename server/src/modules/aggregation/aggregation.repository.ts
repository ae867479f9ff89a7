import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { execute, firstRow, rows, SqlParams, SqlStatement } from '../../database/sql';
import { subtreeCondition } from '../regions/region.repository';
import { themeExistsSql } from '../themes/theme.repository';
import type { SuppressionCell } from './suppression';

/** A base cell: one region at the theme's level, one period of the theme's own granularity. */
export interface Cell {
  regionCode: string;
  periodKey: string;
}

export interface ThemeCell extends Cell {
  themeId: string;
}

/** A base-level cell of some granularity whose ancestors must be re-added. */
export interface RollupMark {
  regionCode: string;
  granularity: string;
  periodKey: string;
}

/** A stored cell's key and additive components, as the read API derives values from them. */
export interface CellRow {
  regionCode: string;
  periodKey: string;
  measure: string;
  groupKey: string;
  rowCount: string;
  n: string;
  valueSum: string | null;
  valueMin: string | null;
  valueMax: string | null;
  numerator: string | null;
  denominator: string | null;
}

/** One submission behind a cell, and what it contributed (as explainStatement answers it). */
export interface ExplainedRow {
  id: string;
  regionCode: string;
  periodKey: string;
  version: number;
  status: string;
  createdAt: Date;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
}

export interface CellQuery {
  themeId: string;
  level: string;
  granularity: string;
  /** Regions inside or equal to this one. */
  region: string;
  measures: string[];
  from?: string;
  to?: string;
  /** Cells after this key, in the order answered. */
  after: { regionCode: string; periodKey: string; measure: string; groupKey: string } | null;
  limit: number;
}

/** Advisory-lock namespace of the aggregation engine (first key of the two-key form). */
export const AGGREGATION_LOCK = 72_0402;

const CELL_ROW = `c.region_code AS "regionCode", c.period_key AS "periodKey", c.measure, c.group_key AS "groupKey",
  c.row_count AS "rowCount", c.n, c.value_sum AS "valueSum", c.value_min AS "valueMin", c.value_max AS "valueMax", c.numerator, c.denominator`;

/**
 * `aggregate_cell` (the results), `aggregate_dirty_cell` and `aggregate_dirty_rollup` (work to do,
 * with the `aggregate_dirty_generation` sequence) and `aggregate_theme` (which aggregations a
 * theme's cells were computed for). The statements that compute cells come from aggregation-sql.ts.
 */
@Injectable()
export class AggregationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Runs statements from the builders, in order. */
  run(manager: EntityManager, statements: SqlStatement[]): Promise<void> {
    return execute(manager, statements);
  }

  async lock(manager: EntityManager, key: string, mode: 'shared' | 'exclusive' = 'exclusive'): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT ${fn}($1, hashtext($2))`, [AGGREGATION_LOCK, key]);
  }

  /**
   * Marks cells dirty, each with a new generation, in the order given (a stable order, so two relays
   * never wait on each other); cells of themes that do not exist are skipped. Answers the cells marked.
   */
  async markDirty(manager: EntityManager, cells: ThemeCell[]): Promise<ThemeCell[]> {
    const params = new SqlParams();
    const themes = params.add(cells.map((c) => c.themeId), 'uuid[]');
    const regions = params.add(cells.map((c) => c.regionCode), 'text[]');
    const periods = params.add(cells.map((c) => c.periodKey), 'text[]');
    return rows<ThemeCell>(
      manager,
      `INSERT INTO aggregate_dirty_cell (theme_id, region_code, period_key, generation)
       SELECT c.t, c.r, c.p, nextval('aggregate_dirty_generation')
       FROM unnest(${themes}, ${regions}, ${periods}) WITH ORDINALITY AS c(t, r, p, i)
       WHERE ${themeExistsSql('c.t')}
       ORDER BY c.i
       ON CONFLICT (theme_id, region_code, period_key) DO UPDATE SET generation = EXCLUDED.generation, marked_at = now()
       RETURNING theme_id AS "themeId", region_code AS "regionCode", period_key AS "periodKey"`,
      params.values,
    );
  }

  /**
   * The newest dirty-mark generation handed out so far. A mark with a generation up to this one was
   * made after its submission committed and before this transaction reads submissions, so this run
   * sees that submission and may clear the mark; newer marks stay for the next run.
   */
  async currentGeneration(manager: EntityManager): Promise<string> {
    const row = await firstRow<{ generation: string }>(manager, `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS generation FROM aggregate_dirty_generation`);
    return row!.generation;
  }

  /**
   * Up to `limit` dirty cells of a theme, the requested ones first, then the oldest; locked with SKIP
   * LOCKED, so concurrent refreshes split the work.
   */
  takeDirtyCells(manager: EntityManager, themeId: string, requested: Cell[], limit: number): Promise<Cell[]> {
    return rows<Cell>(
      manager,
      `SELECT region_code AS "regionCode", period_key AS "periodKey" FROM aggregate_dirty_cell
       WHERE theme_id = $1
       ORDER BY (region_code, period_key) IN (SELECT r COLLATE "C", p COLLATE "C" FROM unnest($2::text[], $3::text[]) AS c(r, p)) DESC, marked_at
       LIMIT $4 FOR UPDATE SKIP LOCKED`,
      [themeId, requested.map((cell) => cell.regionCode), requested.map((cell) => cell.periodKey), limit],
    );
  }

  /** Clears these cells' marks, unless a newer mark (after `generation`) came in meanwhile. */
  async clearDirtyCells(manager: EntityManager, themeId: string, generation: string, cells: Cell[]): Promise<void> {
    await manager.query(
      `DELETE FROM aggregate_dirty_cell
       WHERE theme_id = $1 AND generation <= $2
         AND (region_code, period_key) IN (SELECT r COLLATE "C", p COLLATE "C" FROM unnest($3::text[], $4::text[]) AS c(r, p))`,
      [themeId, generation, cells.map((cell) => cell.regionCode), cells.map((cell) => cell.periodKey)],
    );
  }

  async markRollups(manager: EntityManager, themeId: string, marks: RollupMark[]): Promise<void> {
    await manager.query(
      `INSERT INTO aggregate_dirty_rollup (theme_id, region_code, granularity, period_key)
       SELECT DISTINCT $1::uuid, r, g, p FROM unnest($2::text[], $3::text[], $4::text[]) AS m(r, g, p)
       ON CONFLICT DO NOTHING`,
      [themeId, marks.map((m) => m.regionCode), marks.map((m) => m.granularity), marks.map((m) => m.periodKey)],
    );
  }

  /** Removes and answers every roll-up mark of the theme. */
  takeRollups(manager: EntityManager, themeId: string): Promise<RollupMark[]> {
    return rows<RollupMark>(
      manager,
      `WITH taken AS (DELETE FROM aggregate_dirty_rollup WHERE theme_id = $1 RETURNING region_code, granularity, period_key)
       SELECT region_code AS "regionCode", granularity, period_key AS "periodKey" FROM taken`,
      [themeId],
    );
  }

  /**
   * After a full recompute: every mark up to `generation` is done. Answers the base cells those marks
   * named (dirty cells, and roll-up marks at `baseGranularity`): changes the recompute took in.
   */
  async clearTheme(manager: EntityManager, themeId: string, generation: string, baseGranularity: string): Promise<Cell[]> {
    const cells = await rows<Cell>(
      manager,
      `WITH cells AS (DELETE FROM aggregate_dirty_cell WHERE theme_id = $1 AND generation <= $2 RETURNING region_code, period_key),
       rollups AS (DELETE FROM aggregate_dirty_rollup WHERE theme_id = $1 RETURNING region_code, granularity, period_key)
       SELECT region_code AS "regionCode", period_key AS "periodKey" FROM cells
       UNION SELECT region_code, period_key FROM rollups WHERE granularity = $3`,
      [themeId, generation, baseGranularity],
    );
    return cells;
  }

  /** Whole-theme GROUP BYs: enough memory to hash them without spilling to disk, and no JIT. */
  async tuneForRecompute(manager: EntityManager): Promise<void> {
    // Compiling the wide aggregates (again in every parallel worker) took longer than running them.
    await manager.query(`SET LOCAL work_mem = '128MB'`);
    await manager.query(`SET LOCAL jit = off`);
  }

  /** The signature of the aggregations the theme's cells were last computed for. */
  async storedSignature(manager: EntityManager, themeId: string): Promise<string | null> {
    const row = await firstRow<{ signature: string }>(manager, `SELECT signature FROM aggregate_theme WHERE theme_id = $1`, [themeId]);
    return row?.signature ?? null;
  }

  async storedSignatures(): Promise<Map<string, string>> {
    const found = await rows<{ themeId: string; signature: string }>(this.dataSource, `SELECT theme_id AS "themeId", signature FROM aggregate_theme`);
    return new Map(found.map((row) => [row.themeId, row.signature]));
  }

  async saveSignature(manager: EntityManager, themeId: string, signature: string, version: number): Promise<void> {
    await manager.query(
      `INSERT INTO aggregate_theme (theme_id, signature, version, recomputed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (theme_id) DO UPDATE SET signature = EXCLUDED.signature, version = EXCLUDED.version, recomputed_at = now()`,
      [themeId, signature, version],
    );
  }

  /** Dirty cells marked before `staleMs` ago (their job may be lost), oldest first. */
  staleCells(staleMs: number, limit: number): Promise<ThemeCell[]> {
    return rows<ThemeCell>(
      this.dataSource,
      `SELECT theme_id AS "themeId", region_code AS "regionCode", period_key AS "periodKey" FROM aggregate_dirty_cell
       WHERE marked_at < now() - make_interval(secs => $1::float8 / 1000) ORDER BY marked_at LIMIT $2`,
      [staleMs, limit],
    );
  }

  /** Themes with a roll-up mark older than `staleMs`. */
  async staleRollupThemes(staleMs: number): Promise<string[]> {
    const found = await rows<{ themeId: string }>(
      this.dataSource,
      `SELECT DISTINCT theme_id AS "themeId" FROM aggregate_dirty_rollup WHERE marked_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [staleMs],
    );
    return found.map((row) => row.themeId);
  }

  /** Their jobs were enqueued again: they count as stale only after another wait. */
  async restartAge(cells: ThemeCell[], rollupThemes: string[]): Promise<void> {
    if (cells.length) {
      await this.dataSource.query(
        `UPDATE aggregate_dirty_cell SET marked_at = now()
         WHERE (theme_id, region_code, period_key) IN (SELECT t, r COLLATE "C", p COLLATE "C" FROM unnest($1::uuid[], $2::text[], $3::text[]) AS c(t, r, p))`,
        [cells.map((c) => c.themeId), cells.map((c) => c.regionCode), cells.map((c) => c.periodKey)],
      );
    }
    if (rollupThemes.length) await this.dataSource.query(`UPDATE aggregate_dirty_rollup SET marked_at = now() WHERE theme_id = ANY($1::uuid[])`, [rollupThemes]);
  }

  /**
   * Every cell of the measures in the listed provinces' subtrees, at every level and granularity,
   * with period keys starting with one of `years` (all periods when null): whole suppression blocks.
   */
  blockCells(themeId: string, measures: string[], provinces: string[], years: string[] | null): Promise<SuppressionCell[]> {
    const params = new SqlParams();
    const conditions = [
      `c.theme_id = ${params.add(themeId, 'uuid')}`,
      `c.measure = ANY(${params.add(measures, 'text[]')})`,
      `split_part(c.region_code, '.', 1) = ANY(${params.add(provinces, 'text[]')})`,
    ];
    if (years) conditions.push(`left(c.period_key, 4) = ANY(${params.add(years, 'text[]')})`);
    return rows<SuppressionCell>(
      this.dataSource,
      `SELECT c.measure, c.level, c.granularity, c.period_key AS "periodKey", c.region_code AS "regionCode", c.group_key AS "groupKey",
         c.row_count::float8 AS "rowCount", c.n::float8 AS n, c.numerator::float8 AS numerator, c.denominator::float8 AS denominator
       FROM aggregate_cell c WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
  }

  /** One stored cell, or null. */
  cell(key: { themeId: string; level: string; granularity: string; periodKey: string; regionCode: string; measure: string; groupKeys: string[] }): Promise<CellRow | null> {
    return firstRow<CellRow>(
      this.dataSource,
      `SELECT ${CELL_ROW} FROM aggregate_cell c
       WHERE c.theme_id = $1 AND c.level = $2 AND c.granularity = $3 AND c.period_key = $4 AND c.region_code = $5 AND c.measure = $6 AND c.group_key = ANY($7::text[])`,
      [key.themeId, key.level, key.granularity, key.periodKey, key.regionCode, key.measure, key.groupKeys],
    );
  }

  /** One ungrouped measure's cells of one region at one level and granularity, from `from` to `to` inclusive, by period. */
  regionCells(manager: EntityManager, key: { themeId: string; level: string; granularity: string; regionCode: string; measure: string; from: string; to: string }): Promise<CellRow[]> {
    return rows<CellRow>(
      manager,
      `SELECT ${CELL_ROW} FROM aggregate_cell c
       WHERE c.theme_id = $1 AND c.level = $2 AND c.granularity = $3 AND c.region_code = $4 AND c.measure = $5 AND c.group_key = 'null'
         AND c.period_key >= $6 COLLATE "C" AND c.period_key <= $7 COLLATE "C"
       ORDER BY c.period_key`,
      [key.themeId, key.level, key.granularity, key.regionCode, key.measure, key.from, key.to],
    );
  }

  /** The rows of an `explainStatement`. */
  explain(statement: SqlStatement): Promise<ExplainedRow[]> {
    return rows<ExplainedRow>(this.dataSource, statement.sql, statement.params);
  }

  /** How many cells `cells` would answer without a limit (an export's progress). */
  async countCells(query: Omit<CellQuery, 'after' | 'limit'>): Promise<number> {
    const { sql, params } = this.cellsSql({ ...query, after: null, limit: 0 }, true);
    const row = await firstRow<{ n: number }>(this.dataSource, sql, params);
    return row?.n ?? 0;
  }

  /** One page of cells, in (region, period, measure, group) order. */
  cells(query: CellQuery): Promise<CellRow[]> {
    const { sql, params } = this.cellsSql(query, false);
    return rows<CellRow>(this.dataSource, sql, params);
  }

  private cellsSql(query: CellQuery, count: boolean): { sql: string; params: unknown[] } {
    const params = new SqlParams();
    const region = params.add(query.region, 'text');
    const conditions = [
      `c.theme_id = ${params.add(query.themeId, 'uuid')}`,
      `c.level = ${params.add(query.level, 'text')}`,
      `c.granularity = ${params.add(query.granularity, 'text')}`,
      subtreeCondition('c.region_code', region),
      `c.measure = ANY(${params.add(query.measures, 'text[]')})`,
    ];
    if (query.from) conditions.push(`c.period_key >= ${params.add(query.from, 'text')} COLLATE "C"`);
    if (query.to) conditions.push(`c.period_key <= ${params.add(query.to, 'text')} COLLATE "C"`);
    if (query.after) {
      const { regionCode, periodKey, measure, groupKey } = query.after;
      const keys = [regionCode, periodKey, measure, groupKey].map((value) => `${params.add(value, 'text')} COLLATE "C"`);
      conditions.push(`(c.region_code, c.period_key, c.measure, c.group_key) > (${keys.join(', ')})`);
    }
    if (count) return { sql: `SELECT count(*)::int AS n FROM aggregate_cell c WHERE ${conditions.join(' AND ')}`, params: params.values };
    return {
      sql: `SELECT ${CELL_ROW} FROM aggregate_cell c
       WHERE ${conditions.join(' AND ')}
       ORDER BY c.region_code, c.period_key, c.measure, c.group_key
       LIMIT ${params.add(query.limit, 'int')}`,
      params: params.values,
    };
  }
}
