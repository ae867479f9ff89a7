import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { to as copyTo } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { rows } from '../../database/sql';
import type { SubmissionExportSql } from '../submissions/submission.repository';
import type { ExportFormat, ExportJob, ExportKind } from './export.entity';

/** Rows a cursor hands over at once: enough to keep the connection busy, small enough for flat memory. */
const CURSOR_BATCH = 2000;

/**
 * `export_job`, and the streaming reads of an export: `COPY … TO STDOUT` piped into the file, or a
 * server-side cursor read batch by batch. Both run on one pooled connection in a transaction of their
 * own, so the session-local arguments of the statement are there and gone with it.
 */
@Injectable()
export class ExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(job: { ownerId: string; themeId: string; kind: ExportKind; format: ExportFormat; query: Record<string, string> }): Promise<ExportJob> {
    const [row] = await rows<{ id: string }>(
      this.dataSource,
      `INSERT INTO export_job (owner_id, theme_id, kind, format, query) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [job.ownerId, job.themeId, job.kind, job.format, JSON.stringify(job.query)],
    );
    return (await this.find(row.id))!;
  }

  find(id: string): Promise<ExportJob | null> {
    return this.dataSource.getRepository<ExportJob>('ExportJob').findOneBy({ id });
  }

  /** Marks a queued (or interrupted) job running; false when it is already done or failed. */
  async start(id: string): Promise<boolean> {
    const started = await rows<{ id: string }>(
      this.dataSource,
      `UPDATE export_job SET status = 'running', started_at = now(), progress = 0, rows = 0 WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id],
    );
    return started.length > 0;
  }

  async progress(id: string, progress: number, count: number): Promise<void> {
    await this.dataSource.query(`UPDATE export_job SET progress = $2, rows = $3 WHERE id = $1 AND status = 'running'`, [id, progress, count]);
  }

  async finish(id: string, count: number, fileSize: number, ttlHours: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE export_job SET status = 'done', progress = 1, rows = $2, file_size = $3, finished_at = now(), expires_at = now() + make_interval(hours => $4)
       WHERE id = $1`,
      [id, count, fileSize, ttlHours],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE export_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error.slice(0, 1000)]);
  }

  /** Done jobs whose file's time is over and is not removed yet. */
  expired(limit: number): Promise<{ id: string; format: ExportFormat }[]> {
    return rows(this.dataSource, `SELECT id, format FROM export_job WHERE file_removed_at IS NULL AND expires_at < now() ORDER BY expires_at LIMIT $1`, [limit]);
  }

  async markRemoved(ids: string[]): Promise<void> {
    if (ids.length) await this.dataSource.query(`UPDATE export_job SET file_removed_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Jobs queued (or running) for longer than `staleMs`: their job may have been lost. */
  async stale(staleMs: number, limit: number): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM export_job WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
    return found.map((row) => row.id);
  }

  /** How many rows the export statement answers. */
  async count(statement: SubmissionExportSql): Promise<number> {
    return this.withArgs(statement, async (client) => (await client.query<{ n: number }>(statement.count)).rows[0]?.n ?? 0);
  }

  /** `COPY (select) TO STDOUT (FORMAT csv)` into `out`, every chunk seen by `onChunk` first; answers the row count. */
  async copyCsv(statement: SubmissionExportSql, out: Writable, onChunk: (chunk: Buffer) => void): Promise<number> {
    return this.withArgs(statement, async (client) => {
      const copy = client.query(copyTo(`COPY (${statement.select}) TO STDOUT WITH (FORMAT csv)`));
      copy.on('data', onChunk);
      await pipeline(copy, out, { end: false });
      return copy.rowCount ?? 0;
    });
  }

  /** The rows of the export statement, batch by batch, read through a server-side cursor. */
  async cursor(statement: SubmissionExportSql, onBatch: (rows: unknown[][]) => Promise<void>): Promise<void> {
    await this.withArgs(statement, async (client) => {
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

  private async withArgs<T>(statement: SubmissionExportSql, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    try {
      await client.query('BEGIN READ WRITE');
      await client.query(statement.args.sql, statement.args.params);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
