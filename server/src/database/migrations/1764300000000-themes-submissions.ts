import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Themes with immutable versions, submissions with revisions, uploaded files and the outbox. */
export class ThemesSubmissions1764300000000 implements MigrationInterface {
  name = 'ThemesSubmissions1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE theme (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug              text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        owner_region_code text COLLATE "C" NOT NULL REFERENCES region(code),
        draft             jsonb,
        draft_updated_at  timestamptz,
        latest_version    int,
        builtin           boolean NOT NULL DEFAULT false,
        created_by        uuid REFERENCES app_user(id),
        created_at        timestamptz NOT NULL DEFAULT now()
      )`);

    // Published versions are frozen: the trigger refuses any change to a row once written.
    await db.query(`
      CREATE TABLE theme_version (
        theme_id     uuid NOT NULL REFERENCES theme(id),
        version      int NOT NULL CHECK (version >= 1),
        definition   jsonb NOT NULL,
        types_ts     text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid REFERENCES app_user(id),
        PRIMARY KEY (theme_id, version)
      )`);
    await db.query(`
      CREATE FUNCTION theme_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'published theme versions are immutable'; END $$`);
    await db.query(`
      CREATE TRIGGER theme_version_frozen BEFORE UPDATE OR DELETE ON theme_version
      FOR EACH ROW EXECUTE FUNCTION theme_version_immutable()`);

    await db.query(`
      CREATE TABLE stored_file (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        content_type text NOT NULL,
        size         int NOT NULL,
        sha256       text NOT NULL,
        uploaded_by  uuid NOT NULL REFERENCES app_user(id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);

    // One row per accepted POST (its id is the client's UUID). A report theme keeps one current
    // row per (region, period); earlier ones stay as revisions with current = false.
    await db.query(`
      CREATE TABLE submission (
        id            uuid PRIMARY KEY,
        theme_id      uuid NOT NULL REFERENCES theme(id),
        version       int NOT NULL,
        is_test       boolean NOT NULL DEFAULT false,
        is_report     boolean NOT NULL,
        region_code   text COLLATE "C" NOT NULL REFERENCES region(code),
        period_key    text NOT NULL,
        data          jsonb NOT NULL,
        request_hash  text NOT NULL,
        root_id       uuid NOT NULL,
        revision      int NOT NULL DEFAULT 1,
        current       boolean NOT NULL DEFAULT true,
        status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','approved','rejected')),
        review_comment text,
        reviewed_by   uuid REFERENCES app_user(id),
        reviewed_at   timestamptz,
        submitted_by  uuid NOT NULL REFERENCES app_user(id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE UNIQUE INDEX submission_current_report ON submission (theme_id, region_code, period_key)
      WHERE current AND is_report AND NOT is_test`);
    await db.query(`CREATE INDEX submission_scope_idx ON submission (theme_id, region_code, period_key) WHERE NOT is_test`);
    await db.query(`CREATE INDEX submission_root_idx ON submission (root_id, revision)`);
    await db.query(`CREATE INDEX submission_submitter_idx ON submission (submitted_by, created_at DESC)`);

    await db.query(`
      CREATE TABLE submission_file (
        submission_id uuid NOT NULL REFERENCES submission(id),
        file_id       uuid NOT NULL REFERENCES stored_file(id),
        PRIMARY KEY (file_id, submission_id)
      )`);

    // Review decisions and other state changes of a submission, oldest first.
    await db.query(`
      CREATE TABLE submission_event (
        id            bigserial PRIMARY KEY,
        submission_id uuid NOT NULL REFERENCES submission(id),
        action        text NOT NULL,
        actor_id      uuid REFERENCES app_user(id),
        comment       text,
        at            timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX submission_event_idx ON submission_event (submission_id, id)`);

    // Written in the same transaction as the change; the relay turns rows into jobs and deletes them.
    await db.query(`
      CREATE TABLE outbox (
        id         bigserial PRIMARY KEY,
        topic      text NOT NULL,
        payload    jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'submission_event', 'submission_file', 'submission', 'stored_file', 'theme_version', 'theme']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query('DROP FUNCTION theme_version_immutable');
  }
}
