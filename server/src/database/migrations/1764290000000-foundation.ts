import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, users, API tokens, login throttling and the audit log. */
export class Foundation1764290000000 implements MigrationInterface {
  name = 'Foundation1764290000000';

  async up(db: QueryRunner): Promise<void> {
    // Region codes are hierarchical (Kemendagri: 18.72.05.1001; ours below: .001), so the code is the
    // materialized path: a subtree is the range [code + '.', code + '/') on the "C"-collated key.
    await db.query(`
      CREATE TABLE region (
        code        text COLLATE "C" PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('provinsi','kota','kecamatan','kelurahan','rw','rt','dasawisma')),
        parent_code text COLLATE "C" REFERENCES region(code),
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (code ~ '^[0-9]+(\\.[0-9]+)*$')
      )`);
    await db.query(`CREATE INDEX region_parent_idx ON region (parent_code, code)`);
    await db.query(`CREATE INDEX region_level_idx ON region (level, code)`);

    await db.query(`
      CREATE TABLE app_user (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL UNIQUE CHECK (username = lower(username)),
        password_hash text NOT NULL,
        display_name  text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin','kader','opd')),
        region_code   text COLLATE "C" NOT NULL REFERENCES region(code),
        disabled      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX app_user_region_idx ON app_user (region_code)`);

    await db.query(`
      CREATE TABLE api_token (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        name         text NOT NULL,
        token_hash   text NOT NULL UNIQUE,
        expires_at   timestamptz,
        revoked_at   timestamptz,
        last_used_at timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX api_token_user_idx ON api_token (user_id)`);

    // Failed logins live in PostgreSQL so throttling holds across API replicas.
    await db.query(`
      CREATE TABLE login_failure (
        id       bigserial PRIMARY KEY,
        username text NOT NULL,
        ip       text NOT NULL,
        at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX login_failure_username_idx ON login_failure (username, at)`);
    await db.query(`CREATE INDEX login_failure_ip_idx ON login_failure (ip, at)`);

    await db.query(`
      CREATE TABLE audit_log (
        id             bigserial PRIMARY KEY,
        at             timestamptz NOT NULL DEFAULT now(),
        actor_id       uuid,
        actor_username text,
        action         text NOT NULL,
        target_type    text,
        target_id      text,
        region_code    text COLLATE "C",
        ip             text,
        details        jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX audit_log_region_idx ON audit_log (region_code, id DESC)`);
    // Append-only: the application role may insert and read, never rewrite history.
    await db.query(`
      CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_immutable()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_immutable');
    await db.query('DROP TABLE login_failure');
    await db.query('DROP TABLE api_token');
    await db.query('DROP TABLE app_user');
    await db.query('DROP TABLE region');
  }
}
