import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequest } from '../../common/domain-error';
import { decodeCursor, encodeCursor } from '../../common/pagination';
import { subtreeCondition } from '../regions/region-scope';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { addDuration, isValidPeriodKey, periodKeyAt, periodStart } from '../submissions/period';
import type { ThemeDefinition } from '../themes/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';

export type CompletenessStatus = 'on_time' | 'late' | 'missing';

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

export interface CompletenessQuery {
  period?: string;
  level?: string;
  region?: string;
  limit: number;
  cursor?: string;
}

interface CountRow {
  code: string;
  name: string;
  expected: number;
  on_time: number;
  late: number;
  missing: number;
  last_at: Date | null;
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
 * Which regions at a periodic theme's level reported for a period, on time or late, and how that
 * rolls up the region tree. A region reported when it has a current, non-test, non-rejected
 * submission for the period; it is on time when its first such submission came before the deadline.
 */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly themes: ThemesService,
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

    const base = this.baseSql();
    const baseParams = [theme.id, periodKey, definition.regionLevel, scope, due];
    let items: CompletenessItem[];
    let rows: number;
    if (levelIndex === baseIndex) {
      const found = (await this.dataSource.query(
        `${base}
         SELECT code, name, submitted_at, status FROM base
         WHERE ($6::text IS NULL OR code > $6::text COLLATE "C") ORDER BY code LIMIT $7`,
        [...baseParams, cursor, query.limit + 1],
      )) as { code: string; name: string; submitted_at: Date | null; status: CompletenessStatus }[];
      rows = found.length;
      items = found.slice(0, query.limit).map((row) => ({ regionCode: row.code, regionName: row.name, level, status: row.status, submittedAt: row.submitted_at }));
    } else {
      const found = await this.counts(base, baseParams, levelIndex + 1, cursor, query.limit + 1);
      rows = found.length;
      items = found.slice(0, query.limit).map((row) => ({
        regionCode: row.code,
        regionName: row.name,
        level,
        status: row.missing > 0 ? 'missing' : row.late > 0 ? 'late' : 'on_time',
        submittedAt: row.missing > 0 ? null : row.last_at,
        expected: row.expected,
        onTime: row.on_time,
        late: row.late,
        missing: row.missing,
        rate: row.expected ? (row.on_time + row.late) / row.expected : 0,
      }));
    }

    // Parents from the theme's level up to the scope region: each level is one GROUP BY over `base`.
    const scopeDepth = scope.split('.').length;
    const rollup: CompletenessRollup[] = [];
    for (let depth = baseIndex; depth >= Math.max(1, scopeDepth); depth--) {
      for (const row of await this.counts(base, baseParams, depth, null, 10_000)) {
        rollup.push({
          regionCode: row.code,
          regionName: row.name,
          level: REGION_LEVELS[depth - 1],
          expected: row.expected,
          onTime: row.on_time,
          late: row.late,
          missing: row.missing,
          rate: row.expected ? (row.on_time + row.late) / row.expected : 0,
          onTimeRate: row.expected ? row.on_time / row.expected : 0,
        });
      }
    }
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
   * Codes of the regions at the theme's level, inside `scope` (null: the whole tree), with no counted
   * submission for the period: who a `missing` reminder is about.
   */
  async missingRegions(themeId: string, definition: ThemeDefinition, periodKey: string, scope: string | null): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `${this.baseSql()} SELECT code FROM base WHERE status = 'missing' ORDER BY code`,
      [themeId, periodKey, definition.regionLevel, scope, dueAt(definition, periodKey)],
    )) as { code: string }[];
    return rows.map((row) => row.code);
  }

  /** `base`: each region at the theme's level in scope, with its first submission and its status. */
  private baseSql(): string {
    return `WITH reported AS (
        SELECT s.region_code, min(s.created_at) AS submitted_at
        FROM submission s
        WHERE s.theme_id = $1 AND s.period_key = $2 AND NOT s.is_test AND s.status <> 'rejected'
          AND ($4::text IS NULL OR ${subtreeCondition('s.region_code', '$4::text')})
        GROUP BY s.region_code
        HAVING bool_or(s.current)
      ),
      base AS (
        SELECT r.code, r.name, reported.submitted_at,
          CASE WHEN reported.submitted_at IS NULL THEN 'missing'
               WHEN $5::timestamptz IS NULL OR reported.submitted_at <= $5::timestamptz THEN 'on_time'
               ELSE 'late' END AS status
        FROM region r LEFT JOIN reported ON reported.region_code = r.code
        WHERE r.level = $3::text AND ($4::text IS NULL OR ${subtreeCondition('r.code', '$4::text')})
      )`;
  }

  private async counts(base: string, params: unknown[], depth: number, cursor: string | null, limit: number): Promise<CountRow[]> {
    return (await this.dataSource.query(
      `${base},
       grouped AS (
         SELECT array_to_string((string_to_array(code, '.'))[1:$6::int], '.') AS code,
           count(*)::int AS expected,
           count(*) FILTER (WHERE status = 'on_time')::int AS on_time,
           count(*) FILTER (WHERE status = 'late')::int AS late,
           count(*) FILTER (WHERE status = 'missing')::int AS missing,
           max(submitted_at) AS last_at
         FROM base GROUP BY 1
       )
       SELECT g.code, coalesce(r.name, g.code) AS name, g.expected, g.on_time, g.late, g.missing, g.last_at
       FROM grouped g LEFT JOIN region r ON r.code = g.code
       WHERE ($7::text IS NULL OR g.code > $7::text COLLATE "C")
       ORDER BY g.code COLLATE "C" LIMIT $8`,
      [...params, depth, cursor, limit],
    )) as CountRow[];
  }
}
