import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

const names = new Map<string, string>();

/** One name per statement text: pg refuses a name reused for another text on the same connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `wk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs one statement, outside any transaction, as a named prepared statement on the data source's own
 * pool: PostgreSQL parses and plans it once per connection and TypeORM's per-query runner is skipped.
 * Only for the paths every request takes (the caller's user, a new submission); `text` must be built
 * from constants, never from input, or the name cache would grow without bound.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<T & Record<string, unknown>>({ name: statementName(text), text, values });
  return result.rows;
}
