import { Inject, Injectable, Logger } from '@nestjs/common';
import { BadRequest, NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { CompletenessService, duePeriodKey } from '../completeness/completeness.service';
import { JOB_BACKEND, JobBackend } from '../jobs/job-backend';
import { JOB_CATALOG } from '../jobs/job-catalog';
import { JobProducer } from '../jobs/job-producer';
import { NotificationsService } from '../notifications/notifications.service';
import { ALL_PERIODS, isValidPeriodKey, periodKeyAt } from '../submissions/period';
import type { Reminder, ThemeDefinition } from '../../../../schemas/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';

/** Reminder crons are written in WIB. */
export const REMINDER_TIMEZONE = 'Asia/Jakarta';

/** Stable scheduler id of one reminder of one theme: re-syncing updates it in place. */
export function schedulerId(themeId: string, key: string): string {
  return `reminder/${themeId}/${key}`;
}

export interface RunOutcome {
  theme: string;
  reminder: string;
  periodKey: string;
  /** Regions the reminder is about (`missing`), null for `always`. */
  missing: number | null;
  recipients: number;
  /** Notifications created by this run; 0 when an earlier run already notified everyone. */
  created: number;
}

function defaultMessage(definition: ThemeDefinition, reminder: Reminder, periodKey: string): string {
  const period = periodKey === ALL_PERIODS ? '' : ` periode ${periodKey}`;
  if (reminder.when === 'always') return `Pengingat: ${definition.title}${period}.`;
  return reminder.audience === 'kader'
    ? `${definition.title}${period} untuk wilayah Anda belum dikirim ({count} wilayah).`
    : `{count} wilayah belum mengirim ${definition.title}${period}.`;
}

/**
 * Reminders: one BullMQ job scheduler per reminder of a theme's latest version (cron in WIB, stable
 * ids), and runs that find who must be reminded and notify each person once per period.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly themes: ThemesService,
    private readonly completeness: CompletenessService,
    private readonly notifications: NotificationsService,
    private readonly producer: JobProducer,
    private readonly audit: AuditService,
    @Inject(JOB_BACKEND) private readonly backend: JobBackend,
  ) {}

  /** Makes the theme's schedulers match its latest version: upserts each reminder, removes the rest. */
  async sync(themeId: string): Promise<string[]> {
    const latest = await this.themes.latestById(themeId);
    const reminders = latest?.definition.reminders ?? [];
    const wanted = new Set(reminders.map((reminder) => schedulerId(themeId, reminder.key)));
    for (const reminder of reminders) {
      await this.backend.upsertScheduler({
        queue: 'reminders',
        id: schedulerId(themeId, reminder.key),
        cron: reminder.cron,
        timezone: REMINDER_TIMEZONE,
        name: 'reminders.run',
        data: { themeId, key: reminder.key },
        attempts: JOB_CATALOG['reminders.run'].attempts,
      });
    }
    const prefix = schedulerId(themeId, '');
    for (const id of await this.backend.schedulerIds('reminders')) {
      if (id.startsWith(prefix) && !wanted.has(id)) await this.backend.removeScheduler('reminders', id);
    }
    return [...wanted];
  }

  /** Every published theme with reminders, for a sync at worker start. */
  themesWithReminders(): Promise<string[]> {
    return this.themes.withReminders();
  }

  /** `POST /api/themes/:slug/reminders/:key/run`: enqueues a run now, limited to the admin's region. */
  async requestRun(actor: User, slug: string, key: string, period?: string, now = new Date()): Promise<{ status: 'queued'; theme: string; reminder: string; periodKey: string }> {
    const { theme, definition } = await this.themes.latest(slug);
    if (!(definition.reminders ?? []).some((reminder) => reminder.key === key)) throw new NotFound(`Pengingat ${key}`);
    const periodKey = this.periodKey(definition, period, now);
    await this.producer.enqueue('reminders.run', { themeId: theme.id, key, periodKey, regionCode: actor.regionCode });
    await this.audit.record({ actor, action: 'reminder.run_requested', targetType: 'theme', targetId: slug, regionCode: actor.regionCode, details: { reminder: key, periodKey } });
    return { status: 'queued', theme: slug, reminder: key, periodKey };
  }

  /** One run: who is missing (or everyone, for `always`), then one notification per person. */
  async run(themeId: string, key: string, periodKey: string | undefined, scope: string | null, now = new Date()): Promise<RunOutcome | null> {
    const latest = await this.themes.latestById(themeId);
    const reminder = latest?.definition.reminders?.find((candidate) => candidate.key === key);
    if (!latest || !reminder) {
      this.logger.warn(`Reminder ${key} of theme ${themeId} no longer exists; run skipped`);
      return null;
    }
    const { definition, slug } = latest;
    // A scheduled run names no period: it asks about the one that is due, not the one just begun.
    const period = periodKey === undefined || periodKey === '' ? duePeriodKey(definition, now) : this.periodKey(definition, periodKey, now);
    const missing =
      reminder.when === 'missing' && definition.period !== 'none'
        ? await this.completeness.missingRegions(themeId, definition, period, scope)
        : null;
    if (missing !== null && missing.length === 0) {
      return { theme: slug, reminder: key, periodKey: period, missing: 0, recipients: 0, created: 0 };
    }
    const { recipients, created } = await this.notifications.notifyReminder({
      themeId,
      themeSlug: slug,
      reminderKey: key,
      periodKey: period,
      audience: reminder.audience,
      title: `Pengingat: ${definition.title}`,
      message: reminder.message ?? defaultMessage(definition, reminder, period),
      missing,
      scope,
    });
    this.logger.log(`Reminder ${slug}/${key} ${period}: ${missing?.length ?? 'all'} region(s), ${recipients} recipient(s), ${created} new notification(s)`);
    return { theme: slug, reminder: key, periodKey: period, missing: missing?.length ?? null, recipients, created };
  }

  /** The period a run is about: the one asked for, else the theme's current period in WIB. */
  private periodKey(definition: ThemeDefinition, requested: string | undefined, now: Date): string {
    if (definition.period === 'none') return ALL_PERIODS;
    if (requested === undefined || requested === '') return periodKeyAt(definition.period, now);
    if (!isValidPeriodKey(definition.period, requested)) {
      throw new BadRequest('INVALID_QUERY', `period harus kunci periode ${definition.period} yang sah`, [{ path: '/period', keyword: 'query', message: 'periode tidak sah' }]);
    }
    return requested;
  }
}
