import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { firstRow, rows, SqlParams } from '../../database/sql';
import { regionNameSql, regionsAtLevelSql, subtreeCondition } from '../regions/region.repository';
import { themeExistsSql, themeSlugSql } from '../themes/theme.repository';
import { userNamesSql } from '../users/user.repository';

/** A base cell (theme's level and period) whose aggregates changed, or that a sweep asks about. */
export interface AlertCell {
  regionCode: string;
  periodKey: string;
}

/** An open alert of one rule in one region, as evaluation reads it. */
export interface OpenAlert {
  id: string;
  periodKey: string;
  value: number | null;
}

/** An alert as `GET /api/alerts` answers it. */
export interface AlertView {
  id: string;
  theme: string;
  rule: string;
  regionCode: string;
  regionName: string | null;
  periodKey: string;
  value: number | null;
  threshold: number;
  openedAt: Date;
  closedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  comment: string | null;
}

export interface AlertListQuery {
  scope: string;
  status?: 'open' | 'closed';
  themeId?: string;
  /** Alerts opened before this one, in the order answered (newest first). */
  before: { openedAt: string; id: string } | null;
  limit: number;
}

/** Advisory-lock namespace of alert evaluation (first key of the two-key form). */
const ALERT_LOCK = 72_0418;

const ALERT_VIEW = `a.id, ${themeSlugSql('a.theme_id')} AS theme, a.rule_key AS rule, a.region_code AS "regionCode", ${regionNameSql('a.region_code')} AS "regionName",
  a.period_key AS "periodKey", a.value, a.threshold, a.opened_at AS "openedAt", a.closed_at AS "closedAt",
  ${userNamesSql('a.acknowledged_by').username} AS "acknowledgedBy", a.acknowledged_at AS "acknowledgedAt", a.acknowledge_comment AS comment`;

/** `alert`, `alert_dirty_cell` (cells to look at again) and `alert_sweep` (periodic checks done: absence rules, open alerts). */
@Injectable()
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One evaluation of a theme at a time, so two workers never open the same crossing twice. */
  async lockTheme(manager: EntityManager, themeId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [ALERT_LOCK, themeId]);
  }

  /** Records cells to look at (again); cells of themes that no longer exist are skipped. Answers whether any was recorded. */
  async markCells(manager: EntityManager | DataSource, themeId: string, cells: AlertCell[]): Promise<boolean> {
    const marked = await rows<{ n: number }>(
      manager,
      `WITH marked AS (
         INSERT INTO alert_dirty_cell (theme_id, region_code, period_key)
         SELECT DISTINCT $1::uuid, r, p FROM unnest($2::text[], $3::text[]) AS c(r, p) WHERE ${themeExistsSql('$1::uuid')}
         ON CONFLICT (theme_id, region_code, period_key) DO UPDATE SET marked_at = now()
         RETURNING 1
       ) SELECT count(*)::int AS n FROM marked`,
      [themeId, cells.map((cell) => cell.regionCode), cells.map((cell) => cell.periodKey)],
    );
    return marked[0].n > 0;
  }

  /** Removes and answers up to `limit` marked cells of a theme; they come back if the transaction does not commit. */
  takeCells(manager: EntityManager, themeId: string, limit: number): Promise<AlertCell[]> {
    return rows<AlertCell>(
      manager,
      `WITH taken AS (
         DELETE FROM alert_dirty_cell WHERE (theme_id, region_code, period_key) IN (
           SELECT theme_id, region_code, period_key FROM alert_dirty_cell WHERE theme_id = $1 ORDER BY marked_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING region_code, period_key)
       SELECT region_code AS "regionCode", period_key AS "periodKey" FROM taken`,
      [themeId, limit],
    );
  }

  /** Themes with marks older than `staleMs` (their job may be lost); their age starts again. */
  async staleThemes(staleMs: number): Promise<string[]> {
    const found = await rows<{ themeId: string }>(
      this.dataSource,
      `WITH stale AS (
         UPDATE alert_dirty_cell SET marked_at = now() WHERE marked_at < now() - make_interval(secs => $1::float8 / 1000)
         RETURNING theme_id)
       SELECT DISTINCT theme_id AS "themeId" FROM stale`,
      [staleMs],
    );
    return found.map((row) => row.themeId);
  }

  /**
   * Once per (theme, rule, period): marks every region at `level` for `periodKey`, so an absence rule
   * (one that a region reporting nothing crosses) also sees regions that never sent anything.
   * Answers false when this period was already swept.
   */
  async markAbsenceSweep(themeId: string, ruleKey: string, level: string, periodKey: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const first = await rows<{ ok: number }>(
        manager,
        `INSERT INTO alert_sweep (theme_id, rule_key, period_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS ok`,
        [themeId, ruleKey, periodKey],
      );
      if (!first.length) return false;
      const params = new SqlParams();
      const theme = params.add(themeId, 'uuid');
      const period = params.add(periodKey, 'text');
      await manager.query(
        `INSERT INTO alert_dirty_cell (theme_id, region_code, period_key)
         SELECT ${theme}, r.code, ${period} FROM (${regionsAtLevelSql(params, level, null)}) r
         ON CONFLICT (theme_id, region_code, period_key) DO UPDATE SET marked_at = now()`,
        params.values,
      );
      return true;
    });
  }

  /** Themes with at least one open alert. */
  async themesWithOpenAlerts(): Promise<string[]> {
    const found = await rows<{ themeId: string }>(this.dataSource, `SELECT DISTINCT theme_id AS "themeId" FROM alert WHERE closed_at IS NULL`);
    return found.map((row) => row.themeId);
  }

  /**
   * Once per (theme, due period): marks the regions of the theme's open alerts for `periodKey`, so an
   * alert whose window slid past its cases closes even when no report changes. Answers whether it marked.
   */
  async markOpenAlertsOnce(themeId: string, periodKey: string): Promise<boolean> {
    const marked = await rows<{ n: number }>(
      this.dataSource,
      `WITH due AS (INSERT INTO alert_sweep (theme_id, rule_key, period_key) VALUES ($1, '', $2) ON CONFLICT DO NOTHING RETURNING 1),
       marked AS (
         INSERT INTO alert_dirty_cell (theme_id, region_code, period_key)
         SELECT DISTINCT $1::uuid, a.region_code, $2::text FROM alert a CROSS JOIN due WHERE a.theme_id = $1 AND a.closed_at IS NULL
         ON CONFLICT (theme_id, region_code, period_key) DO UPDATE SET marked_at = now()
         RETURNING 1)
       SELECT count(*)::int AS n FROM marked`,
      [themeId, periodKey],
    );
    return marked[0].n > 0;
  }

  /** The rule's open alert in the region, locked until `manager` commits. */
  openAlert(manager: EntityManager, themeId: string, ruleKey: string, regionCode: string): Promise<OpenAlert | null> {
    return firstRow<OpenAlert>(
      manager,
      `SELECT id, period_key AS "periodKey", value FROM alert
       WHERE theme_id = $1 AND rule_key = $2 AND region_code = $3 AND closed_at IS NULL FOR UPDATE`,
      [themeId, ruleKey, regionCode],
    );
  }

  /**
   * Opens the rule's alert for (region, period). A crossing already recorded for that period (closed
   * meanwhile, then crossed again) is the same alert opened again: `created` is false, and nobody is
   * told twice.
   */
  async open(
    manager: EntityManager,
    alert: { themeId: string; ruleKey: string; regionCode: string; periodKey: string; value: number | null; threshold: number },
  ): Promise<{ id: string; created: boolean; regionName: string | null }> {
    const row = await firstRow<{ id: string; created: boolean; regionName: string | null }>(
      manager,
      `INSERT INTO alert (theme_id, rule_key, region_code, period_key, value, threshold) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (theme_id, rule_key, region_code, period_key) DO UPDATE SET closed_at = NULL, value = EXCLUDED.value, threshold = EXCLUDED.threshold
       RETURNING id, (xmax = 0) AS created, ${regionNameSql('alert.region_code')} AS "regionName"`,
      [alert.themeId, alert.ruleKey, alert.regionCode, alert.periodKey, alert.value, alert.threshold],
    );
    return row!;
  }

  async update(manager: EntityManager, id: string, value: number | null, close: boolean): Promise<void> {
    await manager.query(`UPDATE alert SET value = $2, closed_at = CASE WHEN $3 THEN now() ELSE closed_at END WHERE id = $1`, [id, value, close]);
  }

  /** Alerts of regions in the scope's subtree, newest first. */
  list(query: AlertListQuery): Promise<AlertView[]> {
    const params = new SqlParams();
    const conditions = [subtreeCondition('a.region_code', params.add(query.scope, 'text'))];
    if (query.status === 'open') conditions.push('a.closed_at IS NULL');
    if (query.status === 'closed') conditions.push('a.closed_at IS NOT NULL');
    if (query.themeId) conditions.push(`a.theme_id = ${params.add(query.themeId, 'uuid')}`);
    if (query.before) conditions.push(`(a.opened_at, a.id) < (${params.add(query.before.openedAt, 'timestamptz')}, ${params.add(query.before.id, 'uuid')})`);
    return rows<AlertView>(
      this.dataSource,
      `SELECT ${ALERT_VIEW} FROM alert a WHERE ${conditions.join(' AND ')}
       ORDER BY a.opened_at DESC, a.id DESC LIMIT ${params.add(query.limit, 'int')}`,
      params.values,
    );
  }

  find(manager: EntityManager | DataSource, id: string): Promise<AlertView | null> {
    return firstRow<AlertView>(manager, `SELECT ${ALERT_VIEW} FROM alert a WHERE a.id = $1`, [id]);
  }

  async acknowledge(manager: EntityManager, id: string, userId: string, comment: string | null): Promise<void> {
    await manager.query(`UPDATE alert SET acknowledged_by = $2, acknowledged_at = now(), acknowledge_comment = $3 WHERE id = $1`, [id, userId, comment]);
  }
}
