import { Client } from 'pg';

/** The PostgreSQL server tests run against; each run and each test file gets its own database. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Names are built from our own run id and counters only, so quoting them is enough. */
export async function createDatabase(name: string, template?: string): Promise<void> {
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function runId(): string {
  const id = process.env.WAKUNCAR_TEST_RUN;
  if (!id) throw new Error('WAKUNCAR_TEST_RUN is not set: run tests through jest (global setup)');
  return id;
}

export function templateDatabase(): string {
  return `${runId()}_tpl`;
}
