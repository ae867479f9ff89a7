import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Db, firstRow, rows, SqlParams } from '../../database/sql';
import type { OutboxPayloads, OutboxTopic } from './outbox-catalog';

/** An outbox row as the relay reads it; the payload is checked against its topic's schema after. */
export interface StoredOutboxRow {
  id: string;
  topic: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * The outbox writer: the only place outbox rows are written. Call it with the transaction (or inside
 * the statement, `outboxInsertSql`) of the change the row announces, so both commit or neither does.
 */
export async function writeOutbox<T extends OutboxTopic>(db: Db, topic: T, payload: OutboxPayloads[T]): Promise<void> {
  await db.query(`INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb)`, [topic, JSON.stringify(payload)]);
}

/** The same row as part of a larger statement: written once per row `from` yields. */
export function outboxInsertSql<T extends OutboxTopic>(params: SqlParams, topic: T, payload: OutboxPayloads[T], from: string): string {
  return `INSERT INTO outbox (topic, payload) SELECT ${params.add(topic, 'text')}, ${params.add(JSON.stringify(payload), 'jsonb')} FROM ${from}`;
}

/**
 * One row per row `from` yields, its payload built by `payloadSql` from that row (a
 * `jsonb_build_object(…)` over `from`'s columns): for a statement that writes many changes at once.
 */
export function outboxRowsSql<T extends OutboxTopic>(params: SqlParams, topic: T, payloadSql: string, from: string): string {
  return `INSERT INTO outbox (topic, payload) SELECT ${params.add(topic, 'text')}, ${payloadSql} FROM ${from}`;
}

/** The relay's reads and deletes. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The oldest rows of these topics not locked by another relay, locked until `manager` commits. */
  lockBatch(manager: EntityManager, topics: string[], limit: number): Promise<StoredOutboxRow[]> {
    return rows<StoredOutboxRow>(
      manager,
      `SELECT id, topic, payload, created_at AS "createdAt" FROM outbox
       WHERE topic = ANY($1::text[]) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [topics, limit],
    );
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Pending rows and the age of the oldest. */
  async backlog(): Promise<{ pending: number; oldestAgeMs: number | null }> {
    const row = await firstRow<{ pending: number; oldestAgeMs: string | null }>(
      this.dataSource,
      `SELECT count(*)::int AS pending, (extract(epoch FROM now() - min(created_at)) * 1000)::bigint AS "oldestAgeMs" FROM outbox`,
    );
    return { pending: row!.pending, oldestAgeMs: row!.oldestAgeMs === null ? null : Number(row!.oldestAgeMs) };
  }
}
