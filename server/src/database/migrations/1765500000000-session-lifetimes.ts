import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials have a maximum lifetime the database itself enforces, whatever code writes them: an
 * API token lives at most a year (API.md; a day of slack for the clock of the process that made it),
 * a login at most seven days (the largest ACCESS_TOKEN_TTL). Rows made before are cut to that.
 * The pruning sweeps delete old login failures and notifications by age: indexes for them.
 */
export class SessionLifetimes1765500000000 implements MigrationInterface {
  name = 'SessionLifetimes1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE api_token SET expires_at = created_at + interval '1 year' WHERE expires_at > created_at + interval '1 year'`);
    await db.query(`ALTER TABLE api_token ADD CONSTRAINT api_token_lifetime CHECK (expires_at <= created_at + interval '1 year 1 day')`);
    await db.query(`UPDATE login_session SET expires_at = created_at + interval '7 days' WHERE expires_at > created_at + interval '7 days'`);
    await db.query(`ALTER TABLE login_session ADD CONSTRAINT login_session_lifetime CHECK (expires_at <= created_at + interval '7 days')`);
    await db.query(`CREATE INDEX login_failure_at_idx ON login_failure (at)`);
    await db.query(`CREATE INDEX notification_created_idx ON notification (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notification_created_idx`);
    await db.query(`DROP INDEX login_failure_at_idx`);
    await db.query(`ALTER TABLE login_session DROP CONSTRAINT login_session_lifetime`);
    await db.query(`ALTER TABLE api_token DROP CONSTRAINT api_token_lifetime`);
  }
}
