import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export type CheckStatus = 'up' | 'down' | 'not_in_use';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { database: CheckStatus; redis: CheckStatus };
  down: string[];
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
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const checks = { database, redis };
    const down = Object.entries(checks).filter(([, status]) => status === 'down').map(([name]) => name);
    return { status: down.length ? 'degraded' : 'ok', checks, down };
  }

  private async checkDatabase(): Promise<CheckStatus> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'));
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
