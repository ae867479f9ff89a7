import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { firstRow, rows, SqlParams } from '../../database/sql';
import { themeSlugSql } from '../themes/theme.repository';
import type { Role } from '../users/user.entity';
import { responsibleUsersSql, userInSubtreeSql, userNamesSql } from '../users/user.repository';

export type Channel = 'email' | 'webhook';

/** A notification as stored; `themeId` is turned into the theme's slug for answers. */
export interface NotificationRow {
  id: string;
  kind: string;
  themeId: string | null;
  reminder: string | null;
  periodKey: string | null;
  title: string;
  message: string;
  details: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewNotification {
  userId: string;
  kind: string;
  themeId: string | null;
  periodKey: string | null;
  title: string;
  message: string;
  details: Record<string, unknown>;
}

export interface ContactRow {
  email: string | null;
  phone: string | null;
}

/** One reminder run's notifications: one per responsible user, at most once per period. */
export interface ReminderNotifications {
  themeId: string;
  themeSlug: string;
  reminderKey: string;
  periodKey: string;
  role: Role;
  title: string;
  /** `{count}` becomes the number of the recipient's regions the reminder is about. */
  message: string;
  /** The regions it is about; null: everyone of the role. */
  regions: string[] | null;
  scope: string | null;
  /** How many region codes a notification names. */
  sampleSize: number;
}

/** The notifications of one opened alert. */
export interface AlertNotifications {
  themeId: string;
  regionCode: string;
  periodKey: string;
  role: Role;
  title: string;
  message: string;
  details: { alertId: string } & Record<string, unknown>;
}

/** A delivery locked for sending, with what the message needs. */
export interface LeasedDelivery {
  status: string;
  notificationId: string;
  userId: string;
  username: string | null;
  displayName: string | null;
  themeSlug: string | null;
  title: string;
  message: string;
  details: Record<string, unknown>;
  periodKey: string | null;
  reminderKey: string | null;
  email: string | null;
  phone: string | null;
}

export interface PendingDelivery {
  notificationId: string;
  channel: Channel;
}

const NOTIFICATION_ROW = `n.id, n.kind, n.theme_id AS "themeId", n.reminder_key AS reminder, n.period_key AS "periodKey", n.title, n.message, n.details,
  n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** `notification`, `notification_delivery` and `notification_contact`. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Deletes up to `limit` notifications older than `days` (their deliveries go with them); how many. */
  async pruneOlderThan(days: number, limit: number): Promise<number> {
    const deleted = await rows<{ count: number }>(
      this.dataSource,
      `WITH gone AS (
         DELETE FROM notification WHERE id IN (SELECT id FROM notification WHERE created_at < now() - $1::interval LIMIT $2) RETURNING 1
       ) SELECT count(*)::int AS count FROM gone`,
      [`${days} days`, limit],
    );
    return deleted[0].count;
  }

  /** A user's notifications, newest first, older than `before` when given. */
  page(userId: string, before: { at: string; id: string } | null, limit: number): Promise<NotificationRow[]> {
    const params = new SqlParams();
    const after = before ? `AND (n.created_at, n.id) < (${params.add(before.at, 'timestamptz')}, ${params.add(before.id, 'uuid')})` : '';
    return rows<NotificationRow>(
      this.dataSource,
      `SELECT ${NOTIFICATION_ROW} FROM notification n
       WHERE n.user_id = ${params.add(userId, 'uuid')} ${after}
       ORDER BY n.created_at DESC, n.id DESC LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  /** Marks a user's notification read (the first time only); null when it is not theirs. */
  markRead(id: string, userId: string): Promise<NotificationRow | null> {
    return firstRow<NotificationRow>(
      this.dataSource,
      `WITH n AS (UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT ${NOTIFICATION_ROW} FROM n`,
      [id, userId],
    );
  }

  contact(userId: string): Promise<ContactRow | null> {
    return firstRow<ContactRow>(this.dataSource, `SELECT email, phone FROM notification_contact WHERE user_id = $1`, [userId]);
  }

  async saveContact(userId: string, contact: ContactRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_contact (user_id, email, phone, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone, updated_at = now()`,
      [userId, contact.email, contact.phone],
    );
  }

  /** One in-app notification (a review result) for one user, inside the caller's transaction. */
  async insertOne(manager: EntityManager, row: NewNotification): Promise<void> {
    await manager.query(
      `INSERT INTO notification (user_id, kind, theme_id, period_key, title, message, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.userId, row.kind, row.themeId, row.periodKey, row.title, row.message, JSON.stringify(row.details)],
    );
  }

  /**
   * One notification per responsible user, set-based so a whole-country run is one statement; a
   * unique index on (theme, reminder, period, user) makes a second run a no-op.
   */
  async insertReminders(manager: EntityManager, run: ReminderNotifications): Promise<{ recipients: number; created: number }> {
    const params = new SqlParams();
    const recipients = responsibleUsersSql(params, run.role, run.regions, run.scope, run.sampleSize);
    const row = await firstRow<{ recipients: number; created: number }>(
      manager,
      `WITH recipients AS (${recipients}),
       created AS (
         INSERT INTO notification (user_id, kind, theme_id, reminder_key, period_key, title, message, details)
         SELECT r.user_id, 'reminder', ${params.add(run.themeId, 'uuid')}, ${params.add(run.reminderKey, 'text')}, ${params.add(run.periodKey, 'text')},
                ${params.add(run.title, 'text')},
                replace(${params.add(run.message, 'text')}, '{count}', coalesce(r.region_count::text, '')),
                jsonb_strip_nulls(jsonb_build_object('theme', ${params.add(run.themeSlug, 'text')}, 'missingCount', r.region_count, 'missing', to_jsonb(r.sample)))
         FROM recipients r
         ON CONFLICT (theme_id, reminder_key, period_key, user_id) WHERE kind = 'reminder' DO NOTHING
         RETURNING id
       )
       SELECT (SELECT count(*) FROM recipients)::int AS recipients, (SELECT count(*) FROM created)::int AS created`,
      params.values,
    );
    return row!;
  }

  /** A pending delivery per channel for each notification of the run (e-mail only to users with an address). */
  async insertReminderDeliveries(manager: EntityManager, run: Pick<ReminderNotifications, 'themeId' | 'reminderKey' | 'periodKey'>, channels: Channel[]): Promise<void> {
    await manager.query(
      `INSERT INTO notification_delivery (notification_id, channel)
       SELECT n.id, ch.channel FROM notification n
       LEFT JOIN notification_contact c ON c.user_id = n.user_id
       CROSS JOIN unnest($4::text[]) AS ch(channel)
       WHERE n.kind = 'reminder' AND n.theme_id = $1 AND n.reminder_key = $2 AND n.period_key = $3
         AND (ch.channel <> 'email' OR c.email IS NOT NULL)
       ON CONFLICT DO NOTHING`,
      [run.themeId, run.reminderKey, run.periodKey, channels],
    );
  }

  /** The run's deliveries still pending. */
  pendingReminderDeliveries(run: Pick<ReminderNotifications, 'themeId' | 'reminderKey' | 'periodKey'>): Promise<PendingDelivery[]> {
    // Each notification's deliveries looked up by key (LATERAL … OFFSET 0): right after a large run the
    // planner has no statistics for the rows just written and would otherwise guess a quadratic join.
    return rows<PendingDelivery>(
      this.dataSource,
      `SELECT d.notification_id AS "notificationId", d.channel FROM notification n
       CROSS JOIN LATERAL (SELECT d.notification_id, d.channel, d.status FROM notification_delivery d WHERE d.notification_id = n.id OFFSET 0) d
       WHERE n.kind = 'reminder' AND n.theme_id = $1 AND n.reminder_key = $2 AND n.period_key = $3 AND d.status = 'pending'`,
      [run.themeId, run.reminderKey, run.periodKey],
    );
  }

  /**
   * One notification per user of `role` whose region is the alert's region or an ancestor, and a
   * pending delivery per channel; a unique index on (alert, user) makes a second evaluation a no-op.
   * Answers the alert's deliveries still pending.
   */
  async insertAlertNotifications(manager: EntityManager, alert: AlertNotifications, channels: Channel[]): Promise<PendingDelivery[]> {
    const params = new SqlParams();
    const recipients = responsibleUsersSql(params, alert.role, [alert.regionCode], null, 1);
    await manager.query(
      `INSERT INTO notification (user_id, kind, theme_id, period_key, title, message, details)
       SELECT r.user_id, 'alert', ${params.add(alert.themeId, 'uuid')}, ${params.add(alert.periodKey, 'text')}, ${params.add(alert.title, 'text')},
              ${params.add(alert.message, 'text')}, ${params.add(JSON.stringify(alert.details), 'jsonb')}
       FROM (${recipients}) r
       ON CONFLICT ((details->>'alertId'), user_id) WHERE kind = 'alert' DO NOTHING`,
      params.values,
    );
    if (channels.length) {
      await manager.query(
        `INSERT INTO notification_delivery (notification_id, channel)
         SELECT n.id, ch.channel FROM notification n
         LEFT JOIN notification_contact c ON c.user_id = n.user_id
         CROSS JOIN unnest($2::text[]) AS ch(channel)
         WHERE n.kind = 'alert' AND n.details->>'alertId' = $1 AND (ch.channel <> 'email' OR c.email IS NOT NULL)
         ON CONFLICT DO NOTHING`,
        [alert.details.alertId, channels],
      );
    }
    return rows<PendingDelivery>(
      manager,
      `SELECT d.notification_id AS "notificationId", d.channel FROM notification n JOIN notification_delivery d ON d.notification_id = n.id
       WHERE n.kind = 'alert' AND n.details->>'alertId' = $1 AND d.status = 'pending'`,
      [alert.details.alertId],
    );
  }

  /**
   * Leases a pending delivery for `leaseMs` and answers what sending it needs; null when it is not
   * pending or another job holds an unexpired lease. The lease is its own short statement: nothing
   * stays open while the message goes out.
   */
  leaseDelivery(notificationId: string, channel: Channel, leaseMs: number): Promise<LeasedDelivery | null> {
    const user = userNamesSql('n.user_id');
    return firstRow<LeasedDelivery>(
      this.dataSource,
      `WITH leased AS (
         UPDATE notification_delivery SET leased_until = now() + make_interval(secs => $3::float8 / 1000)
         WHERE notification_id = $1 AND channel = $2 AND status = 'pending' AND (leased_until IS NULL OR leased_until < now())
         RETURNING notification_id, status)
       SELECT d.status, n.id AS "notificationId", n.user_id AS "userId", ${user.username} AS username, ${user.displayName} AS "displayName",
              ${themeSlugSql('n.theme_id')} AS "themeSlug", n.title, n.message, n.details,
              n.period_key AS "periodKey", n.reminder_key AS "reminderKey", c.email, c.phone
       FROM leased d
       JOIN notification n ON n.id = d.notification_id
       LEFT JOIN notification_contact c ON c.user_id = n.user_id`,
      [notificationId, channel, leaseMs],
    );
  }

  /** Still pending, under another job's unexpired lease. */
  async leasedElsewhere(notificationId: string, channel: Channel): Promise<boolean> {
    const held = await firstRow<{ held: boolean }>(
      this.dataSource,
      `SELECT true AS held FROM notification_delivery WHERE notification_id = $1 AND channel = $2 AND status = 'pending' AND leased_until > now()`,
      [notificationId, channel],
    );
    return held !== null;
  }

  async recordSent(notificationId: string, channel: Channel): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_delivery SET attempts = attempts + 1, status = 'sent', sent_at = now(), last_error = NULL, leased_until = NULL
       WHERE notification_id = $1 AND channel = $2`,
      [notificationId, channel],
    );
  }

  /** A failed attempt; the last one marks the delivery failed. The lease ends so the retry may take it. */
  async recordFailure(notificationId: string, channel: Channel, message: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END, leased_until = NULL
       WHERE notification_id = $1 AND channel = $2`,
      [notificationId, channel, message.slice(0, 500), final],
    );
  }

  /** Deliveries that gave up (every attempt failed), for the health report. */
  async failedCount(): Promise<number> {
    return (await firstRow<{ n: number }>(this.dataSource, `SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'failed'`, []))!.n;
  }

  /**
   * Puts failed deliveries of notifications to users in `regionCode`'s subtree back to pending (an
   * admin's "send again"); answers them, for the caller to enqueue.
   */
  redeliverFailed(regionCode: string): Promise<PendingDelivery[]> {
    return rows<PendingDelivery>(
      this.dataSource,
      `WITH again AS (
         UPDATE notification_delivery d SET status = 'pending', leased_until = NULL
         FROM notification n
         WHERE n.id = d.notification_id AND d.status = 'failed' AND ${userInSubtreeSql('n.user_id', '$1::text')}
         RETURNING d.notification_id, d.channel)
       SELECT notification_id AS "notificationId", channel FROM again`,
      [regionCode],
    );
  }

  /** Pending deliveries older than `staleMs` (their job may be lost), oldest first. */
  stalePending(staleMs: number, limit: number): Promise<PendingDelivery[]> {
    return rows<PendingDelivery>(
      this.dataSource,
      `SELECT notification_id AS "notificationId", channel FROM notification_delivery
       WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
  }
}
