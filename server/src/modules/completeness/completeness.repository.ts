import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rows, SqlParams } from '../../database/sql';
import { regionsAtLevelSql } from '../regions/region.repository';
import { reportedRegionsByPeriodSql, reportedRegionsSql } from '../submissions/submission.repository';

export type CompletenessStatus = 'on_time' | 'late' | 'missing';

/** Which regions of a theme's level were due for a period, and until when. */
export interface DueRegions {
  themeId: string;
  periodKey: string;
  level: string;
  /** Regions inside this one; null: the whole tree. */
  scope: string | null;
  /** Null: never late. */
  dueAt: Date | null;
}

export interface RegionStatus {
  code: string;
  name: string;
  submittedAt: Date | null;
  status: CompletenessStatus;
}

export interface StatusCounts {
  code: string;
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  lastAt: Date | null;
}

/** One period of a theme and its deadline (null: never late). */
export interface DuePeriod {
  key: string;
  dueAt: Date | null;
}

export interface PeriodCounts {
  periodKey: string;
  due: number;
  onTime: number;
  late: number;
}

/**
 * `base`: each due region with its first counted submission and its status, from the regions and
 * submissions domains' own fragments. Completeness has no table: it is a view of those two.
 */
function baseSql(params: SqlParams, due: DueRegions): string {
  const dueAt = params.add(due.dueAt, 'timestamptz');
  return `WITH reported AS (${reportedRegionsSql(params, due.themeId, due.periodKey, due.scope)}),
    due AS (${regionsAtLevelSql(params, due.level, due.scope)}),
    base AS (
      SELECT due.code, due.name, reported.submitted_at,
        CASE WHEN reported.submitted_at IS NULL THEN 'missing'
             WHEN ${dueAt} IS NULL OR reported.submitted_at <= ${dueAt} THEN 'on_time'
             ELSE 'late' END AS status
      FROM due LEFT JOIN reported ON reported.region_code = due.code
    )`;
}

@Injectable()
export class CompletenessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Due regions after `afterCode`, in code order. */
  statuses(due: DueRegions, afterCode: string | null, limit: number): Promise<RegionStatus[]> {
    const params = new SqlParams();
    const base = baseSql(params, due);
    const after = params.add(afterCode, 'text');
    return rows<RegionStatus>(
      this.dataSource,
      `${base}
       SELECT code, name, submitted_at AS "submittedAt", status FROM base
       WHERE (${after} IS NULL OR code > ${after} COLLATE "C") ORDER BY code LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  async missing(due: DueRegions): Promise<string[]> {
    const params = new SqlParams();
    const found = await rows<{ code: string }>(this.dataSource, `${baseSql(params, due)} SELECT code FROM base WHERE status = 'missing' ORDER BY code`, params.values);
    return found.map((row) => row.code);
  }

  /** The due regions counted per ancestor `depth` segments deep, after `afterCode`, in code order. */
  counts(due: DueRegions, depth: number, afterCode: string | null, limit: number): Promise<StatusCounts[]> {
    const params = new SqlParams();
    const base = baseSql(params, due);
    const after = params.add(afterCode, 'text');
    return rows<StatusCounts>(
      this.dataSource,
      `${base},
       grouped AS (
         SELECT array_to_string((string_to_array(code, '.'))[1:${params.add(depth, 'int')}], '.') AS code,
           count(*)::int AS expected,
           count(*) FILTER (WHERE status = 'on_time')::int AS "onTime",
           count(*) FILTER (WHERE status = 'late')::int AS late,
           count(*) FILTER (WHERE status = 'missing')::int AS missing,
           max(submitted_at) AS "lastAt"
         FROM base GROUP BY 1
       )
       SELECT * FROM grouped g
       WHERE (${after} IS NULL OR g.code > ${after} COLLATE "C")
       ORDER BY g.code COLLATE "C" LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  /**
   * How many regions at `level` inside `scope` were due, on time and late in each period, in one
   * statement; a period with no due region has no row.
   */
  countsPerPeriod(themeId: string, level: string, scope: string, periods: DuePeriod[]): Promise<PeriodCounts[]> {
    const params = new SqlParams();
    const keys = params.add(periods.map((period) => period.key), 'text[]');
    const deadlines = params.add(periods.map((period) => period.dueAt?.toISOString() ?? null), 'text[]');
    return rows<PeriodCounts>(
      this.dataSource,
      `WITH periods AS (SELECT key, due_at::timestamptz AS due_at FROM unnest(${keys}, ${deadlines}) AS p(key, due_at)),
         due AS (${regionsAtLevelSql(params, level, scope)}),
         reported AS (${reportedRegionsByPeriodSql(params, themeId, periods.map((period) => period.key), scope)})
       SELECT p.key AS "periodKey", count(*)::int AS due,
         count(r.region_code) FILTER (WHERE p.due_at IS NULL OR r.submitted_at <= p.due_at)::int AS "onTime",
         count(r.region_code) FILTER (WHERE r.submitted_at > p.due_at)::int AS late
       FROM periods p CROSS JOIN due LEFT JOIN reported r ON r.region_code = due.code AND r.period_key = p.key
       GROUP BY p.key`,
      params.values,
    );
  }
}
