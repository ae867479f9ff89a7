import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { firstRow, rows } from '../../database/sql';
import type { MessageLanguage } from '../../../../schemas/validator';
import type { RowError } from './import-rows';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One import as stored (the file itself is read apart, once). */
export interface ImportJob {
  id: string;
  ownerId: string;
  themeId: string;
  version: number | null;
  /** The region of rows that name none (a Kobo/ODK export knows no Wakuncar region). */
  regionCode: string | null;
  dryRun: boolean;
  language: MessageLanguage;
  fileName: string | null;
  fileHash: string;
  status: ImportStatus;
  progress: number;
  total: number;
  accepted: number;
  rejected: number;
  stored: number;
  alreadyStored: number;
  source: string | null;
  errors: RowError[];
  ignoredColumns: string[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportOutcome {
  source: string;
  total: number;
  accepted: number;
  rejected: number;
  stored: number;
  alreadyStored: number;
  errors: RowError[];
  ignoredColumns: string[];
}

const COLUMNS = `id, owner_id AS "ownerId", theme_id AS "themeId", version, region_code AS "regionCode", dry_run AS "dryRun", language, file_name AS "fileName",
  file_hash AS "fileHash", status, progress, total, accepted, rejected, stored, already_stored AS "alreadyStored", source, errors,
  ignored_columns AS "ignoredColumns", error, created_at AS "createdAt", finished_at AS "finishedAt"`;

/** `import_job`: who imported what into which theme, how far the job got, and its report. */
@Injectable()
export class ImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(job: { ownerId: string; themeId: string; version: number | null; regionCode: string | null; dryRun: boolean; language: MessageLanguage; fileName: string | null; fileHash: string; file: Buffer }): Promise<string> {
    const [row] = await rows<{ id: string }>(
      this.dataSource,
      `INSERT INTO import_job (owner_id, theme_id, version, region_code, dry_run, language, file_name, file_hash, file) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [job.ownerId, job.themeId, job.version, job.regionCode, job.dryRun, job.language, job.fileName, job.fileHash, job.file],
    );
    return row.id;
  }

  find(id: string): Promise<ImportJob | null> {
    return firstRow<ImportJob>(this.dataSource, `SELECT ${COLUMNS} FROM import_job WHERE id = $1`, [id]);
  }

  /** Marks a queued (or interrupted) job running and answers its file; null when it is already finished. */
  async start(id: string): Promise<Buffer | null> {
    const started = await firstRow<{ file: Buffer | null }>(
      this.dataSource,
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH started AS (UPDATE import_job SET status = 'running', started_at = now(), progress = 0 WHERE id = $1 AND status IN ('queued', 'running') RETURNING file)
       SELECT file FROM started`,
      [id],
    );
    return started?.file ?? null;
  }

  async progress(id: string, progress: number): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET progress = $2 WHERE id = $1 AND status = 'running'`, [id, progress]);
  }

  /** The report, and the file dropped: it is not needed once read. */
  async finish(id: string, outcome: ImportOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_job SET status = 'done', progress = 1, file = NULL, finished_at = now(), source = $2, total = $3, accepted = $4, rejected = $5,
         stored = $6, already_stored = $7, errors = $8::jsonb, ignored_columns = $9::jsonb
       WHERE id = $1`,
      [id, outcome.source, outcome.total, outcome.accepted, outcome.rejected, outcome.stored, outcome.alreadyStored, JSON.stringify(outcome.errors), JSON.stringify(outcome.ignoredColumns)],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET status = 'failed', file = NULL, error = $2, finished_at = now() WHERE id = $1`, [id, error.slice(0, 1000)]);
  }

  /** Jobs queued (or running) for longer than `staleMs`: their job may have been lost. */
  async stale(staleMs: number, limit: number): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM import_job WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1::float8 / 1000) ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
    return found.map((row) => row.id);
  }
}
