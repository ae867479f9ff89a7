import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { StatementTimeoutSubscriber } from './statement-timeout';

/** Entities register themselves here so the data source, Nest and the CLI agree on one list. */
import { ENTITIES } from './entities';

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [StatementTimeoutSubscriber],
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    synchronize: false,
    // Bounded pool; a statement that hangs must not hold a connection forever. Jobs that need longer
    // declare it (job catalog `statementTimeoutMs`, statement-timeout.ts).
    extra: { max: 20, idle_in_transaction_session_timeout: 30_000, statement_timeout: 60_000 },
    applicationName: 'wakuncar',
  };
}

/** Used by the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wakuncar'));
