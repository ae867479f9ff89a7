import { Column, Entity, PrimaryColumn } from 'typeorm';

export const SUBMISSION_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

@Entity('submission')
export class Submission {
  /** Made by the client, so a retried POST is recognised. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  /** The theme version it was validated against; 0 = a test fill of the draft. */
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'is_test', type: 'boolean' })
  isTest: boolean;

  @Column({ name: 'is_report', type: 'boolean' })
  isReport: boolean;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'period_key', type: 'text' })
  periodKey: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** Hash of what the client sent, to tell a replay (200) from a conflicting reuse of the id (409). */
  @Column({ name: 'request_hash', type: 'text', select: false })
  requestHash: string;

  /** The first submission of this revision chain. */
  @Column({ name: 'root_id', type: 'uuid' })
  rootId: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'boolean' })
  current: boolean;

  @Column({ type: 'text' })
  status: SubmissionStatus;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  /** When it was filled on the device, as far as trusted (see `trustedFilledAt`); null: when it arrived. */
  @Column({ name: 'filled_at', type: 'timestamptz', nullable: true })
  filledAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
