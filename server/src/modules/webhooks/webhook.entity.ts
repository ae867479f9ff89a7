import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const WEBHOOK_EVENTS = ['submission.created', 'aggregate.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

@Entity('webhook')
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  @Column({ type: 'text' })
  url: string;

  /** HMAC-SHA256 key of the signature header; shown to the admin once, when created. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Column({ type: 'text', array: true })
  events: WebhookEvent[];

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('webhook_delivery')
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId: string;

  @Column({ type: 'text' })
  event: WebhookEvent;

  /** What the event is about (a submission id, an outbox row): one delivery per webhook and event. */
  @Column({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'text' })
  status: 'pending' | 'sent' | 'failed';

  @Column({ type: 'int' })
  attempts: number;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
