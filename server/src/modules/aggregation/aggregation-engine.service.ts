import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobProducer } from '../jobs/job-producer';
import { writeOutbox } from '../jobs/outbox.repository';
import type { RegionLevel } from '../regions/region.entity';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
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
import { AggregationRepository, Cell, RollupMark } from './aggregation.repository';
import { ancestorLevels, baseRange, coarsePeriodKey, coarserGranularities, Granularity, granularitiesFrom, levelDepth } from './granularity';

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

export type { Cell };

/** Dirty cells one refresh job takes along with the one it was enqueued for. */
const REFRESH_BATCH = 200;

/** At most this many changed periods are named in an `aggregate.changed` event. */
const MAX_CHANGES_IN_EVENT = 100;

/** Base cells named in one `aggregate.cells-changed` event. */
const CELLS_IN_EVENT = 500;

/**
 * The aggregation engine, exact at every level because it never adds derived values. Base cells
 * hold additive components (count, Σ, min, max, a ratio's Σnumerator and Σdenominator) computed
 * from submissions; coarser periods are computed per base region from its base periods (honouring
 * `overTime`); every level up the region tree adds its children's components. Incremental refreshes
 * run these steps over the cells they touch; the full recompute runs the same steps over every
 * cell, with the measures' components side by side in session-local tables (one scan of the
 * submissions per groupBy) and the theme's cells rewritten in place at the end
 * (`recomputeStatements`). Tests hold both to the same cells.
 */
@Injectable()
export class AggregationEngine {
  constructor(
    private readonly repository: AggregationRepository,
    private readonly themes: ThemesService,
    private readonly producer: JobProducer,
  ) {}

  /** The latest published version, whose aggregations apply to every version's submissions. */
  async context(themeId: string, manager?: EntityManager): Promise<ThemeAggregationContext | null> {
    const latest = await this.themes.latestById(themeId, manager);
    return latest && { themeId, version: latest.version, definition: latest.definition };
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
    const refreshed = await this.repository.transaction(async (manager) => {
      await this.repository.lock(manager, themeLockKey(themeId), 'shared');
      const cells = (await this.repository.takeDirtyCells(manager, themeId, requested, REFRESH_BATCH)).sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0));
      if (!cells.length) return null;
      for (const regionCode of [...new Set(cells.map((cell) => cell.regionCode))]) await this.repository.lock(manager, regionLockKey(themeId, regionCode));
      // Read before the submissions are: every mark up to here is for a submission this run sees.
      const generation = await this.repository.currentGeneration(manager);
      const context = await this.context(themeId, manager);
      const regions = cells.map((cell) => cell.regionCode);
      const periods = cells.map((cell) => cell.periodKey);
      if (context) {
        const { definition } = context;
        const scope: ListedCells = { regions, periods };
        await this.repository.run(manager, [
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
        await this.repository.markRollups(manager, themeId, marks);
      }
      await this.repository.clearDirtyCells(manager, themeId, generation, cells);
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
    await this.repository.transaction(async (manager) => {
      await this.repository.lock(manager, rollupLockKey(themeId));
      const marks = await this.repository.takeRollups(manager, themeId);
      if (!marks.length) return;
      const context = await this.context(themeId, manager);
      if (!context) return;
      await this.repository.run(manager, this.regionRollups(themeId, context.definition.regionLevel, marks));
      const changes = [...new Map(marks.map((mark) => [`${mark.granularity}/${mark.periodKey}`, { granularity: mark.granularity, periodKey: mark.periodKey }])).values()];
      await this.announce(manager, themeId, changes.slice(0, MAX_CHANGES_IN_EVENT), false);
      if (context.definition.alerts?.length) await this.announceCells(manager, themeId, marks.filter((mark) => mark.granularity === context.definition.period));
    });
  }

  /**
   * Recomputes every cell of a theme and replaces its results in one transaction: readers see the old
   * results until the new ones are complete. Without `force`, a theme whose cells already match the
   * latest version's aggregations is left alone.
   */
  async recompute(themeId: string, force: boolean): Promise<boolean> {
    return this.repository.transaction(async (manager) => {
      await this.repository.lock(manager, themeLockKey(themeId));
      await this.repository.lock(manager, rollupLockKey(themeId));
      const context = await this.context(themeId, manager);
      if (!context) return false;
      const signature = await this.themes.aggregationSignature(themeId, context.version, manager);
      if (!force && (await this.repository.storedSignature(manager, themeId)) === signature) return false;
      const generation = await this.repository.currentGeneration(manager);
      const { definition } = context;
      await this.repository.tuneForRecompute(manager);
      await this.repository.run(manager, recomputeStatements(definition.aggregations, themeId, definition.regionLevel, definition.period));
      const absorbed = await this.repository.clearTheme(manager, themeId, generation, definition.period);
      // Changes the recompute took in never reach a roll-up: the alert rules are told here instead.
      if (definition.alerts?.length && absorbed.length) await this.announceCells(manager, themeId, absorbed);
      await this.repository.saveSignature(manager, themeId, signature, context.version);
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

  /**
   * `aggregate.cells-changed` rows naming the base cells this roll-up re-added, committed with it: the
   * relay hands them to the alert rules, which look at those cells only (never every cell).
   */
  private async announceCells(manager: EntityManager, themeId: string, marks: Cell[]): Promise<void> {
    const cells = marks.map(({ regionCode, periodKey }) => ({ regionCode, periodKey }));
    for (let start = 0; start < cells.length; start += CELLS_IN_EVENT) {
      await writeOutbox(manager, 'aggregate.cells-changed', { themeId, cells: cells.slice(start, start + CELLS_IN_EVENT) });
    }
  }

  /** An `aggregate.changed` outbox row, committed with the change: the relay hands it to webhooks. */
  private announce(manager: EntityManager, themeId: string, changes: { granularity: string; periodKey: string }[], full: boolean): Promise<void> {
    return writeOutbox(manager, 'aggregate.changed', { themeId, full, changes });
  }
}
