import { Client } from 'pg';
import Cursor from 'pg-cursor';
import { to as copyTo } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SubmissionExportSql } from '../submissions/submission.repository';

/** Rows a cursor hands over at once: enough to keep the connection busy, small enough for flat memory. */
const CURSOR_BATCH = 2000;

/**
 * The streaming reads of an export, on connections of their own (the export runs in a process of
 * its own, see export-child.ts): `COPY … TO STDOUT` piped into the file, or a server-side cursor read
 * batch by batch. Each read is one transaction with the statement's arguments in it, and without the
 * pool's statement and idle timeouts, which a long export outlives.
 */
export class ExportStreamRepository {
  constructor(private readonly connectionString: string) {}

  /** How many rows the export statement answers. */
  count(statement: SubmissionExportSql): Promise<number> {
    return this.withArgs(statement, async (client) => (await client.query<{ n: number }>(statement.count)).rows[0]?.n ?? 0);
  }

  /** `COPY (select) TO STDOUT (FORMAT csv)` into `out`, every chunk seen by `onChunk` first; answers the row count. */
  copyCsv(statement: SubmissionExportSql, out: Writable, onChunk: (chunk: Buffer) => void): Promise<number> {
    return this.withArgs(statement, async (client) => {
      const copy = client.query(copyTo(`COPY (${statement.select}) TO STDOUT WITH (FORMAT csv)`));
      copy.on('data', onChunk);
      await pipeline(copy, out, { end: false });
      return copy.rowCount ?? 0;
    });
  }

  /** The rows of the export statement, batch by batch, read through a server-side cursor. */
  cursor(statement: SubmissionExportSql, onBatch: (rows: unknown[][]) => Promise<void>): Promise<void> {
    return this.withArgs(statement, async (client) => {
      const cursor = client.query(new Cursor(statement.select, [], { rowMode: 'array' }));
      const read = () => {
        const batch = cursor.read(CURSOR_BATCH) as Promise<unknown[][]>;
        // Awaited below; this only keeps a failure after the writer stopped from going unhandled.
        batch.catch(() => undefined);
        return batch;
      };
      try {
        // The next batch is asked for before this one is written: PostgreSQL and the writer work at once.
        let next = read();
        for (;;) {
          const batch = await next;
          if (!batch.length) break;
          next = read();
          await onBatch(batch);
        }
      } finally {
        await cursor.close();
      }
    });
  }

  private async withArgs<T>(statement: SubmissionExportSql, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.connectionString, application_name: 'wakuncar-export' });
    await client.connect();
    try {
      await client.query('BEGIN READ WRITE');
      await client.query(`SET LOCAL statement_timeout = 0`);
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = '10min'`);
      await client.query(statement.args.sql, statement.args.params);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
