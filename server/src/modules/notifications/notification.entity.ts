import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** `reminder` for now; one reminder notifies a person once per period. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'theme_id', type: 'uuid', nullable: true })
  themeId: string | null;

  @Column({ name: 'reminder_key', type: 'text', nullable: true })
  reminderKey: string | null;

  @Column({ name: 'period_key', type: 'text', nullable: true })
  periodKey: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** One channel's delivery of a notification (the in-app copy needs none). */
@Entity('notification_delivery')
export class NotificationDelivery {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @PrimaryColumn({ type: 'text' })
  channel: 'email' | 'webhook';

  @Column({ type: 'text' })
  status: 'pending' | 'sent' | 'failed';

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** Where a person is reached outside the app. */
@Entity('notification_contact')
export class NotificationContact {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
