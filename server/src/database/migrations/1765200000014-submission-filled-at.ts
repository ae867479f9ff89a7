import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a submission was filled on the device (`filledAt`), as far as the server trusts it: a cadre
 * who filled a report offline on time is on time though it arrived later. Null: the time it arrived.
 */
export class SubmissionFilledAt1765200000014 implements MigrationInterface {
  name = 'SubmissionFilledAt1765200000014';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE submission ADD COLUMN filled_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE submission DROP COLUMN filled_at`);
  }
}
