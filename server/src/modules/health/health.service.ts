import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ping } from '../../database/sql';
import { JOB_BACKEND, JobBackend, QueueCounts } from '../jobs/job-backend';
import { OutboxRelay } from '../jobs/outbox-relay';
import { NotificationsService } from '../notifications/notifications.service';
import { WebhooksService } from '../webhooks/webhooks.service';

export type CheckStatus = 'up' | 'down' | 'not_in_use';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { database: CheckStatus; redis: CheckStatus };
  down: string[];
  /** Jobs per queue and the age of the oldest waiting one (lagMs); absent when the queues cannot be read. */
  queues?: Record<string, QueueCounts>;
  /** Outbox rows not yet turned into jobs, and the age of the oldest: the lag before the queues. */
  outbox?: { pending: number; oldestAgeMs: number | null };
  /**
   * Deliveries that gave up after hours of retries and wait for an admin to send them again: webhook
   * deliveries, and e-mail / reminder-webhook deliveries of notifications. Absent when unreadable.
   */
  deliveries?: { failed: { webhooks: number; notifications: number } };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private redis: Redis | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Optional() @Inject(JOB_BACKEND) private readonly jobs?: JobBackend,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly webhooks?: WebhooksService,
    @Optional() private readonly notifications?: NotificationsService,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const checks = { database, redis };
    const down = Object.entries(checks).filter(([, status]) => status === 'down').map(([name]) => name);
    const [queues, outbox, deliveries] = await Promise.all([
      redis !== 'down' && this.jobs ? withTimeout(this.jobs.counts()).catch(() => undefined) : undefined,
      database === 'up' && this.relay ? withTimeout(this.relay.backlog()).catch(() => undefined) : undefined,
      database === 'up' ? withTimeout(this.failedDeliveries()).catch(() => undefined) : undefined,
    ]);
    return { status: down.length ? 'degraded' : 'ok', checks, down, ...(queues && { queues }), ...(outbox && { outbox }), ...(deliveries && { deliveries }) };
  }

  private async failedDeliveries(): Promise<HealthReport['deliveries']> {
    if (!this.webhooks || !this.notifications) return undefined;
    const [webhooks, notifications] = await Promise.all([this.webhooks.failedDeliveries(), this.notifications.failedDeliveries()]);
    return { failed: { webhooks, notifications } };
  }

  private async checkDatabase(): Promise<CheckStatus> {
    try {
      await withTimeout(ping(this.dataSource));
      return 'up';
    } catch {
      return 'down';
    }
  }

  /** Single-machine mode has no Redis, so it is reported as not in use rather than down. */
  private async checkRedis(): Promise<CheckStatus> {
    if (!this.config.redisUrl) return 'not_in_use';
    this.redis ??= new Redis(this.config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: CHECK_TIMEOUT_MS,
      enableOfflineQueue: false,
      retryStrategy: () => 1000,
    });
    try {
      if (this.redis.status === 'wait') await withTimeout(this.redis.connect());
      await withTimeout(this.redis.ping());
      return 'up';
    } catch {
      return 'down';
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
