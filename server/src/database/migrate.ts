import { DataSource } from 'typeorm';

/** Any constant works; it only has to be the same in every replica. */
const MIGRATION_LOCK = 72_0501;

/**
 * Runs pending migrations. Replicas starting together take turns on an advisory lock, so each
 * migration runs exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
