import { Injectable } from '@nestjs/common';
import { BadRequest } from '../../common/domain-error';
import { decodeCursor, encodeCursor } from '../../common/pagination';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { addDuration, isValidPeriodKey, periodKeyAt, periodStart } from '../submissions/period';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { CompletenessRepository, CompletenessStatus, DueRegions, StatusCounts } from './completeness.repository';
import { periodKeyBefore, periodKeysBetween } from './period-range';

export type { CompletenessStatus };

export interface CompletenessItem {
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  status: CompletenessStatus;
  /** The first counted submission of the period (for a parent: the last of its regions' first ones). */
  submittedAt: Date | null;
  /** For a region above the theme's level: how many of its regions were due and how they stand. */
  expected?: number;
  onTime?: number;
  late?: number;
  missing?: number;
  rate?: number;
}

export interface CompletenessRollup {
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  /** Share of the due regions that reported (on time or late), 0–1. */
  rate: number;
  /** Share that reported on time, 0–1. */
  onTimeRate: number;
}

export interface CompletenessReport {
  theme: string;
  periodKey: string;
  level: RegionLevel;
  dueAt: Date | null;
  items: CompletenessItem[];
  nextCursor: string | null;
  /** The roll-up rate per parent region, from the theme's level up to the scope region. */
  rollup: CompletenessRollup[];
}

/** One period of the rate over time: how many regions were due, and how they stand. */
export interface CompletenessHistoryItem {
  periodKey: string;
  dueAt: Date | null;
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** Share of the due regions that reported (on time or late), 0–1; 0 when none was due. */
  rate: number;
}

export interface CompletenessHistory {
  theme: string;
  /** The theme's level: the regions counted. */
  level: RegionLevel;
  regionCode: string;
  items: CompletenessHistoryItem[];
}

export interface CompletenessHistoryQuery {
  from?: string;
  to?: string;
  region?: string;
}

/** Without `from`: this many periods up to `to`. */
export const HISTORY_DEFAULT_PERIODS = 12;
/** A year of days and a little more: enough for any chart, bounded for the database. */
export const HISTORY_MAX_PERIODS = 400;

export interface CompletenessQuery {
  period?: string;
  level?: string;
  region?: string;
  limit: number;
  cursor?: string;
}

function invalid(parameter: string, message: string): BadRequest {
  return new BadRequest('INVALID_QUERY', message, [{ path: `/${parameter}`, keyword: 'query', message }]);
}

/** The deadline of a period: start + dueAfter (WIB); null without `dueAfter` (never late). */
export function dueAt(definition: ThemeDefinition, periodKey: string): Date | null {
  if (!definition.dueAfter) return null;
  const start = periodStart(definition.period, periodKey);
  return start ? addDuration(start, definition.dueAfter) : null;
}

/**
 * The period a reminder at `now` asks about. When a theme is reported after its period has ended (its
 * deadline falls in a later period: a daily report due `P1DT10H`), that is the latest period that has
 * ended, so the 08:00 reminder and the 10:30 "still missing" reminder both ask about yesterday. When
 * the deadline falls within the period or at its end (no `dueAfter`, a month due `P5D`), it is the
 * current one.
 */
export function duePeriodKey(definition: ThemeDefinition, now: Date): string {
  const current = periodKeyAt(definition.period, now);
  if (definition.period === 'none') return current;
  const deadline = dueAt(definition, current);
  const reportedAfterItEnds = deadline !== null && periodKeyAt(definition.period, new Date(deadline.getTime() - 1)) !== current;
  return reportedAfterItEnds ? periodKeyBefore(definition.period, current, 1) : current;
}

/** Share of the due regions that reported, on time or late. */
function rate(row: StatusCounts): number {
  return row.expected ? (row.onTime + row.late) / row.expected : 0;
}

/**
 * Which regions at a periodic theme's level reported for a period, on time or late, and how that
 * rolls up the region tree. A region reported when it has a current, non-test, non-rejected
 * submission for the period; it is on time when its first such submission came before the deadline.
 */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly completeness: CompletenessRepository,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
  ) {}

  async report(actor: User, slug: string, query: CompletenessQuery, now = new Date()): Promise<CompletenessReport> {
    const { theme, definition } = await this.themes.latest(slug);
    if (definition.period === 'none') throw new BadRequest('THEME_NOT_PERIODIC', `Tematik ${slug} tidak berperiode; kelengkapan hanya untuk tematik berperiode`);
    const periodKey = query.period || periodKeyAt(definition.period, now);
    if (!isValidPeriodKey(definition.period, periodKey)) throw invalid('period', `period harus kunci periode ${definition.period} yang sah, bukan "${periodKey}"`);
    const baseIndex = REGION_LEVELS.indexOf(definition.regionLevel);
    const level = (query.level || definition.regionLevel) as RegionLevel;
    const levelIndex = REGION_LEVELS.indexOf(level);
    if (levelIndex < 0 || levelIndex > baseIndex) {
      throw invalid('level', `level harus salah satu dari ${REGION_LEVELS.slice(0, baseIndex + 1).join(', ')}`);
    }
    const scope = query.region || actor.regionCode;
    const due = dueAt(definition, periodKey);
    const cursor = decodeCursor(query.cursor);

    const dueRegions: DueRegions = { themeId: theme.id, periodKey, level: definition.regionLevel, scope, dueAt: due };
    let items: CompletenessItem[];
    let rows: number;
    if (levelIndex === baseIndex) {
      const found = await this.completeness.statuses(dueRegions, cursor, query.limit + 1);
      rows = found.length;
      items = found.slice(0, query.limit).map((row) => ({ regionCode: row.code, regionName: row.name, level, status: row.status, submittedAt: row.submittedAt }));
    } else {
      const found = await this.completeness.counts(dueRegions, levelIndex + 1, cursor, query.limit + 1);
      rows = found.length;
      const names = await this.regions.names(found.map((row) => row.code));
      items = found.slice(0, query.limit).map((row) => ({
        regionCode: row.code,
        regionName: names.get(row.code) ?? row.code,
        level,
        status: row.missing > 0 ? 'missing' : row.late > 0 ? 'late' : 'on_time',
        submittedAt: row.missing > 0 ? null : row.lastAt,
        expected: row.expected,
        onTime: row.onTime,
        late: row.late,
        missing: row.missing,
        rate: rate(row),
      }));
    }

    // Parents from the theme's level up to the scope region: each level is one GROUP BY over the due regions.
    const scopeDepth = scope.split('.').length;
    const parents: { depth: number; row: StatusCounts }[] = [];
    for (let depth = baseIndex; depth >= Math.max(1, scopeDepth); depth--) {
      for (const row of await this.completeness.counts(dueRegions, depth, null, 10_000)) parents.push({ depth, row });
    }
    const parentNames = await this.regions.names(parents.map(({ row }) => row.code));
    const rollup = parents.map(({ depth, row }): CompletenessRollup => ({
      regionCode: row.code,
      regionName: parentNames.get(row.code) ?? row.code,
      level: REGION_LEVELS[depth - 1],
      expected: row.expected,
      onTime: row.onTime,
      late: row.late,
      missing: row.missing,
      rate: rate(row),
      onTimeRate: row.expected ? row.onTime / row.expected : 0,
    }));
    const last = items[items.length - 1];
    return {
      theme: slug,
      periodKey,
      level,
      dueAt: due,
      items,
      nextCursor: rows > query.limit ? encodeCursor(last.regionCode) : null,
      rollup,
    };
  }

  /**
   * The rate over time: for each period from `from` to `to` (default: the 12 periods up to the
   * current one), how many regions at the theme's level inside the scope were due, on time, late
   * and missing — one statement for the whole range.
   */
  async history(actor: User, slug: string, query: CompletenessHistoryQuery, now = new Date()): Promise<CompletenessHistory> {
    const { theme, definition } = await this.themes.latest(slug);
    const period = definition.period;
    if (period === 'none') throw new BadRequest('THEME_NOT_PERIODIC', `Tematik ${slug} tidak berperiode; kelengkapan hanya untuk tematik berperiode`);
    for (const key of ['from', 'to'] as const) {
      const value = query[key];
      if (value && !isValidPeriodKey(period, value)) throw invalid(key, `${key} harus kunci periode ${period} yang sah, bukan "${value}"`);
    }
    const to = query.to || periodKeyAt(period, now);
    const from = query.from || periodKeyBefore(period, to, HISTORY_DEFAULT_PERIODS - 1);
    const keys = periodKeysBetween(period, from, to, HISTORY_MAX_PERIODS);
    if (!keys) throw invalid('from', `Rentang periode paling panjang ${HISTORY_MAX_PERIODS} periode`);
    if (!keys.length) throw invalid('from', 'from harus sama dengan atau sebelum to');
    const scope = query.region || actor.regionCode;
    const periods = keys.map((key) => ({ key, dueAt: dueAt(definition, key) }));
    const counted = new Map((await this.completeness.countsPerPeriod(theme.id, definition.regionLevel, scope, periods)).map((row) => [row.periodKey, row]));
    const items = periods.map(({ key, dueAt: deadline }): CompletenessHistoryItem => {
      const row = counted.get(key) ?? { due: 0, onTime: 0, late: 0 };
      const missing = row.due - row.onTime - row.late;
      return { periodKey: key, dueAt: deadline, due: row.due, onTime: row.onTime, late: row.late, missing, rate: row.due ? (row.onTime + row.late) / row.due : 0 };
    });
    return { theme: slug, level: definition.regionLevel, regionCode: scope, items };
  }

  /**
   * Codes of the regions at the theme's level, inside `scope` (null: the whole tree), with no counted
   * submission for the period: who a `missing` reminder is about.
   */
  async missingRegions(themeId: string, definition: ThemeDefinition, periodKey: string, scope: string | null): Promise<string[]> {
    return this.completeness.missing({ themeId, periodKey, level: definition.regionLevel, scope, dueAt: dueAt(definition, periodKey) });
  }
}
