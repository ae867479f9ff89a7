import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { firstRow, rows, SqlParams } from '../../database/sql';
import type { WebhookEvent } from './webhook.entity';

export interface WebhookRow {
  id: string;
  themeId: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  event: WebhookEvent;
  eventId: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** One event for the webhooks of a theme that listen to it: one delivery each. */
export interface WebhookEventRow {
  themeId: string;
  /** What the event is about; a webhook gets one delivery per event id. */
  eventId: string;
  payload: Record<string, unknown>;
}

/** A delivery with what sending it needs. */
export interface OutgoingDelivery {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  status: string;
  url: string;
  secret: string;
  active: boolean;
}

const DELIVERY_ROW = `id, event, event_id AS "eventId", status, attempts, response_status AS "responseStatus", last_error AS "lastError",
  created_at AS "createdAt", sent_at AS "sentAt"`;
const WEBHOOK_ROW = `id, theme_id AS "themeId", url, events, active, created_at AS "createdAt"`;

/** `webhook` and its delivery log, `webhook_delivery`. */
@Injectable()
export class WebhookRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(webhook: { themeId: string; url: string; secret: string; events: WebhookEvent[]; createdBy: string }): Promise<WebhookRow> {
    const row = await firstRow<WebhookRow>(
      this.dataSource,
      `INSERT INTO webhook (theme_id, url, secret, events, created_by) VALUES ($1, $2, $3, $4::text[], $5) RETURNING ${WEBHOOK_ROW}`,
      [webhook.themeId, webhook.url, webhook.secret, webhook.events, webhook.createdBy],
    );
    return row!;
  }

  ofTheme(themeId: string): Promise<WebhookRow[]> {
    return rows<WebhookRow>(this.dataSource, `SELECT ${WEBHOOK_ROW} FROM webhook WHERE theme_id = $1 ORDER BY created_at, id`, [themeId]);
  }

  find(id: string): Promise<WebhookRow | null> {
    return firstRow<WebhookRow>(this.dataSource, `SELECT ${WEBHOOK_ROW} FROM webhook WHERE id = $1`, [id]);
  }

  async deactivate(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook SET active = false WHERE id = $1`, [id]);
  }

  /** A webhook's deliveries, newest first, older than `before` when given. */
  deliveries(webhookId: string, before: { at: string; id: string } | null, limit: number): Promise<DeliveryRow[]> {
    const params = new SqlParams();
    const after = before ? `AND (created_at, id) < (${params.add(before.at, 'timestamptz')}, ${params.add(before.id, 'uuid')})` : '';
    return rows<DeliveryRow>(
      this.dataSource,
      `SELECT ${DELIVERY_ROW}
       FROM webhook_delivery WHERE webhook_id = ${params.add(webhookId, 'uuid')} ${after} ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit, 'int')}`,
      params.values,
    );
  }

  /** One delivery of a webhook, as the log shows it; null when it is not this webhook's. */
  delivery(webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
    return firstRow<DeliveryRow>(this.dataSource, `SELECT ${DELIVERY_ROW} FROM webhook_delivery WHERE id = $1 AND webhook_id = $2`, [deliveryId, webhookId]);
  }

  /** A failed delivery back to pending; null when it is not this webhook's or has not failed. */
  redeliver(webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
    return firstRow<DeliveryRow>(
      this.dataSource,
      `WITH again AS (UPDATE webhook_delivery SET status = 'pending' WHERE id = $1 AND webhook_id = $2 AND status = 'failed' RETURNING *)
       SELECT ${DELIVERY_ROW} FROM again`,
      [deliveryId, webhookId],
    );
  }

  async failedCount(): Promise<number> {
    return (await firstRow<{ n: number }>(this.dataSource, `SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'failed'`, []))!.n;
  }

  /**
   * A delivery per (active webhook listening to `event`, event), in the relay's transaction; an event
   * already delivered to a webhook is skipped, so a re-relayed outbox row never delivers twice.
   * Answers the ids of the deliveries made.
   */
  async insertDeliveries(manager: EntityManager, event: WebhookEvent, events: WebhookEventRow[]): Promise<string[]> {
    if (!events.length) return [];
    const made = await rows<{ id: string }>(
      manager,
      `INSERT INTO webhook_delivery (webhook_id, event, event_id, payload)
       SELECT w.id, $1, e.event_id, e.payload
       FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS e(theme_id, event_id, payload)
       JOIN webhook w ON w.theme_id = e.theme_id AND w.active AND $1 = ANY(w.events)
       ON CONFLICT (webhook_id, event, event_id) DO NOTHING
       RETURNING id`,
      [event, events.map((e) => e.themeId), events.map((e) => e.eventId), events.map((e) => JSON.stringify(e.payload))],
    );
    return made.map((row) => row.id);
  }

  outgoing(deliveryId: string): Promise<OutgoingDelivery | null> {
    return firstRow<OutgoingDelivery>(
      this.dataSource,
      `SELECT d.id, d.event, d.payload, d.status, w.url, w.secret, w.active
       FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = $1`,
      [deliveryId],
    );
  }

  async recordSent(deliveryId: string, responseStatus: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_delivery SET status = 'sent', attempts = attempts + 1, response_status = $2, last_error = NULL, sent_at = now() WHERE id = $1`,
      [deliveryId, responseStatus],
    );
  }

  /** A failed attempt; the last one marks the delivery failed. */
  async recordFailure(deliveryId: string, responseStatus: number | null, message: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, response_status = $2, last_error = $3,
              status = CASE WHEN $4 THEN 'failed' ELSE status END
       WHERE id = $1`,
      [deliveryId, responseStatus, message.slice(0, 500), final],
    );
  }

  /** The webhook was switched off before the delivery went out. */
  async recordInactive(deliveryId: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_delivery SET status = 'failed', last_error = 'webhook dinonaktifkan' WHERE id = $1`, [deliveryId]);
  }

  async stalePending(staleMs: number, limit: number): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM webhook_delivery WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
    return found.map((row) => row.id);
  }
}
