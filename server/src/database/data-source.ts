import type { PoolClient } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { StatementTimeoutSubscriber } from './statement-timeout';

/** Entities register themselves here so the data source, Nest and the CLI agree on one list. */
import { ENTITIES } from './entities';

/**
 * Every pooled connection listens for its own errors from the moment it is connected. When the server
 * drops its sessions (a restart, `pg_terminate_backend`), the error can arrive in the same network
 * read that finished connecting a client, before TypeORM, which is handed the client a tick later, has
 * attached its listener: an 'error' nobody listens to ends the process. The failure itself still
 * reaches whoever runs a query on the client (it is no longer queryable and the pool discards it).
 */
function keepConnectionErrors(client: PoolClient): void {
  client.on('error', () => undefined);
}

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
    extra: { max: 20, idle_in_transaction_session_timeout: 30_000, statement_timeout: 60_000, onConnect: keepConnectionErrors },
    applicationName: 'wakuncar',
  };
}

/** Used by the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wakuncar'));
