import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { JsonObject, ProblemBody } from '../../api/types';

/** Why the last attempt to send an item did not store it. */
export interface OutboxFailure {
  /** network: no answer · retryable: the server was busy or failing · rejected: it refused this item · auth: log in again */
  kind: 'network' | 'retryable' | 'rejected' | 'auth';
  at: string;
  problem?: ProblemBody;
}

/**
 * One submission waiting on this device. `id` is the submission UUID the server will store it under,
 * made once when the cadre pressed "Kirim", so a resend after a lost answer is a harmless replay.
 */
export interface OutboxItem {
  id: string;
  userId: string;
  theme: string;
  themeTitle: string;
  version: number;
  regionCode: string;
  regionName?: string;
  period?: string;
  data: JsonObject;
  createdAt: string;
  updatedAt: string;
  /** waiting: will be sent when possible · rejected: the server refused it; only the cadre can fix it */
  state: 'waiting' | 'rejected';
  attempts: number;
  nextAttemptAt: number;
  lastFailure?: OutboxFailure;
  /** The submission this one revises (for "Kirim revisi"), shown to the cadre only. */
  revises?: string;
}

/** A photo taken while offline, uploaded by the outbox before the submission that holds its id. */
export interface LocalFile {
  id: string;
  userId: string;
  blob: Blob;
  name: string;
  createdAt: string;
}

export interface Draft {
  key: string;
  userId: string;
  theme: string;
  version: number;
  regionCode?: string;
  period?: string;
  data: JsonObject;
  savedAt: string;
  /** Editing a queued item that the server refused keeps its UUID. */
  outboxId?: string;
  revises?: string;
}

export interface CachedAnswer {
  key: string;
  value: unknown;
  savedAt: string;
}

export interface WakuncarDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byUser: string } };
  files: { key: string; value: LocalFile; indexes: { byUser: string } };
  drafts: { key: string; value: Draft; indexes: { byUser: string } };
  cache: { key: string; value: CachedAnswer };
}

export type WakuncarDatabase = IDBPDatabase<WakuncarDb>;

export const DATABASE_NAME = 'wakuncar';

let opened: Promise<WakuncarDatabase> | null = null;

export function openWakuncarDb(name = DATABASE_NAME): Promise<WakuncarDatabase> {
  return openDB<WakuncarDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
      database.createObjectStore('files', { keyPath: 'id' }).createIndex('byUser', 'userId');
      database.createObjectStore('drafts', { keyPath: 'key' }).createIndex('byUser', 'userId');
      database.createObjectStore('cache', { keyPath: 'key' });
    },
  });
}

/** The app's one connection to its IndexedDB database. */
export function database(): Promise<WakuncarDatabase> {
  opened ??= openWakuncarDb();
  return opened;
}
