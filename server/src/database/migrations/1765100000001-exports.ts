import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports made in the background: who asked, what, how far the job got, and where its file is while
 * it is kept (DATA_DIR/exports; removed after EXPORT_TTL_HOURS, the row stays as the record).
 */
export class Exports1765100000001 implements MigrationInterface {
  name = 'Exports1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE export_job (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id         uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        theme_id         uuid NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
        kind             text NOT NULL CHECK (kind IN ('aggregates', 'submissions')),
        format           text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
        query            jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress         real NOT NULL DEFAULT 0,
        rows             bigint NOT NULL DEFAULT 0,
        file_size        bigint,
        error            text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz,
        expires_at       timestamptz,
        file_removed_at  timestamptz
      )`);
    await db.query(`CREATE INDEX export_job_owner_idx ON export_job (owner_id, created_at DESC)`);
    // The sweep's two questions: which files are past their time, which jobs may have been lost.
    await db.query(`CREATE INDEX export_job_expiry_idx ON export_job (expires_at) WHERE file_removed_at IS NULL AND expires_at IS NOT NULL`);
    await db.query(`CREATE INDEX export_job_pending_idx ON export_job (created_at) WHERE status IN ('queued', 'running')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE export_job`);
  }
}
