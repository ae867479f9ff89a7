import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EXPORT_KINDS = ['aggregates', 'submissions'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One export made in the background, and its file while it is kept. */
@Entity('export_job')
export class ExportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Only the owner reads it; the job reads with the owner's rights as they are when it runs. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  @Column({ type: 'text' })
  kind: ExportKind;

  @Column({ type: 'text' })
  format: ExportFormat;

  @Column({ type: 'jsonb' })
  query: Record<string, string>;

  @Column({ type: 'text' })
  status: ExportStatus;

  @Column({ type: 'real' })
  progress: number;

  @Column({ type: 'bigint' })
  rows: string;

  @Column({ name: 'file_size', type: 'bigint', nullable: true })
  fileSize: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'file_removed_at', type: 'timestamptz', nullable: true })
  fileRemovedAt: Date | null;
}
