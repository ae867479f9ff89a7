import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { rows } from '../../database/sql';
import { fileAttachedInSubtreeSql } from '../submissions/submission.repository';
import { StoredFile } from './stored-file.entity';

/** `stored_file`: what is known of each uploaded file (its bytes are in `FileStorage`). */
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
}
