import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { firstRow, rows } from '../../database/sql';
import { fileAttachedInSubtreeSql, fileReferencedSql } from '../submissions/submission.repository';
import { StoredFile } from './stored-file.entity';

/**
 * `stored_file`: what is known of each uploaded file; and `stored_file_content`, its bytes when they
 * are kept in PostgreSQL (`DatabaseFileStorage`).
 */
@Injectable()
export class FileRepository {
  constructor(@InjectRepository(StoredFile) private readonly files: Repository<StoredFile>) {}

  async insert(file: Pick<StoredFile, 'id' | 'contentType' | 'size' | 'sha256' | 'uploadedBy'>): Promise<void> {
    await this.files.insert(file);
  }

  find(id: string): Promise<StoredFile | null> {
    return this.files.findOneBy({ id });
  }

  /**
   * Of these file ids, the ones that exist and that this user may read: uploaded by them, or
   * attached to a submission in their region's subtree.
   */
  async readable(ids: string[], userId: string, regionCode: string): Promise<Set<string>> {
    const found = await rows<{ id: string }>(
      this.files.manager,
      `SELECT f.id FROM stored_file f
       WHERE f.id = ANY($1::uuid[]) AND (f.uploaded_by = $2 OR ${fileAttachedInSubtreeSql('f.id', '$3::text')})`,
      [ids, userId, regionCode],
    );
    return new Set(found.map((row) => row.id));
  }

  async putContent(id: string, data: Buffer): Promise<void> {
    await this.files.manager.query(`INSERT INTO stored_file_content (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`, [id, data]);
  }

  async content(id: string): Promise<Buffer | null> {
    return (await firstRow<{ data: Buffer }>(this.files.manager, `SELECT data FROM stored_file_content WHERE id = $1`, [id]))?.data ?? null;
  }

  async deleteContent(ids: string[]): Promise<void> {
    if (ids.length) await this.files.manager.query(`DELETE FROM stored_file_content WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Forgets up to `limit` uploads older than `olderThanMs` that no submission references (a photo
   * taken for a form never sent); answers their ids so the caller removes their bytes. A submission
   * taking one up at this very moment holds its row (foreign key), and the sweep tries again later.
   */
  async deleteUnreferenced(olderThanMs: number, limit: number): Promise<string[]> {
    const gone = await rows<{ id: string }>(
      this.files.manager,
      `WITH gone AS (
         DELETE FROM stored_file WHERE id IN (
           SELECT f.id FROM stored_file f
           WHERE f.created_at < now() - make_interval(secs => $1::float8 / 1000) AND NOT ${fileReferencedSql('f.id')}
           ORDER BY f.created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id)
       SELECT id FROM gone`,
      [olderThanMs, limit],
    );
    return gone.map((row) => row.id);
  }

  /** Bytes whose upload never recorded its row (the process stopped between the two), after a while. */
  async deleteOrphanContent(olderThanMs: number): Promise<void> {
    await this.files.manager.query(
      `DELETE FROM stored_file_content c WHERE c.created_at < now() - make_interval(secs => $1::float8 / 1000)
       AND NOT EXISTS (SELECT 1 FROM stored_file f WHERE f.id = c.id)`,
      [olderThanMs],
    );
  }
}
