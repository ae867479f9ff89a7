import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The one way this codebase binds parameters: a statement collects its values in a `SqlParams` and
 * writes the placeholder `add` hands back. Fixed statements may write `$1…` against a values array
 * directly, which is the same thing; statements assembled from parts (the ingest, the audit and
 * outbox fragments, the aggregation builders, optional filters and cursors) always use `SqlParams`.
 * SQL text is assembled from fixed fragments only; input only ever arrives as a value.
 */
export type SqlType =
  | 'text'
  | 'text[]'
  | 'int'
  | 'bigint'
  | 'bigint[]'
  | 'numeric'
  | 'float8'
  | 'boolean'
  | 'uuid'
  | 'uuid[]'
  | 'jsonb'
  | 'jsonb[]'
  | 'timestamptz'
  | 'interval';

export class SqlParams {
  readonly values: unknown[] = [];

  /** Binds `value` and answers its placeholder, cast when `type` is given (`$3::uuid`). */
  add(value: unknown, type?: SqlType): string {
    this.values.push(value);
    return type ? `$${this.values.length}::${type}` : `$${this.values.length}`;
  }
}

/** A statement and its values, as the builders hand them to a repository. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Where a statement runs: the pool, or a transaction's manager. */
export type Db = DataSource | EntityManager;

/** Rows of a SELECT or of an `… RETURNING` statement, typed as the caller names them. */
export async function rows<T>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const result = await db.query<T[] | [T[], number]>(sql, [...params]);
  // TypeORM answers a bare UPDATE or DELETE … RETURNING as [rows, rowCount]; rows are objects, never
  // arrays, so that shape cannot be mistaken for two rows.
  return isUpdateAnswer(result) ? result[0] : (result as T[]);
}

function isUpdateAnswer<T>(result: T[] | [T[], number]): result is [T[], number] {
  return result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}

/** The first row, or null. */
export async function firstRow<T>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T | null> {
  const [row] = await rows<T>(db, sql, params);
  return row ?? null;
}

/** Runs statements in order, for what they do; their results are not read. */
export async function execute(db: Db, statements: SqlStatement[]): Promise<void> {
  for (const statement of statements) await db.query(statement.sql, statement.params);
}

const statementNames = new Map<string, string>();

/** One name per statement text: pg refuses a name reused for another text on the same connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `wk_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs one statement, outside any transaction, as a named prepared statement on the data source's own
 * pool: PostgreSQL parses and plans it once per connection and TypeORM's per-query runner is skipped.
 * Only for the paths every request takes (the caller's user, a new submission); `text` must be built
 * from constants, never from input, or the name cache would grow without bound.
 */
export async function preparedRows<T>(dataSource: DataSource, text: string, values: readonly unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<T & Record<string, unknown>>({ name: statementName(text), text, values: [...values] });
  return result.rows;
}

/** Whether the database answers at all: the health check. */
export async function ping(db: Db): Promise<void> {
  await db.query('SELECT 1');
}
