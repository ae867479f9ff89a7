import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { BadRequest, Conflict, NotFound } from '../../common/domain-error';
import { checkOutboundUrl, OutboundUrlRefused } from '../../common/outbound-address';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UUID } from '../../common/uuid';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import { JobProducer, JobRequest } from '../jobs/job-producer';
import type { OutboxRow } from '../jobs/outbox-relay';
import { isWithinRegion } from '../regions/region-scope';
import { SubmissionRepository } from '../submissions/submission.repository';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import type { CreateWebhookDto } from './dto/create-webhook.dto';
import { addressRefused, DeliveryFailed, postJson } from './outbound-http';
import type { WebhookEvent } from './webhook.entity';
import { DeliveryRow, WebhookRepository, WebhookRow } from './webhook.repository';
import { signatureHeader } from './webhook-signature';

export interface WebhookView {
  id: string;
  theme: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: Date;
}

export type DeliveryView = DeliveryRow;

function view({ themeId: _theme, ...row }: WebhookRow, slug: string): WebhookView {
  return { ...row, theme: slug };
}

/**
 * Outbound webhooks per theme: `submission.created` and `aggregate.changed`, signed with HMAC-SHA256,
 * retried with capped exponential backoff for hours (then sent again by an admin), each attempt's outcome kept in a delivery log admins can read.
 * Deliveries are created in the outbox relay's transaction, one per (webhook, event), so a re-relayed
 * row or a retried job never delivers an event twice to the same webhook.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly submissions: SubmissionRepository,
    private readonly themes: ThemesService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: JobProducer,
  ) {}

  async create(actor: User, slug: string, input: CreateWebhookDto): Promise<WebhookView & { secret: string }> {
    const theme = await this.editableTheme(actor, slug);
    this.assertUrlAllowed(input.url);
    const secret = randomBytes(32).toString('base64url');
    const row = await this.webhooks.insert({ themeId: theme.id, url: input.url, secret, events: input.events, createdBy: actor.id });
    await this.audit.record({ actor, action: 'webhook.created', targetType: 'webhook', targetId: row.id, regionCode: theme.ownerRegionCode, details: { theme: slug, url: input.url, events: input.events } });
    return { ...view(row, slug), secret };
  }

  async list(actor: User, slug: string): Promise<{ items: WebhookView[]; nextCursor: null }> {
    const theme = await this.editableTheme(actor, slug);
    const rows = await this.webhooks.ofTheme(theme.id);
    return { items: rows.map((row) => view(row, slug)), nextCursor: null };
  }

  /** Stops deliveries; the log stays readable. */
  async deactivate(actor: User, id: string): Promise<void> {
    const webhook = await this.inScope(actor, id);
    await this.webhooks.deactivate(webhook.id);
    await this.audit.record({ actor, action: 'webhook.deactivated', targetType: 'webhook', targetId: id, regionCode: webhook.owner });
  }

  async deliveries(actor: User, id: string, limit: number, rawCursor?: string): Promise<Page<DeliveryView>> {
    await this.inScope(actor, id);
    const cursor = decodeCursor(rawCursor);
    let before: { at: string; id: string } | null = null;
    if (cursor !== null) {
      const [at, deliveryId] = cursor.split('|');
      if (!at || Number.isNaN(Date.parse(at)) || !UUID.test(deliveryId ?? '')) throw new NotFound('Halaman');
      before = { at, id: deliveryId };
    }
    const rows = await this.webhooks.deliveries(id, before, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) : null };
  }

  /**
   * An admin's "send again" for a delivery that gave up: back to pending, with every attempt ahead
   * of it again. Only a failed delivery can be sent again (a pending one is still trying, a sent one arrived).
   */
  async redeliver(actor: User, id: string, deliveryId: string): Promise<DeliveryView> {
    const webhook = await this.inScope(actor, id);
    const again = await this.webhooks.redeliver(webhook.id, deliveryId);
    if (!again) {
      const row = await this.webhooks.delivery(webhook.id, deliveryId);
      if (!row) throw new NotFound('Pengiriman');
      throw new Conflict('DELIVERY_NOT_FAILED', 'Hanya pengiriman yang gagal yang dapat dikirim ulang');
    }
    await this.producer.enqueue('webhooks.deliver', { deliveryId });
    await this.audit.record({ actor, action: 'webhook.redelivered', targetType: 'webhook', targetId: id, regionCode: webhook.owner, details: { deliveryId } });
    return again;
  }

  /** Deliveries that gave up after every attempt, for the health report. */
  failedDeliveries(): Promise<number> {
    return this.webhooks.failedCount();
  }

  /** Outbox consumer of `submission.changed`: a `submission.created` delivery per new submission. */
  async submissionDeliveries(rows: OutboxRow<'submission.changed'>[], manager: EntityManager): Promise<JobRequest[]> {
    const ids = [...new Set(rows.map((row) => row.payload.submissionId))];
    const submissions = (await this.submissions.summaries(manager, ids)).filter((submission) => !submission.isTest);
    const slugs = await this.themes.slugs(submissions.map((submission) => submission.themeId));
    const made = await this.webhooks.insertDeliveries(
      manager,
      'submission.created',
      submissions.map((submission) => ({
        themeId: submission.themeId,
        eventId: submission.id,
        payload: { event: 'submission.created', theme: slugs.get(submission.themeId), submission: submission.body },
      })),
    );
    return made.map((deliveryId): JobRequest => ({ name: 'webhooks.deliver', payload: { deliveryId } }));
  }

  /** Outbox consumer of `aggregate.changed` (written by each roll-up and full recompute). */
  async aggregateDeliveries(rows: OutboxRow<'aggregate.changed'>[], manager: EntityManager): Promise<JobRequest[]> {
    const slugs = await this.themes.slugs(rows.map((row) => row.payload.themeId));
    const made = await this.webhooks.insertDeliveries(
      manager,
      'aggregate.changed',
      rows
        .filter((row) => slugs.has(row.payload.themeId))
        .map((row) => ({
          themeId: row.payload.themeId,
          eventId: `outbox-${row.id}`,
          payload: { event: 'aggregate.changed', theme: slugs.get(row.payload.themeId), full: row.payload.full, changes: row.payload.changes },
        })),
    );
    return made.map((deliveryId): JobRequest => ({ name: 'webhooks.deliver', payload: { deliveryId } }));
  }

  /** One signed POST; a failure is logged on the delivery and thrown so the job retries, unless the address is refused. */
  async deliver(deliveryId: string, finalAttempt: boolean): Promise<void> {
    const row = await this.webhooks.outgoing(deliveryId);
    // The relay enqueues before its transaction commits: a row not visible yet is retried shortly.
    if (!row) throw new DeliveryFailed(`delivery ${deliveryId} is not committed (yet)`, null);
    if (row.status !== 'pending') return;
    if (!row.active) {
      await this.webhooks.recordInactive(deliveryId);
      return;
    }
    const body = JSON.stringify({ id: row.id, ...row.payload });
    try {
      const result = await postJson(row.url, body, {
        'X-Wakuncar-Event': row.event,
        'X-Wakuncar-Delivery': row.id,
        'X-Wakuncar-Signature': signatureHeader(row.secret, body, Math.floor(Date.now() / 1000)),
      }, this.config.outbound);
      await this.webhooks.recordSent(deliveryId, result.status);
    } catch (error) {
      const status = error instanceof DeliveryFailed ? error.status : null;
      // Given up at once: for the health report and an admin's "send again".
      const refused = addressRefused(error);
      await this.webhooks.recordFailure(deliveryId, status, error instanceof Error ? error.message : String(error), finalAttempt || refused);
      if (!refused) throw error;
    }
  }

  stalePending(staleMs: number, limit: number): Promise<string[]> {
    return this.webhooks.stalePending(staleMs, limit);
  }

  /**
   * What can be told without the network: https, and no address or name of a private network. The
   * name is resolved (and checked again) at each send, when it matters.
   */
  private assertUrlAllowed(url: string): void {
    try {
      checkOutboundUrl(url, this.config.outbound);
    } catch (error) {
      if (!(error instanceof OutboundUrlRefused)) throw error;
      throw new BadRequest('URL_NOT_ALLOWED', error.message, [{ path: '/url', keyword: 'url', message: error.message }]);
    }
  }

  /** Webhooks belong to the admins who may edit the theme; others get 404. */
  private async editableTheme(actor: User, slug: string) {
    const theme = await this.themes.theme(slug);
    if (!isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new NotFound(`Tematik ${slug}`);
    return theme;
  }

  private async inScope(actor: User, id: string): Promise<{ id: string; owner: string }> {
    const webhook = await this.webhooks.find(id);
    const theme = webhook && (await this.themes.findById(webhook.themeId));
    if (!webhook || !theme || !isWithinRegion(theme.ownerRegionCode, actor.regionCode)) throw new NotFound('Webhook');
    return { id: webhook.id, owner: theme.ownerRegionCode };
  }
}
