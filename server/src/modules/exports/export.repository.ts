import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rows, SqlParams } from '../../database/sql';
import type { ExportFormat, ExportJob, ExportKind } from './export.entity';

/** `export_job`: who asked for what, how far it got, and when its file goes. */
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

  /**
   * The owner's exports still worth showing, newest first, after the export `afterId`: a file not
   * past its time, or (no file: queued, running, failed) asked for within the last `ttlHours`.
   */
  listOwned(ownerId: string, ttlHours: number, afterId: string | null, limit: number): Promise<ExportJob[]> {
    const params = new SqlParams();
    const after = params.add(afterId, 'uuid');
    return rows<ExportJob>(
      this.dataSource,
      `SELECT id, owner_id AS "ownerId", theme_id AS "themeId", kind, format, query, status, progress, rows, file_size AS "fileSize", error,
         created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", expires_at AS "expiresAt", file_removed_at AS "fileRemovedAt"
       FROM export_job e
       WHERE e.owner_id = ${params.add(ownerId, 'uuid')} AND e.file_removed_at IS NULL
         AND (e.expires_at > now() OR (e.expires_at IS NULL AND e.created_at > now() - make_interval(hours => ${params.add(ttlHours, 'int')})))
         AND (${after} IS NULL OR (e.created_at, e.id) < (SELECT created_at, id FROM export_job WHERE id = ${after}))
       ORDER BY e.created_at DESC, e.id DESC LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
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

  /** The database the export process connects to, as this process does. */
  connectionString(): string {
    return (this.dataSource.options as { url?: string }).url!;
  }
}
