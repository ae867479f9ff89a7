import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * /api/health counts the failed webhook and notification deliveries on every probe: a partial index
 * over the failed rows keeps that count small as the delivery logs grow (the pending rows have theirs).
 */
export class FailedDeliveryIndexes1765800000000 implements MigrationInterface {
  name = 'FailedDeliveryIndexes1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX webhook_delivery_failed_idx ON webhook_delivery (created_at) WHERE status = 'failed'`);
    await db.query(`CREATE INDEX notification_delivery_failed_idx ON notification_delivery (created_at) WHERE status = 'failed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notification_delivery_failed_idx`);
    await db.query(`DROP INDEX webhook_delivery_failed_idx`);
  }
}
