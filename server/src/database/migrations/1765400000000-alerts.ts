import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early warning. `alert` holds one row per (theme, rule, region, period) in which a rule's threshold
 * was crossed, so a crossing opens one alert however often it is evaluated, and at most one alert of
 * a rule is open per region. `alert_dirty_cell` holds the base cells whose aggregates changed since
 * the rules last looked at them, written by the outbox relay, so a lost job or a killed worker leaves
 * the work in PostgreSQL; `alert_sweep` records the periods an absence rule was checked for. A person is told about one alert once: a unique index on the notification.
 */
export class Alerts1765400000000 implements MigrationInterface {
  name = 'Alerts1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE alert (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        theme_id        uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        rule_key        text NOT NULL,
        region_code     text COLLATE "C" NOT NULL,
        period_key      text COLLATE "C" NOT NULL,
        value           double precision,
        threshold       double precision NOT NULL,
        opened_at       timestamptz NOT NULL DEFAULT now(),
        closed_at       timestamptz,
        acknowledged_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        acknowledged_at timestamptz,
        acknowledge_comment text,
        UNIQUE (theme_id, rule_key, region_code, period_key)
      )`);
    await db.query(`CREATE UNIQUE INDEX alert_open_once ON alert (theme_id, rule_key, region_code) WHERE closed_at IS NULL`);
    await db.query(`CREATE INDEX alert_region_idx ON alert (region_code, opened_at DESC)`);
    await db.query(`
      CREATE TABLE alert_dirty_cell (
        theme_id    uuid NOT NULL,
        region_code text COLLATE "C" NOT NULL,
        period_key  text COLLATE "C" NOT NULL,
        marked_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, region_code, period_key)
      )`);
    await db.query(`CREATE INDEX alert_dirty_cell_age_idx ON alert_dirty_cell (marked_at)`);
    // Absence rules (a region that reports nothing crosses them) are checked once per period by a sweep.
    await db.query(`
      CREATE TABLE alert_sweep (
        theme_id   uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        rule_key   text NOT NULL,
        period_key text NOT NULL,
        swept_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, rule_key, period_key)
      )`);
    await db.query(`CREATE UNIQUE INDEX notification_alert_once ON notification ((details->>'alertId'), user_id) WHERE kind = 'alert'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notification_alert_once`);
    await db.query(`DROP TABLE alert_sweep`);
    await db.query(`DROP TABLE alert_dirty_cell`);
    await db.query(`DROP TABLE alert`);
  }
}
