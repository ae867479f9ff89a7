import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Notification, Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The channel the `notify_cache_change` trigger (migration 1764600000000) speaks on. */
export const CACHE_CHANNEL = 'wakuncar_cache';

/** The tables whose rows processes keep in memory; a notification names one row of one of them. */
export type CachedTable = 'app_user' | 'api_token' | 'theme' | 'login_session';

interface Subscriber {
  /** One row changed: drop what is kept for it. */
  changed(key: string): void;
  /** Notifications may have been missed: drop everything. */
  reset(): void;
}

const RETRY_MS = { first: 100, max: 5_000 };

/**
 * One LISTEN connection per process, so in-memory copies of rows can be dropped the moment another
 * process (or psql) changes them. While it is not listening a cache must not be trusted:
 * `trusted` is false, and `generation` moves on every notification and every (re)connect, so a row
 * read from the database while a change was in flight is not kept.
 */
@Injectable()
export class ChangeListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeListener');
  private readonly subscribers = new Map<CachedTable, Subscriber[]>();
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private retryMs = RETRY_MS.first;
  private retryTimer: NodeJS.Timeout | null = null;
  private counter = 0;
  /** The barrier whose query has been sent. */
  private sending: Promise<boolean> | null = null;
  /** The barrier to send when `sending` returns; later callers join it. */
  private waiting: Promise<boolean> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** True while notifications arrive: only then may a cached row be served. */
  get trusted(): boolean {
    return this.listening;
  }

  /** Read before a database read; keep the row only if it is unchanged after (see `mayKeep`). */
  get generation(): number {
    return this.counter;
  }

  /** Whether a row read since `generation` may be kept: nothing changed meanwhile and we are listening. */
  mayKeep(generation: number): boolean {
    return this.listening && this.counter === generation;
  }

  /**
   * Resolves true once every change committed before the call has been heard, false when not
   * listening. A query on the LISTEN connection is the barrier: PostgreSQL sends the notifications
   * pending for a session before it answers. A commit returns to its client before the listening
   * session has sent its notification, so without this a request could still see the old row.
   * Concurrent callers share one query.
   */
  caughtUp(): Promise<boolean> {
    if (!this.listening || !this.client) return Promise.resolve(false);
    if (this.waiting) return this.waiting;
    if (!this.sending) return this.sendBarrier();
    // The barrier in flight may have been sent before this call: join the next one.
    this.waiting = this.sending.then(() => {
      this.waiting = null;
      return this.sendBarrier();
    });
    return this.waiting;
  }

  subscribe(table: CachedTable, subscriber: Subscriber): void {
    this.subscribers.set(table, [...(this.subscribers.get(table) ?? []), subscriber]);
  }

  /** The process serves requests even when the listener cannot connect: caches are then bypassed. */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.markDown();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The backend pid of the LISTEN connection (tests terminate it to see the caches step aside). */
  get backendPid(): number | null {
    const client = this.client as (Client & { processID?: number }) | null;
    return this.listening ? (client?.processID ?? null) : null;
  }

  private sendBarrier(): Promise<boolean> {
    const client = this.client;
    const barrier = (async () => {
      if (!client || !this.listening) return false;
      try {
        await client.query('SELECT 1');
      } catch {
        return false;
      }
      return this.listening && this.client === client;
    })().finally(() => {
      if (this.sending === barrier) this.sending = null;
    });
    this.sending = barrier;
    return barrier;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = new Client({ ...pool.options, application_name: 'wakuncar-listener', keepAlive: true });
    this.client = client;
    client.on('notification', (message) => this.onNotification(message));
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client || this.stopped) return;
    // Whatever was kept before may have changed while nobody listened.
    this.counter += 1;
    this.resetAll();
    this.listening = true;
    this.retryMs = RETRY_MS.first;
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.markDown();
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`LISTEN connection lost; caches bypassed until it is back${error instanceof Error ? `: ${error.message}` : ''}`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
  }

  private markDown(): void {
    this.listening = false;
    this.counter += 1;
    this.resetAll();
  }

  private resetAll(): void {
    for (const list of this.subscribers.values()) for (const subscriber of list) subscriber.reset();
  }

  private onNotification(message: Notification): void {
    if (message.channel !== CACHE_CHANNEL || !message.payload) return;
    this.counter += 1;
    const separator = message.payload.indexOf(':');
    const table = message.payload.slice(0, separator) as CachedTable;
    const key = message.payload.slice(separator + 1);
    for (const subscriber of this.subscribers.get(table) ?? []) subscriber.changed(key);
  }
}
