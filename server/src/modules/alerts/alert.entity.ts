import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One crossing of an alert rule's threshold in one region: opened for the period in which the
 * measure crossed, closed when it falls back. Unique per (theme, rule, region, period), and at most
 * one open per (theme, rule, region).
 */
@Entity('alert')
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  @Column({ name: 'rule_key', type: 'text' })
  ruleKey: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'period_key', type: 'text' })
  periodKey: string;

  /** The latest value of the measure over the window while the alert was open. */
  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledge_comment', type: 'text', nullable: true })
  acknowledgeComment: string | null;
}
