import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFound } from '../../common/domain-error';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import { subtreeCondition } from '../regions/region-scope';
import type { User } from '../users/user.entity';
import { DeliveryFailed, postJson } from '../webhooks/outbound-http';
import { Mailer } from './mailer';

export interface NotificationView {
  id: string;
  kind: string;
  theme: string | null;
  reminder: string | null;
  periodKey: string | null;
  title: string;
  message: string;
  details: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

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

export interface Contact {
  email?: string | null;
  phone?: string | null;
}

export type Channel = 'email' | 'webhook';

/** Deliveries per job, and jobs per `addBulk`. */
const DELIVERIES_PER_JOB = 100;
const JOBS_PER_ADD = 100;
/** How many missing region codes a notification names. */
const SAMPLE = 20;

interface DeliveryRow {
  id: string;
  title: string;
  message: string;
  details: Record<string, unknown>;
  period_key: string | null;
  reminder_key: string | null;
  slug: string | null;
  user_id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  status: string;
}

/**
 * In-app notifications, and their delivery by e-mail (SMTP_URL) and by webhook
 * (REMINDER_WEBHOOK_URL, e.g. a WhatsApp gateway). A reminder notifies each person at most once
 * per period: a unique index on (theme, reminder, period, user) makes a second run a no-op.
 */
@Injectable()
export class NotificationsService implements OnModuleDestroy {
  private readonly mailer: Mailer | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mailer = config.smtpUrl ? new Mailer(config.smtpUrl, process.env.SMTP_FROM?.trim() || 'Wakuncar <no-reply@wakuncar.invalid>') : null;
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
    const params: unknown[] = [actor.id, limit + 1];
    let after = '';
    if (cursor !== null) {
      const [at, id] = cursor.split('|');
      if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new NotFound('Halaman');
      params.push(at, id);
      after = 'AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT n.id, n.kind, t.slug AS theme, n.reminder_key AS reminder, n.period_key AS "periodKey", n.title, n.message, n.details,
              n.created_at AS "createdAt", n.read_at AS "readAt"
       FROM notification n LEFT JOIN theme t ON t.id = n.theme_id
       WHERE n.user_id = $1 ${after}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    )) as NotificationView[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) : null };
  }

  async markRead(actor: User, id: string): Promise<NotificationView> {
    const rows = (await this.dataSource.query(
      `WITH marked AS (
         UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *
       )
       SELECT n.id, n.kind, t.slug AS theme, n.reminder_key AS reminder, n.period_key AS "periodKey", n.title, n.message, n.details,
              n.created_at AS "createdAt", n.read_at AS "readAt"
       FROM marked n LEFT JOIN theme t ON t.id = n.theme_id`,
      [id, actor.id],
    )) as NotificationView[];
    if (!rows.length) throw new NotFound('Notifikasi');
    return rows[0];
  }

  async contact(actor: User): Promise<Required<Contact>> {
    const rows = (await this.dataSource.query(`SELECT email, phone FROM notification_contact WHERE user_id = $1`, [actor.id])) as Required<Contact>[];
    return rows[0] ?? { email: null, phone: null };
  }

  async setContact(actor: User, contact: Contact): Promise<Required<Contact>> {
    const current = await this.contact(actor);
    const next = { email: contact.email !== undefined ? contact.email : current.email, phone: contact.phone !== undefined ? contact.phone : current.phone };
    await this.dataSource.query(
      `INSERT INTO notification_contact (user_id, email, phone, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now()`,
      [actor.id, next.email, next.phone],
    );
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
    const { created, recipients } = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.insertReminderNotifications(manager, notice);
      if (channels.length) {
        await manager.query(
          `INSERT INTO notification_delivery (notification_id, channel)
           SELECT n.id, ch.channel FROM notification n
           LEFT JOIN notification_contact c ON c.user_id = n.user_id
           CROSS JOIN unnest($4::text[]) AS ch(channel)
           WHERE n.kind = 'reminder' AND n.theme_id = $1 AND n.reminder_key = $2 AND n.period_key = $3
             AND (ch.channel <> 'email' OR c.email IS NOT NULL)
           ON CONFLICT DO NOTHING`,
          [notice.themeId, notice.reminderKey, notice.periodKey, channels],
        );
      }
      return inserted;
    });
    // Each notification's deliveries looked up by key (LATERAL … OFFSET 0): right after a large run the
    // planner has no statistics for the rows just written and would otherwise guess a quadratic join.
    const pending = (await this.dataSource.query(
      `SELECT d.notification_id, d.channel FROM notification n
       CROSS JOIN LATERAL (SELECT d.notification_id, d.channel, d.status FROM notification_delivery d WHERE d.notification_id = n.id OFFSET 0) d
       WHERE n.kind = 'reminder' AND n.theme_id = $1 AND n.reminder_key = $2 AND n.period_key = $3 AND d.status = 'pending'`,
      [notice.themeId, notice.reminderKey, notice.periodKey],
    )) as { notification_id: string; channel: Channel }[];
    await this.enqueueDeliveries(pending);
    return { created, recipients };
  }

  private async insertReminderNotifications(manager: EntityManager, notice: ReminderNotice): Promise<{ recipients: number; created: number }> {
    const params: unknown[] = [notice.themeId, notice.reminderKey, notice.periodKey, notice.title, notice.message, notice.audience, notice.themeSlug, notice.scope];
    const inScope = `($8::text IS NULL OR ${subtreeCondition('u.region_code', '$8::text')})`;
    let recipients: string;
    if (notice.missing === null) {
      recipients = `SELECT u.id AS user_id, NULL::bigint AS missing_count, NULL::text[] AS sample
        FROM app_user u WHERE u.role = $6 AND NOT u.disabled AND ${inScope}`;
    } else {
      params.push(notice.missing, SAMPLE);
      // Each missing region paired with itself and every ancestor: a user whose region is one of
      // those is responsible for it.
      recipients = `SELECT u.id AS user_id, count(*) AS missing_count, (array_agg(h.code ORDER BY h.code))[1:$10::int] AS sample
        FROM (
          SELECT array_to_string((string_to_array(m.code, '.'))[1:d], '.') AS holder, m.code
          FROM unnest($9::text[]) AS m(code)
          CROSS JOIN LATERAL generate_series(1, array_length(string_to_array(m.code, '.'), 1)) AS d
        ) h
        JOIN app_user u ON u.region_code = h.holder COLLATE "C"
        WHERE u.role = $6 AND NOT u.disabled AND ${inScope}
        GROUP BY u.id`;
    }
    const rows = (await manager.query(
      `WITH recipients AS (${recipients}),
       created AS (
         INSERT INTO notification (user_id, kind, theme_id, reminder_key, period_key, title, message, details)
         SELECT r.user_id, 'reminder', $1, $2, $3, $4,
                replace($5, '{count}', coalesce(r.missing_count::text, '')),
                jsonb_strip_nulls(jsonb_build_object('theme', $7::text, 'missingCount', r.missing_count, 'missing', to_jsonb(r.sample)))
         FROM recipients r
         ON CONFLICT (theme_id, reminder_key, period_key, user_id) WHERE kind = 'reminder' DO NOTHING
         RETURNING id
       )
       SELECT (SELECT count(*) FROM recipients)::int AS recipients, (SELECT count(*) FROM created)::int AS created`,
      params,
    )) as { recipients: number; created: number }[];
    return rows[0];
  }

  async enqueueDeliveries(deliveries: { notification_id: string; channel: Channel }[]): Promise<void> {
    const jobs: JobRequest[] = [];
    for (const channel of ['email', 'webhook'] as const) {
      const ids = deliveries.filter((d) => d.channel === channel).map((d) => d.notification_id);
      for (let start = 0; start < ids.length; start += DELIVERIES_PER_JOB) {
        jobs.push({ name: 'notifications.deliver', payload: { channel, notificationIds: ids.slice(start, start + DELIVERIES_PER_JOB) } });
      }
    }
    for (let start = 0; start < jobs.length; start += JOBS_PER_ADD) await this.producer.enqueueMany(jobs.slice(start, start + JOBS_PER_ADD));
  }

  /**
   * Sends notifications on one channel, each in its own short transaction that locks its delivery
   * row (SKIP LOCKED): a delivery already sent, or being sent by another job, is never sent again.
   * Failures are recorded and thrown after the others were tried, so the job retries with backoff;
   * after the last attempt they are marked failed.
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
    // The failure is recorded in the same transaction, which must commit: it answers, not throws.
    const failure = await this.dataSource.transaction(async (manager): Promise<unknown> => {
      const rows = (await manager.query(
        `SELECT n.id, n.title, n.message, n.details, n.period_key, n.reminder_key, t.slug, u.id AS user_id, u.username, u.display_name,
                c.email, c.phone, d.status
         FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id
         JOIN app_user u ON u.id = n.user_id
         LEFT JOIN notification_contact c ON c.user_id = n.user_id
         LEFT JOIN theme t ON t.id = n.theme_id
         WHERE d.notification_id = $1 AND d.channel = $2
         FOR UPDATE OF d SKIP LOCKED`,
        [notificationId, channel],
      )) as DeliveryRow[];
      const row = rows[0];
      if (!row || row.status !== 'pending') return null;
      try {
        await this.send(row, channel);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await manager.query(
          `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END
           WHERE notification_id = $1 AND channel = $2`,
          [notificationId, channel, message.slice(0, 500), finalAttempt],
        );
        return error;
      }
      await manager.query(
        `UPDATE notification_delivery SET attempts = attempts + 1, status = 'sent', sent_at = now(), last_error = NULL
         WHERE notification_id = $1 AND channel = $2`,
        [notificationId, channel],
      );
      return null;
    });
    if (failure) throw failure;
  }

  private async send(row: DeliveryRow, channel: Channel): Promise<void> {
    if (channel === 'email') {
      if (!this.mailer) throw new DeliveryFailed('SMTP_URL is not set', null);
      if (!row.email) throw new DeliveryFailed('recipient has no e-mail address', null);
      await this.mailer.send({ to: row.email, subject: row.title, text: row.message });
      return;
    }
    const url = this.config.reminderWebhookUrl;
    if (!url) throw new DeliveryFailed('REMINDER_WEBHOOK_URL is not set', null);
    const body = JSON.stringify({
      notificationId: row.id,
      user: { id: row.user_id, username: row.username, displayName: row.display_name, phone: row.phone, email: row.email },
      theme: row.slug,
      reminder: row.reminder_key,
      periodKey: row.period_key,
      title: row.title,
      message: row.message,
      details: row.details,
    });
    // The notification id lets the gateway drop a repeat after a retry whose first answer was lost.
    await postJson(url, body, { 'Idempotency-Key': row.id });
  }

  /** Pending deliveries older than `staleMs`, for the sweeper to enqueue again. */
  async stalePendingDeliveries(staleMs: number, limit: number): Promise<{ notification_id: string; channel: Channel }[]> {
    return (await this.dataSource.query(
      `SELECT notification_id, channel FROM notification_delivery
       WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    )) as { notification_id: string; channel: Channel }[];
  }
}
