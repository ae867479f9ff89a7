import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotFound } from '../../common/domain-error';
import { UUID } from '../../common/uuid';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { addressRefused, DeliveryFailed, postJson } from '../webhooks/outbound-http';
import { Mailer } from './mailer';
import { AlertNotifications, Channel, LeasedDelivery, NotificationRepository, NotificationRow, PendingDelivery } from './notification.repository';


/** Notifications deleted per statement by the pruning sweep. */
const PRUNE_BATCH = 5000;
/** A notification as answered: its theme named by slug. */
export type NotificationView = Omit<NotificationRow, 'themeId'> & { theme: string | null };

export interface ReminderNotice {
  themeId: string;
  themeSlug: string;
  reminderKey: string;
  periodKey: string;
  audience: 'kader' | 'admin';
  title: string;
  /** `{count}` is replaced by the number of the recipient's regions that are missing. */
  message: string;
  /** Regions the reminder is about (`missing`), or null to notify everyone of the audience (`always`). */
  missing: string[] | null;
  /** Only recipients inside this region; null for the whole tree. */
  scope: string | null;
}

export interface ReviewNotice {
  submissionId: string;
  submittedBy: string;
  themeId: string;
  themeTitle: string;
  summary: string | null;
  periodKey: string;
  status: 'approved' | 'rejected';
  comment: string | null;
}

export interface Contact {
  email?: string | null;
  phone?: string | null;
}

export type { AlertNotifications, Channel, PendingDelivery };

/** Deliveries per job, and jobs per `addBulk`. */
const DELIVERIES_PER_JOB = 100;
const JOBS_PER_ADD = 100;
/**
 * How long a delivery being sent is kept from other jobs: longer than the SMTP timeouts together
 * (50 s), so only a process that died mid-send lets another job send it again.
 */
const DELIVERY_LEASE_MS = 90_000;
/** How many missing region codes a notification names. */
const SAMPLE = 20;

/**
 * In-app notifications, and their delivery by e-mail (SMTP_URL) and by webhook
 * (REMINDER_WEBHOOK_URL, e.g. a WhatsApp gateway). A reminder notifies each person at most once
 * per period: a unique index on (theme, reminder, period, user) makes a second run a no-op.
 */
@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private readonly mailer: Mailer | null;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly themes: ThemesService,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mailer = config.smtpUrl ? new Mailer(config.smtpUrl, process.env.SMTP_FROM?.trim() || 'Wakuncar <no-reply@wakuncar.invalid>') : null;
  }

  /**
   * Removes notifications older than NOTIFICATION_RETENTION_DAYS: they name people and families and
   * are kept no longer than they are useful. True when a full batch went (more may be left).
   */
  async pruneOld(batch = PRUNE_BATCH): Promise<boolean> {
    return (await this.notifications.pruneOlderThan(this.config.retention.notificationDays, batch)) >= batch;
  }

  onModuleDestroy(): void {
    this.mailer?.close();
  }

  /** Channels in use besides the app itself. */
  channels(): Channel[] {
    return [...(this.config.smtpUrl ? (['email'] as const) : []), ...(this.config.reminderWebhookUrl ? (['webhook'] as const) : [])];
  }

  async list(actor: User, limit: number, rawCursor?: string): Promise<Page<NotificationView>> {
    const cursor = decodeCursor(rawCursor);
    let before: { at: string; id: string } | null = null;
    if (cursor !== null) {
      const [at, id] = cursor.split('|');
      if (!at || !id || Number.isNaN(Date.parse(at)) || !UUID.test(id)) throw new NotFound('Halaman');
      before = { at, id };
    }
    const found = await this.notifications.page(actor.id, before, limit + 1);
    const items = await this.views(found.slice(0, limit));
    const last = items[items.length - 1];
    return { items, nextCursor: found.length > limit ? encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) : null };
  }

  /**
   * Tells the person who sent a submission how its review ended, in the app. `details` carries what
   * the app needs to word it in the reader's language and to open the submission.
   */
  async notifyReview(manager: EntityManager, review: ReviewNotice): Promise<void> {
    const rejected = review.status === 'rejected';
    const named = review.summary ? `${review.themeTitle}: ${review.summary}` : review.themeTitle;
    await this.notifications.insertOne(manager, {
      userId: review.submittedBy,
      kind: 'review',
      themeId: review.themeId,
      periodKey: review.periodKey,
      title: rejected ? 'Kiriman ditolak peninjau' : 'Kiriman disetujui',
      message: review.comment ? `${named} — ${review.comment}` : named,
      details: { submissionId: review.submissionId, status: review.status, comment: review.comment, summary: review.summary, themeTitle: review.themeTitle },
    });
  }

  async markRead(actor: User, id: string): Promise<NotificationView> {
    const row = await this.notifications.markRead(id, actor.id);
    if (!row) throw new NotFound('Notifikasi');
    return (await this.views([row]))[0];
  }

  async contact(actor: User): Promise<Required<Contact>> {
    return (await this.notifications.contact(actor.id)) ?? { email: null, phone: null };
  }

  async setContact(actor: User, contact: Contact): Promise<Required<Contact>> {
    const current = await this.contact(actor);
    const next = { email: contact.email !== undefined ? contact.email : current.email, phone: contact.phone !== undefined ? contact.phone : current.phone };
    await this.notifications.saveContact(actor.id, next);
    return next;
  }

  /**
   * Notifies every recipient of a reminder run once, set-based so a whole-country run is a few
   * statements: recipients are the audience's users whose region is a missing region or one of its
   * ancestors (or everyone of the audience for `always`). Then every delivery still pending for this
   * reminder and period is enqueued, so a run interrupted after the commit is completed by the next.
   */
  async notifyReminder(notice: ReminderNotice): Promise<{ recipients: number; created: number }> {
    const channels = this.channels();
    const run = {
      themeId: notice.themeId,
      themeSlug: notice.themeSlug,
      reminderKey: notice.reminderKey,
      periodKey: notice.periodKey,
      role: notice.audience,
      title: notice.title,
      message: notice.message,
      regions: notice.missing,
      scope: notice.scope,
      sampleSize: SAMPLE,
    };
    const { created, recipients } = await this.notifications.transaction(async (manager) => {
      const inserted = await this.notifications.insertReminders(manager, run);
      if (channels.length) await this.notifications.insertReminderDeliveries(manager, run, channels);
      return inserted;
    });
    await this.enqueueDeliveries(await this.notifications.pendingReminderDeliveries(run));
    return { created, recipients };
  }

  /**
   * Notifies the audience of an opened alert in and above its region, in the caller's transaction
   * (the one that opened the alert), so the alert and its notifications commit together. Answers the
   * deliveries to enqueue once it committed; a crash before that leaves them to the sweeper.
   */
  notifyAlert(manager: EntityManager, alert: AlertNotifications): Promise<PendingDelivery[]> {
    return this.notifications.insertAlertNotifications(manager, alert, this.channels());
  }

  async enqueueDeliveries(deliveries: PendingDelivery[]): Promise<void> {
    const jobs: JobRequest[] = [];
    for (const channel of ['email', 'webhook'] as const) {
      const ids = deliveries.filter((d) => d.channel === channel).map((d) => d.notificationId);
      for (let start = 0; start < ids.length; start += DELIVERIES_PER_JOB) {
        jobs.push({ name: 'notifications.deliver', payload: { channel, notificationIds: ids.slice(start, start + DELIVERIES_PER_JOB) } });
      }
    }
    for (let start = 0; start < jobs.length; start += JOBS_PER_ADD) await this.producer.enqueueMany(jobs.slice(start, start + JOBS_PER_ADD));
  }

  /**
   * Sends notifications on one channel, each leased first (a delivery already sent, or being sent by
   * another job, is never sent again), sent with no transaction open, then recorded. Failures are
   * recorded and thrown after the others were tried, so the job retries with backoff; after the last
   * attempt they are marked failed, and a refused address is marked failed at once.
   */
  async deliver(notificationIds: string[], channel: Channel, finalAttempt: boolean): Promise<void> {
    const failures: string[] = [];
    for (const notificationId of notificationIds) {
      try {
        await this.deliverOne(notificationId, channel, finalAttempt);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (failures.length) throw new DeliveryFailed(`${failures.length} of ${notificationIds.length} deliveries failed: ${failures[0]}`, null);
  }

  private async deliverOne(notificationId: string, channel: Channel, finalAttempt: boolean): Promise<void> {
    const delivery = await this.notifications.leaseDelivery(notificationId, channel, DELIVERY_LEASE_MS);
    if (!delivery) {
      // Leased by a worker that may have died mid-send: tried again (the job's backoff) until the lease
      // ends, never dropped; a delivery already sent or given up needs nothing more.
      if (await this.notifications.leasedElsewhere(notificationId, channel)) throw new Error('Sedang dikirim proses lain; dicoba lagi setelah sewanya berakhir');
      return;
    }
    try {
      await this.send(delivery, channel);
    } catch (error) {
      const refused = addressRefused(error);
      await this.notifications.recordFailure(notificationId, channel, error instanceof Error ? error.message : String(error), finalAttempt || refused);
      if (!refused) throw error;
      return;
    }
    await this.notifications.recordSent(notificationId, channel);
  }

  /** Deliveries that gave up after every attempt, for the health report. */
  failedDeliveries(): Promise<number> {
    return this.notifications.failedCount();
  }

  /** An admin's "send again": every failed delivery to users in their subtree goes out once more. */
  async redeliverFailed(actor: User): Promise<{ requeued: number }> {
    const again = await this.notifications.redeliverFailed(actor.regionCode);
    await this.enqueueDeliveries(again);
    return { requeued: again.length };
  }

  private async send(delivery: LeasedDelivery, channel: Channel): Promise<void> {
    if (channel === 'email') {
      if (!this.mailer) throw new DeliveryFailed('SMTP_URL is not set', null);
      if (!delivery.email) throw new DeliveryFailed('recipient has no e-mail address', null);
      await this.mailer.send({ to: delivery.email, subject: delivery.title, text: delivery.message });
      return;
    }
    const url = this.config.reminderWebhookUrl;
    if (!url) throw new DeliveryFailed('REMINDER_WEBHOOK_URL is not set', null);
    const body = JSON.stringify({
      notificationId: delivery.notificationId,
      user: { id: delivery.userId, username: delivery.username, displayName: delivery.displayName, phone: delivery.phone, email: delivery.email },
      theme: delivery.themeSlug,
      reminder: delivery.reminderKey,
      periodKey: delivery.periodKey,
      title: delivery.title,
      message: delivery.message,
      details: delivery.details,
    });
    // The notification id lets the gateway drop a repeat after a retry whose first answer was lost.
    await postJson(url, body, { 'Idempotency-Key': delivery.notificationId }, this.config.outbound);
  }

  /** Pending deliveries older than `staleMs`, for the sweeper to enqueue again. */
  stalePendingDeliveries(staleMs: number, limit: number): Promise<PendingDelivery[]> {
    return this.notifications.stalePending(staleMs, limit);
  }

  /** Answers name the theme by slug. */
  private async views(rows: NotificationRow[]): Promise<NotificationView[]> {
    const slugs = await this.themes.slugs(rows.flatMap((row) => (row.themeId ? [row.themeId] : [])));
    return rows.map(({ themeId, ...row }) => ({ ...row, theme: themeId ? (slugs.get(themeId) ?? null) : null }));
  }
}
