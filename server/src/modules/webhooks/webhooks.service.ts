import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotFound } from '../../common/domain-error';
import { UUID } from '../../common/uuid';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import type { JobRequest } from '../jobs/job-producer';
import type { OutboxRow } from '../jobs/outbox-relay';
import { isWithinRegion } from '../regions/region-scope';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import type { CreateWebhookDto } from './dto/create-webhook.dto';
import { DeliveryFailed, postJson } from './outbound-http';
import type { WebhookEvent } from './webhook.entity';
import { signatureHeader } from './webhook-signature';


export interface WebhookView {
  id: string;
  theme: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: Date;
}

export interface DeliveryView {
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

function payloadField(row: OutboxRow, field: string): unknown {
  return row.payload && typeof row.payload === 'object' ? (row.payload as Record<string, unknown>)[field] : undefined;
}

/**
 * Outbound webhooks per theme: `submission.created` and `aggregate.changed`, signed with HMAC-SHA256,
 * retried with exponential backoff, each attempt's outcome kept in a delivery log admins can read.
 * Deliveries are created in the outbox relay's transaction, one per (webhook, event), so a re-relayed
 * row or a retried job never delivers an event twice to the same webhook.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly themes: ThemesService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: User, slug: string, input: CreateWebhookDto): Promise<WebhookView & { secret: string }> {
    const theme = await this.editableTheme(actor, slug);
    const secret = randomBytes(32).toString('base64url');
    const [row] = (await this.dataSource.query(
      `INSERT INTO webhook (theme_id, url, secret, events, created_by) VALUES ($1, $2, $3, $4::text[], $5)
       RETURNING id, url, events, active, created_at AS "createdAt"`,
      [theme.id, input.url, secret, input.events, actor.id],
    )) as Omit<WebhookView, 'theme'>[];
    await this.audit.record({ actor, action: 'webhook.created', targetType: 'webhook', targetId: row.id, regionCode: theme.ownerRegionCode, details: { theme: slug, url: input.url, events: input.events } });
    return { ...row, theme: slug, secret };
  }

  async list(actor: User, slug: string): Promise<{ items: WebhookView[]; nextCursor: null }> {
    const theme = await this.editableTheme(actor, slug);
    const rows = (await this.dataSource.query(
      `SELECT id, url, events, active, created_at AS "createdAt" FROM webhook WHERE theme_id = $1 ORDER BY created_at, id`,
      [theme.id],
    )) as Omit<WebhookView, 'theme'>[];
    return { items: rows.map((row) => ({ ...row, theme: slug })), nextCursor: null };
  }

  /** Stops deliveries; the log stays readable. */
  async deactivate(actor: User, id: string): Promise<void> {
    const webhook = await this.inScope(actor, id);
    await this.dataSource.query(`UPDATE webhook SET active = false WHERE id = $1`, [webhook.id]);
    await this.audit.record({ actor, action: 'webhook.deactivated', targetType: 'webhook', targetId: id, regionCode: webhook.owner });
  }

  async deliveries(actor: User, id: string, limit: number, rawCursor?: string): Promise<Page<DeliveryView>> {
    await this.inScope(actor, id);
    const cursor = decodeCursor(rawCursor);
    const params: unknown[] = [id, limit + 1];
    let after = '';
    if (cursor !== null) {
      const [at, deliveryId] = cursor.split('|');
      if (!at || Number.isNaN(Date.parse(at)) || !UUID.test(deliveryId ?? '')) throw new NotFound('Halaman');
      params.push(at, deliveryId);
      after = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT id, event, event_id AS "eventId", status, attempts, response_status AS "responseStatus", last_error AS "lastError",
              created_at AS "createdAt", sent_at AS "sentAt"
       FROM webhook_delivery WHERE webhook_id = $1 ${after} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    )) as DeliveryView[];
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) : null };
  }

  /** Outbox consumer of `submission.changed`: a `submission.created` delivery per new submission. */
  async submissionDeliveries(rows: OutboxRow[], manager: EntityManager): Promise<JobRequest[]> {
    const ids = [...new Set(rows.map((row) => payloadField(row, 'submissionId')).filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
    if (!ids.length) return [];
    const created = (await manager.query(
      `INSERT INTO webhook_delivery (webhook_id, event, event_id, payload)
       SELECT w.id, 'submission.created', s.id::text,
              jsonb_build_object('event', 'submission.created', 'theme', t.slug, 'submission', jsonb_build_object(
                'id', s.id, 'regionCode', s.region_code, 'periodKey', s.period_key, 'version', s.version,
                'revision', s.revision, 'rootId', s.root_id, 'status', s.status, 'createdAt', s.created_at))
       FROM submission s
       JOIN theme t ON t.id = s.theme_id
       JOIN webhook w ON w.theme_id = s.theme_id AND w.active AND 'submission.created' = ANY(w.events)
       WHERE s.id = ANY($1::uuid[]) AND NOT s.is_test
       ON CONFLICT (webhook_id, event, event_id) DO NOTHING
       RETURNING id`,
      [ids],
    )) as { id: string }[];
    return created.map((row) => ({ name: 'webhooks.deliver', payload: { deliveryId: row.id } }));
  }

  /** Outbox consumer of `aggregate.changed` (written by each roll-up and full recompute). */
  async aggregateDeliveries(rows: OutboxRow[], manager: EntityManager): Promise<JobRequest[]> {
    const events = rows.filter((row) => typeof payloadField(row, 'themeId') === 'string' && UUID.test(payloadField(row, 'themeId') as string));
    if (!events.length) return [];
    const created = (await manager.query(
      `INSERT INTO webhook_delivery (webhook_id, event, event_id, payload)
       SELECT w.id, 'aggregate.changed', e.event_id,
              jsonb_build_object('event', 'aggregate.changed', 'theme', t.slug, 'full', coalesce(e.payload -> 'full', 'false'::jsonb),
                                 'changes', coalesce(e.payload -> 'changes', '[]'::jsonb))
       FROM unnest($1::text[], $2::jsonb[]) AS e(event_id, payload)
       JOIN theme t ON t.id = (e.payload ->> 'themeId')::uuid
       JOIN webhook w ON w.theme_id = t.id AND w.active AND 'aggregate.changed' = ANY(w.events)
       ON CONFLICT (webhook_id, event, event_id) DO NOTHING
       RETURNING id`,
      [events.map((row) => `outbox-${row.id}`), events.map((row) => JSON.stringify(row.payload))],
    )) as { id: string }[];
    return created.map((row) => ({ name: 'webhooks.deliver', payload: { deliveryId: row.id } }));
  }

  /** One signed POST; a failure is logged on the delivery and thrown so the job retries. */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT d.id, d.event, d.payload, d.status, w.url, w.secret, w.active
       FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = $1`,
      [deliveryId],
    )) as { id: string; event: string; payload: Record<string, unknown>; status: string; url: string; secret: string; active: boolean }[];
    const row = rows[0];
    // The relay enqueues before its transaction commits: a row not visible yet is retried shortly.
    if (!row) throw new DeliveryFailed(`delivery ${deliveryId} is not committed (yet)`, null);
    if (row.status !== 'pending') return;
    if (!row.active) {
      await this.dataSource.query(`UPDATE webhook_delivery SET status = 'failed', last_error = 'webhook dinonaktifkan' WHERE id = $1`, [deliveryId]);
      return;
    }
    const body = JSON.stringify({ id: row.id, ...row.payload });
    try {
      const result = await postJson(row.url, body, {
        'X-Wakuncar-Event': row.event,
        'X-Wakuncar-Delivery': row.id,
        'X-Wakuncar-Signature': signatureHeader(row.secret, body, Math.floor(Date.now() / 1000)),
      });
      await this.dataSource.query(
        `UPDATE webhook_delivery SET status = 'sent', attempts = attempts + 1, response_status = $2, last_error = NULL, sent_at = now() WHERE id = $1`,
        [deliveryId, result.status],
      );
    } catch (error) {
      const status = error instanceof DeliveryFailed ? error.status : null;
      await this.dataSource.query(
        `UPDATE webhook_delivery SET attempts = attempts + 1, response_status = $2, last_error = $3,
                status = CASE WHEN $4 THEN 'failed' ELSE status END
         WHERE id = $1`,
        [deliveryId, status, (error instanceof Error ? error.message : String(error)).slice(0, 500), finalAttempt],
      );
      throw error;
    }
  }

  async stalePending(staleMs: number, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM webhook_delivery WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Webhooks belong to the admins who may edit the theme; others get 404. */
  private async editableTheme(actor: User, slug: string) {
    const theme = await this.themes.theme(slug);
    if (!isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new NotFound(`Tematik ${slug}`);
    return theme;
  }

  private async inScope(actor: User, id: string): Promise<{ id: string; owner: string }> {
    const rows = (await this.dataSource.query(
      `SELECT w.id, t.owner_region_code AS owner FROM webhook w JOIN theme t ON t.id = w.theme_id WHERE w.id = $1`,
      [id],
    )) as { id: string; owner: string }[];
    if (!rows.length || !isWithinRegion(rows[0].owner, actor.regionCode)) throw new NotFound('Webhook');
    return rows[0];
  }
}
