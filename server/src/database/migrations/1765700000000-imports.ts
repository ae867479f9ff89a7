import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of spreadsheets (template, CSV, Kobo/ODK exports) run by a job: the uploaded file is kept
 * in the row until the job has read it (every replica and worker sees it, as files in PostgreSQL do),
 * then the row keeps the report.
 */
export class Imports1765700000000 implements MigrationInterface {
  name = 'Imports1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE import_job (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id         uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        theme_id         uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        version          int,
        region_code      text,
        dry_run          boolean NOT NULL,
        language         text NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
        file_name        text,
        file_hash        text NOT NULL,
        file             bytea,
        status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress         real NOT NULL DEFAULT 0,
        total            int NOT NULL DEFAULT 0,
        accepted         int NOT NULL DEFAULT 0,
        rejected         int NOT NULL DEFAULT 0,
        stored           int NOT NULL DEFAULT 0,
        already_stored   int NOT NULL DEFAULT 0,
        source           text,
        errors           jsonb NOT NULL DEFAULT '[]',
        ignored_columns  jsonb NOT NULL DEFAULT '[]',
        error            text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz
      )`);
    await db.query(`CREATE INDEX import_job_owner_idx ON import_job (owner_id, created_at DESC)`);
    await db.query(`CREATE INDEX import_job_pending_idx ON import_job (created_at) WHERE status IN ('queued', 'running')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE import_job`);
  }
}
