import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BadRequest, NotFound } from '../../common/domain-error';
import { decodeCursor, encodeCursor, invalidCursor, Page } from '../../common/pagination';
import { UUID } from '../../common/uuid';
import type { AlertRule, ThemeDefinition } from '../../../../schemas/theme-definition';
import { AggregationService } from '../aggregation/aggregation.service';
import { levelDepth } from '../aggregation/granularity';
import { AuditService } from '../audit/audit.service';
import { JobProducer } from '../jobs/job-producer';
import { NotificationsService, PendingDelivery } from '../notifications/notifications.service';
import { isWithinRegion } from '../regions/region-scope';
import type { RegionLevel } from '../regions/region.entity';
import { addDuration, periodKeyAt, periodStart } from '../submissions/period';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { AlertCell, AlertRepository, AlertView } from './alert.repository';
import { crosses, shiftPeriodKey, windowPeriods } from './alert-window';

/** Marked cells one evaluation (one transaction) takes; more are left for the next job, so progress commits as it goes. */
const EVALUATION_BATCH = 100;

export interface AlertsQuery {
  status?: string;
  theme?: string;
  limit: number;
  cursor?: string;
}

/** What one evaluation did, for logs and tests. */
export interface EvaluationOutcome {
  cells: number;
  opened: number;
  closed: number;
}

/**
 * A rule that a region reporting nothing crosses (`laporan_masuk lte 0` over `P2M`: a posyandu
 * that has not reported for two months). No cell changes when nothing is reported, so these rules
 * are also checked by a sweep once per due period, over every region at the rule's level.
 */
export function isAbsenceRule(definition: ThemeDefinition, rule: AlertRule): boolean {
  const measure = definition.aggregations.find((aggregation) => aggregation.key === rule.measure);
  return !!measure && (measure.op === 'count' || measure.op === 'sum') && crosses(rule.op, 0, rule.threshold);
}

/** The latest period whose reports are due by `now` (its `dueAfter`, else its end); absence is only judged then. */
export function lastDuePeriod(definition: ThemeDefinition, now: Date): string | null {
  if (definition.period === 'none') return null;
  let key = periodKeyAt(definition.period, now);
  for (let step = 0; step < 60; step += 1) {
    const start = periodStart(definition.period, key)!;
    const due = definition.dueAfter ? addDuration(start, definition.dueAfter) : periodStart(definition.period, shiftPeriodKey(definition.period, key, 1));
    if (due && due.getTime() <= now.getTime()) return key;
    key = shiftPeriodKey(definition.period, key, -1);
  }
  return null;
}

/**
 * Early warning. Workers evaluate a theme's rules only for the base cells whose aggregates changed
 * (marked by the outbox relay after each roll-up): for each rule, the region at the rule's level
 * containing the cell and every window that includes the cell's period, up to the latest period the
 * rule judges. One transaction takes the marks, opens or closes alerts and writes the notifications,
 * so a worker killed anywhere leaves either nothing or everything, and a second run finds nothing new.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly alerts: AlertRepository,
    private readonly themes: ThemesService,
    private readonly aggregates: AggregationService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly producer: JobProducer,
  ) {}

  /** Records changed cells (in the relay's transaction) and answers whether the theme needs an evaluation. */
  markCells(manager: EntityManager, themeId: string, cells: AlertCell[]): Promise<boolean> {
    return this.alerts.markCells(manager, themeId, cells);
  }

  async evaluate(themeId: string, now = new Date()): Promise<EvaluationOutcome> {
    const outcome: EvaluationOutcome = { cells: 0, opened: 0, closed: 0 };
    const deliveries = await this.alerts.transaction(async (manager) => {
      await this.alerts.lockTheme(manager, themeId);
      const cells = await this.alerts.takeCells(manager, themeId, EVALUATION_BATCH);
      outcome.cells = cells.length;
      const latest = cells.length ? await this.themes.latestById(themeId, manager) : null;
      if (!latest) return [];
      const pending: PendingDelivery[] = [];
      for (const rule of latest.definition.alerts ?? []) {
        pending.push(...(await this.evaluateRule(manager, themeId, latest.definition, rule, cells, now, outcome)));
      }
      return pending;
    });
    // After the commit; a crash before this leaves the pending deliveries to the notification sweeper.
    await this.notifications.enqueueDeliveries(deliveries);
    if (outcome.cells === EVALUATION_BATCH) await this.producer.enqueue('alerts.evaluate', { themeId });
    if (outcome.opened || outcome.closed) this.logger.log(`Theme ${themeId}: ${outcome.cells} cell(s), ${outcome.opened} alert(s) opened, ${outcome.closed} closed`);
    return outcome;
  }

  private async evaluateRule(
    manager: EntityManager,
    themeId: string,
    definition: ThemeDefinition,
    rule: AlertRule,
    cells: AlertCell[],
    now: Date,
    outcome: EvaluationOutcome,
  ): Promise<PendingDelivery[]> {
    const aggregation = definition.aggregations.find((candidate) => candidate.key === rule.measure);
    const span = windowPeriods(definition.period, rule.window);
    if (!aggregation || span === null) return [];
    // Absence rules judge only periods whose reports are due; others judge up to the current period.
    const absence = isAbsenceRule(definition, rule);
    const last = definition.period === 'none' ? null : absence ? lastDuePeriod(definition, now) : periodKeyAt(definition.period, now);
    const published = absence ? await this.themes.firstPublishedAt(themeId) : null;
    const firstPeriod = published && definition.period !== 'none' ? periodKeyAt(definition.period, published) : null;
    const depth = levelDepth(rule.level as RegionLevel);
    const targets = new Map<string, Set<string>>();
    for (const cell of cells) {
      const parts = cell.regionCode.split('.');
      if (parts.length < depth) continue;
      const region = parts.slice(0, depth).join('.');
      const periods = targets.get(region) ?? new Set<string>();
      // Every window that contains the changed period ends in one of the next `span` periods.
      // Windows ending after `last` are not judged yet (a change to a future period is, for other rules).
      for (let step = 0; step < span; step += 1) {
        const period = shiftPeriodKey(definition.period, cell.periodKey, step);
        if (last !== null && period > last && (absence || step > 0)) break;
        periods.add(period);
      }
      // And always the latest window: a crossing found in an older window (a late report) opens an
      // alert only if nothing since has brought the value back, whatever order the changes arrive in.
      if (last !== null) periods.add(last);
      // Nobody could report before the theme existed: absence is never judged over those periods.
      if (absence && firstPeriod !== null) {
        for (const period of periods) if (shiftPeriodKey(definition.period, period, 1 - span) < firstPeriod) periods.delete(period);
      }
      targets.set(region, periods);
    }
    const pending: PendingDelivery[] = [];
    for (const [regionCode, periods] of [...targets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      let open = await this.alerts.openAlert(manager, themeId, rule.key, regionCode);
      const sorted = [...periods].sort();
      const values = await this.aggregates.windowValues(manager, {
        themeId,
        aggregation,
        level: rule.level,
        granularity: definition.period,
        regionCode,
        windows: sorted.map((period) => ({ from: shiftPeriodKey(definition.period, period, 1 - span), to: period })),
      });
      for (const [index, period] of sorted.entries()) {
        const value = values[index];
        if (crosses(rule.op, value, rule.threshold)) {
          if (open) {
            // Still above: the open alert carries the latest value; an earlier period's revision changes nothing.
            if (period >= open.periodKey) await this.alerts.update(manager, open.id, value, false);
            continue;
          }
          const opened = await this.alerts.open(manager, { themeId, ruleKey: rule.key, regionCode, periodKey: period, value, threshold: rule.threshold });
          open = { id: opened.id, periodKey: period, value };
          outcome.opened += 1;
          // A crossing recorded before (closed, then crossed again in the same period) was already told.
          if (opened.created) pending.push(...(await this.notify(manager, themeId, definition, rule, { id: opened.id, regionCode, regionName: opened.regionName, periodKey: period, value })));
        } else if (open && period >= open.periodKey && value !== null) {
          // Closed only by a value back on the safe side: a window with nothing to compute yet (a new
          // month before any child is measured: a ratio without a denominator) says nothing of it.
          await this.alerts.update(manager, open.id, value, true);
          open = null;
          outcome.closed += 1;
        }
      }
    }
    return pending;
  }

  /** Tells the rule's audience in and above the region, once per alert (a unique index makes a repeat a no-op). */
  private notify(
    manager: EntityManager,
    themeId: string,
    definition: ThemeDefinition,
    rule: AlertRule,
    alert: { id: string; regionCode: string; regionName: string | null; periodKey: string; value: number | null },
  ): Promise<PendingDelivery[]> {
    const shown = alert.value === null ? '–' : String(Math.round(alert.value * 100) / 100);
    const where = alert.regionName ?? alert.regionCode;
    return this.notifications.notifyAlert(manager, {
      themeId,
      regionCode: alert.regionCode,
      periodKey: alert.periodKey,
      role: rule.audience,
      title: `Peringatan dini: ${rule.title}`,
      message: `${rule.message ?? rule.title} (${where}, periode ${alert.periodKey}: ${shown}; ambang ${rule.threshold})`,
      details: { alertId: alert.id, rule: rule.key, ruleTitle: rule.title, regionCode: alert.regionCode, regionName: alert.regionName, value: alert.value, threshold: rule.threshold, themeTitle: definition.title },
    });
  }

  /**
   * Absence rules, once per due period: every region at the rule's level is marked for that period,
   * and the theme evaluated. Answers the themes that need an evaluation.
   */
  async sweepAbsence(now = new Date()): Promise<string[]> {
    const themes: string[] = [];
    for (const themeId of await this.themes.withAlerts()) {
      const latest = await this.themes.latestById(themeId);
      const published = await this.themes.firstPublishedAt(themeId);
      if (!latest || !published) continue;
      const { definition } = latest;
      const period = lastDuePeriod(definition, now);
      if (period === null || definition.period === 'none') continue;
      for (const rule of definition.alerts ?? []) {
        if (!isAbsenceRule(definition, rule)) continue;
        // Nobody could report before the theme existed: a new theme (or a fresh install) warns of
        // nothing until a whole window has passed since it was first published.
        const windowStart = shiftPeriodKey(definition.period, period, 1 - (windowPeriods(definition.period, rule.window) ?? 1));
        if (windowStart < periodKeyAt(definition.period, published)) continue;
        if (await this.alerts.markAbsenceSweep(themeId, rule.key, rule.level, period)) themes.push(themeId);
      }
    }
    return [...new Set(themes)];
  }

  /**
   * Open alerts, once per due period: their regions are marked for the latest due period, so an
   * alert closes when its window slides past the cases that opened it, even if nothing is reported.
   */
  async sweepOpen(now = new Date()): Promise<string[]> {
    const themes: string[] = [];
    for (const themeId of await this.alerts.themesWithOpenAlerts()) {
      const latest = await this.themes.latestById(themeId);
      const period = latest ? lastDuePeriod(latest.definition, now) : null;
      if (period !== null && (await this.alerts.markOpenAlertsOnce(themeId, period))) themes.push(themeId);
    }
    return themes;
  }

  staleThemes(staleMs: number): Promise<string[]> {
    return this.alerts.staleThemes(staleMs);
  }

  /** `GET /api/alerts`: alerts of regions in the caller's subtree, newest first. */
  async list(actor: User, query: AlertsQuery): Promise<Page<AlertView & { title: string }>> {
    if (query.status !== undefined && query.status !== 'open' && query.status !== 'closed') {
      throw new BadRequest('INVALID_QUERY', 'status harus open atau closed', [{ path: '/status', keyword: 'enum', message: 'status harus open atau closed' }]);
    }
    const themeId = query.theme ? (await this.themes.theme(query.theme)).id : undefined;
    const cursor = decodeCursor(query.cursor);
    let before: { openedAt: string; id: string } | null = null;
    if (cursor !== null) {
      const [openedAt, id] = cursor.split('|');
      if (!openedAt || !id || Number.isNaN(Date.parse(openedAt)) || !UUID.test(id)) throw invalidCursor();
      before = { openedAt, id };
    }
    const found = await this.alerts.list({ scope: actor.regionCode, status: query.status, themeId, before, limit: query.limit + 1 });
    const items = await this.withTitles(found.slice(0, query.limit), actor);
    const last = items[items.length - 1];
    return { items, nextCursor: found.length > query.limit ? encodeCursor(`${new Date(last.openedAt).toISOString()}|${last.id}`) : null };
  }

  /** `POST /api/alerts/:id/acknowledge`: an alert outside the caller's subtree answers 404, as one that does not exist. */
  async acknowledge(actor: User, id: string, comment: string | null): Promise<AlertView & { title: string }> {
    return this.alerts.transaction(async (manager) => {
      const alert = await this.alerts.find(manager, id);
      if (!alert || !isWithinRegion(alert.regionCode, actor.regionCode)) throw new NotFound('Peringatan');
      await this.alerts.acknowledge(manager, id, actor.id, comment);
      await this.audit.record(
        { actor, action: 'alert.acknowledged', targetType: 'alert', targetId: id, regionCode: alert.regionCode, details: { theme: alert.theme, rule: alert.rule, periodKey: alert.periodKey, comment } },
        manager,
      );
      return (await this.withTitles([(await this.alerts.find(manager, id))!], actor))[0];
    });
  }

  /**
   * Each alert with its rule's title, as the theme's latest version words it, so screens never show a
   * key. The value of a sensitive theme's alert is not shown to `opd`: it is not suppressed like the
   * published aggregates, and a small kelurahan's prevalence could single out a child.
   */
  private async withTitles(views: AlertView[], reader: User): Promise<(AlertView & { title: string })[]> {
    const themes = new Map<string, { titles: Map<string, string>; hidden: boolean }>();
    for (const slug of new Set(views.map((view) => view.theme))) {
      const { definition } = await this.themes.latest(slug);
      themes.set(slug, {
        titles: new Map((definition.alerts ?? []).map((rule) => [rule.key, rule.title])),
        hidden: reader.role === 'opd' && definition.sensitivity === 'sensitive',
      });
    }
    return views.map((view) => {
      const theme = themes.get(view.theme);
      return { ...view, value: theme?.hidden ? null : view.value, title: theme?.titles.get(view.rule) ?? view.rule };
    });
  }
}
