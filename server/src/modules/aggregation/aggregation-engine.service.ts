import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobProducer } from '../jobs/job-producer';
import type { RegionLevel } from '../regions/region.entity';
import type { ThemeDefinition } from '../themes/theme-definition';
import { ThemesService } from '../themes/themes.service';
import {
  AncestorScope,
  baseCellStatements,
  CoarseScope,
  deleteBaseCells,
  ListedCells,
  recomputeStatements,
  regionRollupStatements,
  SqlStatement,
  sumSource,
  timeRollupStatements,
} from './aggregation-sql';
import { ancestorLevels, baseRange, coarsePeriodKey, coarserGranularities, Granularity, granularitiesFrom, levelDepth } from './granularity';

/** A base-level cell of some granularity whose ancestors must be re-added. */
interface RollupMark {
  regionCode: string;
  granularity: string;
  periodKey: string;
}

/**
 * The coarse cells that a set of base cells rolls up into, each with the first and last period of
 * `source` granularity inside it (the base periods, or the finer periods `overTime: sum` adds).
 */
export function coarseScope(base: Granularity, target: Granularity, cells: Cell[], source: Granularity = base): CoarseScope {
  const touched = new Map<string, [string, string, string, string]>();
  for (const cell of cells) {
    const period = coarsePeriodKey(base, target, cell.periodKey);
    const [first, last] = baseRange(source, target, period);
    touched.set(`${cell.regionCode} ${period}`, [cell.regionCode, period, first, last]);
  }
  const rows = [...touched.values()];
  return { regions: rows.map((r) => r[0]), periods: rows.map((r) => r[1]), firsts: rows.map((r) => r[2]), lasts: rows.map((r) => r[3]) };
}

/** The cells at depth `depth` that contain the marked base-level cells. */
export function ancestorScope(marks: RollupMark[], depth: number): AncestorScope {
  const touched = new Map<string, [string, string, string]>();
  for (const mark of marks) {
    const region = mark.regionCode.split('.').slice(0, depth).join('.');
    touched.set(`${region} ${mark.granularity} ${mark.periodKey}`, [region, mark.granularity, mark.periodKey]);
  }
  const rows = [...touched.values()];
  return { regions: rows.map((r) => r[0]), granularities: rows.map((r) => r[1]), periods: rows.map((r) => r[2]) };
}

/** Advisory-lock namespace of the aggregation engine (first key of the two-key form). */
export const AGGREGATION_LOCK = 72_0402;

/**
 * Lock keys, taken in this order so no two jobs wait on each other in a cycle: the theme (shared by
 * cell refreshes, exclusive for a full recompute), then a base region (its coarser periods are shared
 * by every period of that region), and separately the theme's roll-up.
 */
export function themeLockKey(themeId: string): string {
  return `theme/${themeId}`;
}
export function regionLockKey(themeId: string, regionCode: string): string {
  return `region/${themeId}/${regionCode}`;
}
export function rollupLockKey(themeId: string): string {
  return `rollup/${themeId}`;
}

export interface ThemeAggregationContext {
  themeId: string;
  version: number;
  definition: ThemeDefinition;
}

export interface Cell {
  regionCode: string;
  periodKey: string;
}

/** Dirty cells one refresh job takes along with the one it was enqueued for. */
const REFRESH_BATCH = 200;

/** At most this many changed periods are named in an `aggregate.changed` event. */
const MAX_CHANGES_IN_EVENT = 100;

/**
 * The aggregation engine (see DESIGN.md, "How roll-ups stay exact"). Base cells hold additive
 * components computed from submissions; coarser periods are computed per base region from its base
 * periods (honouring `overTime`); every level up the region tree adds its children's components.
 * Incremental refreshes run these steps over the cells they touch; the full recompute runs the same
 * steps over every cell, with the measures' components side by side in session-local tables (one
 * scan of the submissions per groupBy) and the theme's cells rewritten in place at the end
 * (`recomputeStatements`). Tests hold both to the same cells.
 */
@Injectable()
export class AggregationEngine {
  constructor(
    private readonly dataSource: DataSource,
    private readonly themes: ThemesService,
    private readonly producer: JobProducer,
  ) {}

  /** The latest published version, whose aggregations apply to every version's submissions. */
  async context(themeId: string, manager?: EntityManager): Promise<ThemeAggregationContext | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(`SELECT latest_version FROM theme WHERE id = $1`, [themeId])) as {
      latest_version: number | null;
    }[];
    const version = rows[0]?.latest_version ?? null;
    if (version === null) return null;
    return { themeId, version, definition: await this.themes.definition(themeId, version, manager) };
  }

  /**
   * Recomputes dirty base cells of a theme from their submissions, their coarser periods at the base
   * level, and marks their ancestors for the roll-up; then clears the cells' dirty marks. The
   * requested cell comes first, and up to `REFRESH_BATCH` other dirty cells of the theme are taken
   * along (locked with SKIP LOCKED, so concurrent refreshes split the work): under load most cell
   * jobs then find their cell already done and return at once. Idempotent: a second run of the same
   * cells leaves the same rows.
   */
  async refreshCells(themeId: string, requested: Cell[]): Promise<number> {
    const refreshed = await this.dataSource.transaction(async (manager) => {
      await lock(manager, themeLockKey(themeId), 'shared');
      const cells = ((await manager.query(
        `SELECT region_code, period_key FROM aggregate_dirty_cell
         WHERE theme_id = $1
         ORDER BY (region_code, period_key) IN (SELECT r COLLATE "C", p COLLATE "C" FROM unnest($2::text[], $3::text[]) AS c(r, p)) DESC, marked_at
         LIMIT $4 FOR UPDATE SKIP LOCKED`,
        [themeId, requested.map((cell) => cell.regionCode), requested.map((cell) => cell.periodKey), REFRESH_BATCH],
      )) as { region_code: string; period_key: string }[])
        .map((row) => ({ regionCode: row.region_code, periodKey: row.period_key }))
        .sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0));
      if (!cells.length) return null;
      for (const regionCode of [...new Set(cells.map((cell) => cell.regionCode))]) await lock(manager, regionLockKey(themeId, regionCode));
      // Read before the submissions are: every mark up to here is for a submission this run sees.
      const generation = await currentGeneration(manager);
      const context = await this.context(themeId, manager);
      const regions = cells.map((cell) => cell.regionCode);
      const periods = cells.map((cell) => cell.periodKey);
      if (context) {
        const { definition } = context;
        const scope: ListedCells = { regions, periods };
        await run(manager, [
          deleteBaseCells(themeId, definition.regionLevel, definition.period, scope),
          ...baseCellStatements(definition.aggregations, themeId, definition.regionLevel, definition.period, scope),
          ...coarserGranularities(definition.period).flatMap((target) =>
            timeRollupStatements(
              definition.aggregations,
              themeId,
              definition.regionLevel,
              definition.period,
              target,
              coarseScope(definition.period, target, cells),
              coarseScope(definition.period, target, cells, sumSource(definition.period, target)),
            ),
          ),
        ]);
        const marks = granularitiesFrom(definition.period).flatMap((target) =>
          cells.map((cell) => ({ regionCode: cell.regionCode, granularity: target, periodKey: coarsePeriodKey(definition.period, target, cell.periodKey) })),
        );
        await manager.query(
          `INSERT INTO aggregate_dirty_rollup (theme_id, region_code, granularity, period_key)
           SELECT DISTINCT $1::uuid, r, g, p FROM unnest($2::text[], $3::text[], $4::text[]) AS m(r, g, p)
           ON CONFLICT DO NOTHING`,
          [themeId, marks.map((m) => m.regionCode), marks.map((m) => m.granularity), marks.map((m) => m.periodKey)],
        );
      }
      await manager.query(
        `DELETE FROM aggregate_dirty_cell
         WHERE theme_id = $1 AND generation <= $2
           AND (region_code, period_key) IN (SELECT r COLLATE "C", p COLLATE "C" FROM unnest($3::text[], $4::text[]) AS c(r, p))`,
        [themeId, generation, regions, periods],
      );
      return context ? cells.length : 0;
    });
    if (refreshed) await this.producer.enqueue('aggregation.rollup', { themeId });
    return refreshed ?? 0;
  }

  /**
   * Re-adds the ancestors of every base cell marked since the last roll-up, level by level from the
   * base's parent up to the province, in one transaction. One roll-up per theme runs at a time.
   */
  async rollup(themeId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lock(manager, rollupLockKey(themeId));
      const marks = (await manager.query(
        `WITH taken AS (DELETE FROM aggregate_dirty_rollup WHERE theme_id = $1 RETURNING region_code, granularity, period_key)
         SELECT * FROM taken`,
        [themeId],
      )) as { region_code: string; granularity: string; period_key: string }[];
      if (!marks.length) return;
      const context = await this.context(themeId, manager);
      if (!context) return;
      const rollupMarks = marks.map((mark) => ({ regionCode: mark.region_code, granularity: mark.granularity, periodKey: mark.period_key }));
      await run(manager, this.regionRollups(themeId, context.definition.regionLevel, rollupMarks));
      const changes = [...new Map(marks.map((mark) => [`${mark.granularity}/${mark.period_key}`, { granularity: mark.granularity, periodKey: mark.period_key }])).values()];
      await this.announce(manager, themeId, changes.slice(0, MAX_CHANGES_IN_EVENT), false);
    });
  }

  /**
   * Recomputes every cell of a theme and replaces its results in one transaction: readers see the old
   * results until the new ones are complete. Without `force`, a theme whose cells already match the
   * latest version's aggregations is left alone.
   */
  async recompute(themeId: string, force: boolean): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await lock(manager, themeLockKey(themeId));
      await lock(manager, rollupLockKey(themeId));
      const context = await this.context(themeId, manager);
      if (!context) return false;
      const [{ signature }] = (await manager.query(
        `SELECT md5((definition -> 'aggregations')::text) AS signature FROM theme_version WHERE theme_id = $1 AND version = $2`,
        [themeId, context.version],
      )) as { signature: string }[];
      if (!force) {
        const stored = (await manager.query(`SELECT signature FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as { signature: string }[];
        if (stored[0]?.signature === signature) return false;
      }
      const generation = await currentGeneration(manager);
      const { definition } = context;
      // Whole-theme GROUP BYs: enough memory to hash them without spilling to disk. No JIT: compiling
      // the wide aggregates (again in every parallel worker) took longer than running them.
      await manager.query(`SET LOCAL work_mem = '128MB'`);
      await manager.query(`SET LOCAL jit = off`);
      await run(manager, recomputeStatements(definition.aggregations, themeId, definition.regionLevel, definition.period));
      await manager.query(`DELETE FROM aggregate_dirty_cell WHERE theme_id = $1 AND generation <= $2`, [themeId, generation]);
      await manager.query(`DELETE FROM aggregate_dirty_rollup WHERE theme_id = $1`, [themeId]);
      await manager.query(
        `INSERT INTO aggregate_theme (theme_id, signature, version, recomputed_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (theme_id) DO UPDATE SET signature = EXCLUDED.signature, version = EXCLUDED.version, recomputed_at = now()`,
        [themeId, signature, context.version],
      );
      await this.announce(manager, themeId, [], true);
      return true;
    });
  }

  private regionRollups(themeId: string, baseLevel: RegionLevel, marks: RollupMark[]): SqlStatement[] {
    let child: RegionLevel = baseLevel;
    const statements: SqlStatement[] = [];
    for (const level of ancestorLevels(baseLevel)) {
      statements.push(...regionRollupStatements(themeId, level, child, ancestorScope(marks, levelDepth(level))));
      child = level;
    }
    return statements;
  }

  /** An `aggregate.changed` outbox row, committed with the change: the relay hands it to webhooks. */
  private async announce(manager: EntityManager, themeId: string, changes: { granularity: string; periodKey: string }[], full: boolean): Promise<void> {
    await manager.query(`INSERT INTO outbox (topic, payload) VALUES ('aggregate.changed', $1)`, [JSON.stringify({ themeId, full, changes })]);
  }
}

async function lock(manager: EntityManager, key: string, mode: 'shared' | 'exclusive' = 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT ${fn}($1, hashtext($2))`, [AGGREGATION_LOCK, key]);
}

/**
 * The newest dirty-mark generation handed out so far. A mark with a generation up to this one was
 * made after its submission committed and before this transaction reads submissions, so this run
 * sees that submission and may clear the mark; newer marks stay for the next run.
 */
async function currentGeneration(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS generation FROM aggregate_dirty_generation`,
  )) as { generation: string }[];
  return row.generation;
}

async function run(manager: EntityManager, statements: SqlStatement[]): Promise<void> {
  for (const statement of statements) await manager.query(statement.sql, statement.params);
}
