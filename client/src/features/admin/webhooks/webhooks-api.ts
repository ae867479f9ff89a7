import { apiRequest, withQuery } from '../../../api/http';
import type { Page } from '../../../api/types';

export type WebhookEvent = 'submission.created' | 'aggregate.changed';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['submission.created', 'aggregate.changed'];

/** The key of an event's plain words in the texts. */
export const EVENT_TEXT: Record<WebhookEvent, string> = { 'submission.created': 'submissionCreated', 'aggregate.changed': 'aggregateChanged' };

export interface Webhook {
  id: string;
  theme: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
}

export interface Delivery {
  id: string;
  event: WebhookEvent;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  responseStatus: number | null;
  createdAt: string;
  sentAt: string | null;
}

export const webhooksKey = ['admin-webhooks'] as const;

export const fetchWebhooks = async (theme: string): Promise<Webhook[]> =>
  (await apiRequest<Page<Webhook>>(`/api/themes/${encodeURIComponent(theme)}/webhooks`)).items;

export const createWebhook = (theme: string, input: { url: string; events: WebhookEvent[] }): Promise<Webhook & { secret: string }> =>
  apiRequest<Webhook & { secret: string }>(`/api/themes/${encodeURIComponent(theme)}/webhooks`, { method: 'POST', body: input });

export const removeWebhook = (id: string): Promise<void> => apiRequest<void>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const fetchDeliveries = (id: string, cursor: string | null): Promise<Page<Delivery>> =>
  apiRequest<Page<Delivery>>(withQuery(`/api/webhooks/${encodeURIComponent(id)}/deliveries`, { limit: 20, cursor }));

/** Sends a delivery that gave up once more; it is pending again. */
export const redeliver = (webhookId: string, deliveryId: string): Promise<Delivery> =>
  apiRequest<Delivery>(`/api/webhooks/${encodeURIComponent(webhookId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: 'POST' });
