import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification delivery is leased while it is being sent, instead of held locked in an open
 * transaction: an e-mail server that takes a minute to answer no longer keeps a database connection
 * and a row lock for that minute. A lease left by a killed process simply runs out.
 */
export class DeliveryLease1765600000001 implements MigrationInterface {
  name = 'DeliveryLease1765600000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notification_delivery ADD COLUMN leased_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notification_delivery DROP COLUMN leased_until`);
  }
}
