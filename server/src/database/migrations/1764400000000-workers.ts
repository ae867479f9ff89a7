import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the workers write: aggregate cells (additive components, never derived values), the dirty
 * marks that make aggregation survive any crash or Redis outage, notifications of reminders, and
 * outbound webhooks with their delivery log.
 */
export class Workers1764400000000 implements MigrationInterface {
  name = 'Workers1764400000000';

  async up(db: QueryRunner): Promise<void> {
    // One row per (theme, measure, region, granularity, period, group). Only additive components are
    // stored: avg = value_sum ÷ n and ratio = numerator ÷ denominator × scale are derived when read.
    // `row_count` is the number of submissions behind the cell (small-cell suppression). Derived data
    // rewritten in bulk, so no foreign key: a per-row check would dominate a full recompute.
    await db.query(`
      CREATE TABLE aggregate_cell (
        theme_id     uuid NOT NULL,
        level        text NOT NULL,
        granularity  text NOT NULL CHECK (granularity IN ('day','week','month','quarter','year','none')),
        period_key   text COLLATE "C" NOT NULL,
        region_code  text COLLATE "C" NOT NULL,
        measure      text COLLATE "C" NOT NULL,
        group_key    text COLLATE "C" NOT NULL DEFAULT 'null',
        row_count    numeric NOT NULL,
        n            numeric NOT NULL,
        value_sum    numeric,
        value_min    numeric,
        value_max    numeric,
        numerator    numeric,
        denominator  numeric,
        PRIMARY KEY (theme_id, level, granularity, period_key, region_code, measure, group_key)
      )`);
    // The time roll-up reads one region's base periods; the primary key serves periods × region ranges.
    await db.query(`CREATE INDEX aggregate_cell_region_idx ON aggregate_cell (theme_id, level, granularity, region_code, period_key)`);

    // A base cell whose submissions changed and whose aggregate is not yet recomputed. Written by the
    // outbox relay before the job is enqueued and deleted by the job that recomputed it, so a lost job
    // (killed worker, Redis restarted empty, attempts exhausted) is found again by the sweeper.
    await db.query(`CREATE SEQUENCE aggregate_dirty_generation`);
    await db.query(`
      CREATE TABLE aggregate_dirty_cell (
        theme_id    uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        region_code text COLLATE "C" NOT NULL,
        period_key  text COLLATE "C" NOT NULL,
        generation  bigint NOT NULL,
        marked_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, region_code, period_key)
      )`);
    await db.query(`CREATE INDEX aggregate_dirty_cell_age_idx ON aggregate_dirty_cell (marked_at)`);

    // Base-level cells (every granularity) whose ancestors up the region tree must be re-added.
    // Written in the same transaction as the base cell; consumed by the per-theme roll-up.
    await db.query(`
      CREATE TABLE aggregate_dirty_rollup (
        theme_id    uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        region_code text COLLATE "C" NOT NULL,
        granularity text NOT NULL,
        period_key  text COLLATE "C" NOT NULL,
        marked_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, region_code, granularity, period_key)
      )`);
    await db.query(`CREATE INDEX aggregate_dirty_rollup_age_idx ON aggregate_dirty_rollup (marked_at)`);

    // Which aggregations a theme's stored cells were computed with (md5 of the latest version's
    // `aggregations`): a publish that changes them makes the sweeper ask for a full recompute.
    await db.query(`
      CREATE TABLE aggregate_theme (
        theme_id      uuid PRIMARY KEY REFERENCES theme(id) ON DELETE CASCADE,
        signature     text NOT NULL,
        version       int NOT NULL,
        recomputed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE notification (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind         text NOT NULL,
        theme_id     uuid REFERENCES theme(id) ON DELETE CASCADE,
        reminder_key text,
        period_key   text,
        title        text NOT NULL,
        message      text NOT NULL,
        details      jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now(),
        read_at      timestamptz
      )`);
    // Two runs of one reminder for one period never notify a person twice.
    await db.query(`
      CREATE UNIQUE INDEX notification_reminder_once ON notification (theme_id, reminder_key, period_key, user_id)
      WHERE kind = 'reminder'`);
    await db.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id DESC)`);

    // Where a person is reached outside the app; absent → in-app only.
    await db.query(`
      CREATE TABLE notification_contact (
        user_id    uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        email      text,
        phone      text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE notification_delivery (
        notification_id uuid NOT NULL REFERENCES notification(id) ON DELETE CASCADE,
        channel         text NOT NULL CHECK (channel IN ('email','webhook')),
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts        int NOT NULL DEFAULT 0,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        PRIMARY KEY (notification_id, channel)
      )`);
    await db.query(`CREATE INDEX notification_delivery_pending_idx ON notification_delivery (created_at) WHERE status = 'pending'`);

    await db.query(`
      CREATE TABLE webhook (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        theme_id   uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        url        text NOT NULL,
        secret     text NOT NULL,
        events     text[] NOT NULL,
        active     boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_theme_idx ON webhook (theme_id) WHERE active`);

    // One row per (webhook, event): `event_id` makes a re-delivered outbox row or a retried job
    // produce the same delivery, never a second one.
    await db.query(`
      CREATE TABLE webhook_delivery (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id      uuid NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
        event           text NOT NULL,
        event_id        text NOT NULL,
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts        int NOT NULL DEFAULT 0,
        response_status int,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        UNIQUE (webhook_id, event, event_id)
      )`);
    await db.query(`CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (created_at) WHERE status = 'pending'`);

    await db.query(`CREATE INDEX outbox_topic_idx ON outbox (topic, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX outbox_topic_idx');
    for (const table of [
      'webhook_delivery',
      'webhook',
      'notification_delivery',
      'notification_contact',
      'notification',
      'aggregate_theme',
      'aggregate_dirty_rollup',
      'aggregate_dirty_cell',
      'aggregate_cell',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('DROP SEQUENCE aggregate_dirty_generation');
  }
}
