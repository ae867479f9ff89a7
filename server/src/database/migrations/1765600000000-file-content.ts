import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files' bytes in PostgreSQL (the default store): one backup holds every file and every
 * replica sees it, and a committed row is on disk like any other. Photos are already compressed, so
 * the column is stored out of line without a second compression attempt. An index on stored_file's
 * age lets the sweep find uploads no submission took up.
 */
export class FileContent1765600000000 implements MigrationInterface {
  name = 'FileContent1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stored_file_content (
        id         uuid PRIMARY KEY,
        data       bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE stored_file_content ALTER COLUMN data SET STORAGE EXTERNAL`);
    await db.query(`CREATE INDEX stored_file_created_at ON stored_file (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX stored_file_created_at`);
    await db.query(`DROP TABLE stored_file_content`);
  }
}
