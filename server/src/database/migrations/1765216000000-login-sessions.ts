import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A login token names its session, and a session can be ended before its token expires (log out, a
 * password change, an admin changing the user). The row is in PostgreSQL so every API replica refuses
 * the token at once; the trigger tells their caches which session ended. A user's language is stored
 * with the user so it follows them to another phone.
 */
export class LoginSessions1765216000000 implements MigrationInterface {
  name = 'LoginSessions1765216000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await db.query(`CREATE INDEX login_session_live ON login_session (user_id) WHERE ended_at IS NULL`);
    await db.query(`
      CREATE TRIGGER login_session_cache AFTER UPDATE OR DELETE ON login_session
      FOR EACH ROW EXECUTE FUNCTION notify_cache_change('id')`);
    await db.query(`ALTER TABLE app_user ADD COLUMN language text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN language`);
    await db.query(`DROP TABLE login_session`);
  }
}
