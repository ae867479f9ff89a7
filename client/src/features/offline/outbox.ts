import { ApiError, NetworkError } from '../../api/http';
import type { Json, JsonObject } from '../../api/types';
import { newUuid } from '../../lib/uuid';
import type { LocalFile, OutboxFailure, OutboxItem, WakuncarDatabase } from './database';

/** How the outbox reaches the server; the app passes the real API, tests a fake one. */
export interface OutboxTransport {
  send(item: OutboxItem): Promise<unknown>;
  upload(file: LocalFile): Promise<{ id: string }>;
}

export interface FlushReport {
  sent: string[];
  rejected: string[];
  /** Items still waiting after this run. */
  waiting: number;
  /** A 401 stopped the run: the cadre must log in again; nothing was dropped. */
  authRequired: boolean;
  /** The run stopped because there was no connection. */
  offline: boolean;
}

export interface OutboxCounts {
  waiting: number;
  rejected: number;
}

export type NewOutboxItem = Pick<
  OutboxItem,
  'id' | 'userId' | 'theme' | 'themeTitle' | 'version' | 'regionCode' | 'regionName' | 'period' | 'data' | 'revises'
>;

interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  /** Web Locks name that keeps two tabs from sending the same queue at once. */
  lockName?: string;
  newId?: () => string;
}

const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 5 * 60_000;

export class OutboxConflictError extends Error {
  constructor(id: string) {
    super(`Outbox item ${id} is waiting to be sent and cannot be changed`);
    this.name = 'OutboxConflictError';
  }
}

/** Which failures a retry can cure, and which only the cadre can. */
export function classifyFailure(error: unknown, at: Date): OutboxFailure {
  if (error instanceof ApiError) {
    const problem = error.toProblem();
    if (error.status === 401) return { kind: 'auth', at: at.toISOString(), problem };
    if (error.status === 408 || error.status === 425 || error.status === 429 || error.status >= 500) {
      return { kind: 'retryable', at: at.toISOString(), problem: { ...problem, retryAfter: error.retryAfterSeconds ?? undefined } };
    }
    return { kind: 'rejected', at: at.toISOString(), problem };
  }
  return { kind: 'network', at: at.toISOString() };
}

function collectStrings(value: Json, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((entry) => collectStrings(entry, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((entry) => collectStrings(entry, into));
}

function replaceStrings(value: Json, replacements: Map<string, string>): Json {
  if (typeof value === 'string') return replacements.get(value) ?? value;
  if (Array.isArray(value)) return value.map((entry) => replaceStrings(entry, replacements));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, replaceStrings(entry, replacements)]));
  }
  return value;
}

/** Local photo ids referenced anywhere in a submission's data. */
export async function localFileIds(database: WakuncarDatabase, data: JsonObject): Promise<string[]> {
  const strings = new Set<string>();
  collectStrings(data, strings);
  const found: string[] = [];
  for (const candidate of strings) {
    if (await database.getKey('files', candidate)) found.push(candidate);
  }
  return found;
}

/**
 * The queue of submissions made on this device. Items are kept in IndexedDB under their submission
 * UUID, so the queue survives reloads and browser restarts; an item leaves the queue only when the
 * server has stored it (201, or 200 for a replay) or when the cadre deletes it.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private running: Promise<FlushReport> | null = null;
  private rerun: Promise<FlushReport> | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly lockName: string;
  private readonly newId: () => string;

  constructor(
    private readonly open: () => Promise<WakuncarDatabase>,
    private readonly transport: OutboxTransport,
    options: OutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.lockName = options.lockName ?? 'wakuncar-outbox';
    this.newId = options.newId ?? newUuid;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  /**
   * Queues a submission. The same id may be queued again only to correct an item the server refused
   * (a 422 means it stored nothing, so the corrected data can travel under the same UUID).
   */
  async enqueue(input: NewOutboxItem): Promise<OutboxItem> {
    const database = await this.open();
    const existing = await database.get('outbox', input.id);
    if (existing && existing.state !== 'rejected') throw new OutboxConflictError(input.id);
    if (existing?.lastFailure?.problem?.status === 409) throw new OutboxConflictError(input.id);
    const stamp = new Date(this.now()).toISOString();
    const item: OutboxItem = {
      ...input,
      createdAt: existing?.createdAt ?? stamp,
      updatedAt: stamp,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: this.now(),
    };
    await database.put('outbox', item);
    this.notify();
    return item;
  }

  /**
   * For a 409 (the UUID is already stored with other content): the same data goes again as a new
   * submission under a fresh UUID. The old entry is replaced, never silently dropped.
   */
  async resendAsNew(id: string): Promise<OutboxItem | undefined> {
    const database = await this.open();
    const existing = await database.get('outbox', id);
    if (!existing) return undefined;
    if (existing.state !== 'rejected') throw new OutboxConflictError(id);
    const stamp = new Date(this.now()).toISOString();
    const item: OutboxItem = {
      ...existing,
      id: this.newId(),
      updatedAt: stamp,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: this.now(),
      lastFailure: undefined,
    };
    const transaction = database.transaction('outbox', 'readwrite');
    await transaction.store.delete(id);
    await transaction.store.put(item);
    await transaction.done;
    this.notify();
    return item;
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    return (await this.open()).get('outbox', id);
  }

  async list(userId: string): Promise<OutboxItem[]> {
    const items = await (await this.open()).getAllFromIndex('outbox', 'byUser', userId);
    return items.sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  }

  async counts(userId: string): Promise<OutboxCounts> {
    const items = await this.list(userId);
    return {
      waiting: items.filter((item) => item.state === 'waiting').length,
      rejected: items.filter((item) => item.state === 'rejected').length,
    };
  }

  /** The cadre deleted the item on purpose; its offline photos go with it. */
  async remove(id: string): Promise<void> {
    const database = await this.open();
    const item = await database.get('outbox', id);
    if (!item) return;
    const files = await localFileIds(database, item.data);
    const transaction = database.transaction(['outbox', 'files'], 'readwrite');
    await transaction.objectStore('outbox').delete(id);
    for (const fileId of files) await transaction.objectStore('files').delete(fileId);
    await transaction.done;
    this.notify();
  }

  /**
   * Removes everything one user queued on the device. Logout never calls it (unsent submissions stay
   * and go to their owner at the next login); tests start clean with it.
   */
  async clear(userId: string): Promise<void> {
    const database = await this.open();
    const transaction = database.transaction(['outbox', 'files'], 'readwrite');
    for (const key of await transaction.objectStore('outbox').index('byUser').getAllKeys(userId)) {
      await transaction.objectStore('outbox').delete(key);
    }
    for (const key of await transaction.objectStore('files').index('byUser').getAllKeys(userId)) {
      await transaction.objectStore('files').delete(key);
    }
    await transaction.done;
    this.notify();
  }

  /** Milliseconds until the earliest waiting item may be retried; null when nothing waits. */
  async nextAttemptIn(userId: string): Promise<number | null> {
    const waiting = (await this.list(userId)).filter((item) => item.state === 'waiting');
    if (waiting.length === 0) return null;
    const earliest = Math.min(...waiting.map((item) => item.nextAttemptAt));
    return Math.max(0, earliest - this.now());
  }

  private backoff(attempts: number, failure: OutboxFailure): number {
    const retryAfter = failure.problem?.retryAfter;
    if (typeof retryAfter === 'number' && retryAfter > 0) return retryAfter * 1000;
    const base = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.8 + this.random() * 0.4));
  }

  /**
   * Sends every waiting item of the user that is due (all of them with `force`, e.g. when the
   * connection comes back). One run at a time per tab, and one per browser where Web Locks exist.
   */
  flush(userId: string, options: { force?: boolean } = {}): Promise<FlushReport> {
    // A request while a run is under way (a submit during an automatic retry) gets one more run
    // afterwards, so an item queued a moment ago is not left for the retry timer.
    if (this.running) {
      this.rerun ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.rerun = null;
          return this.flush(userId, options);
        });
      return this.rerun;
    }
    const run = async (): Promise<FlushReport> => {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      if (locks) {
        return locks.request(this.lockName, () => this.sendDue(userId, options.force ?? false));
      }
      return this.sendDue(userId, options.force ?? false);
    };
    this.running = run().finally(() => {
      this.running = null;
      this.notify();
    });
    return this.running;
  }

  private async sendDue(userId: string, force: boolean): Promise<FlushReport> {
    const database = await this.open();
    const report: FlushReport = { sent: [], rejected: [], waiting: 0, authRequired: false, offline: false };
    const candidates = (await this.list(userId)).filter(
      (item) => item.state === 'waiting' && (force || item.nextAttemptAt <= this.now()),
    );
    for (const candidate of candidates) {
      // Another tab may have sent or changed it while we waited for the lock.
      const current = await database.get('outbox', candidate.id);
      if (!current || current.state !== 'waiting') continue;
      try {
        const ready = await this.uploadLocalFiles(database, current);
        await this.transport.send(ready);
        await database.delete('outbox', ready.id);
        report.sent.push(ready.id);
        this.notify();
      } catch (error) {
        const failure = classifyFailure(error, new Date(this.now()));
        const latest = (await database.get('outbox', candidate.id)) ?? current;
        const attempts = latest.attempts + 1;
        const rejected = failure.kind === 'rejected';
        await database.put('outbox', {
          ...latest,
          attempts,
          lastFailure: failure,
          state: rejected ? 'rejected' : 'waiting',
          nextAttemptAt: rejected ? latest.nextAttemptAt : this.now() + this.backoff(attempts, failure),
        });
        this.notify();
        if (rejected) report.rejected.push(candidate.id);
        if (failure.kind === 'auth') {
          report.authRequired = true;
          break;
        }
        if (failure.kind === 'network') {
          report.offline = true;
          break;
        }
        if (!(error instanceof ApiError) && !(error instanceof NetworkError)) {
          // An unexpected error (e.g. storage) is treated like a network failure: keep, retry later.
          report.offline = true;
          break;
        }
      }
    }
    report.waiting = (await this.list(userId)).filter((item) => item.state === 'waiting').length;
    return report;
  }

  /** Uploads photos taken offline, swaps their local ids for the server's, and saves that before sending. */
  private async uploadLocalFiles(database: WakuncarDatabase, item: OutboxItem): Promise<OutboxItem> {
    const ids = await localFileIds(database, item.data);
    if (ids.length === 0) return item;
    const replacements = new Map<string, string>();
    for (const localId of ids) {
      const file = await database.get('files', localId);
      if (!file) continue;
      const stored = await this.transport.upload(file);
      replacements.set(localId, stored.id);
      const updated: OutboxItem = {
        ...item,
        data: replaceStrings(item.data, replacements) as JsonObject,
        updatedAt: new Date(this.now()).toISOString(),
      };
      // Saved per photo, so a photo already uploaded is never uploaded twice.
      const transaction = database.transaction(['outbox', 'files'], 'readwrite');
      await transaction.objectStore('outbox').put(updated);
      await transaction.objectStore('files').delete(localId);
      await transaction.done;
    }
    return { ...item, data: replaceStrings(item.data, replacements) as JsonObject };
  }
}
