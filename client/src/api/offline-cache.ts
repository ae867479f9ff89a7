import { readSession } from '../features/auth/session';
import { database } from '../features/offline/database';
import { isApiError, isNetworkError } from './http';

/**
 * The last good answer of each read the cadre needs offline (themes, theme versions, regions, own
 * submissions), kept in IndexedDB. The service worker also caches theme versions; this copy makes
 * the app work offline even before a service worker is installed.
 */

/** Offline copies of what depends on who is asking are kept per user. */
export const userScoped = (key: string): string => `${readSession()?.user.id ?? 'anonymous'}:${key}`;

/** The keys of the copies a form is drawn from, in one place for the app's reads and early-reads.ts. */
export const keptKeys = {
  themes: (): string => userScoped('themes'),
  region: (code: string): string => `regions:one:${code}`,
  themeVersion: (slug: string, version: number): string => `theme-version:${slug}:${version}`,
  validatorModule: (slug: string, version: number): string => `theme-validator:${slug}:${version}`,
};

const unreachable = (error: unknown): boolean => isNetworkError(error) || (isApiError(error) && error.status >= 500);

async function remember(key: string, value: unknown): Promise<void> {
  primed.delete(key);
  try {
    await (await database()).put('cache', { key, value, savedAt: new Date().toISOString() });
  } catch {
    // Storage full or unavailable (private mode): the app still works online.
  }
}

// The answer is handed on while its copy is being written (on a slow phone each write is a visible
// pause in opening a form); logout waits for the writes under way before clearing.
const writes = new Set<Promise<void>>();
/**
 * Counts the clears: an answer whose request began before a clear (the session ended while it was
 * on its way) is not kept, so what was read as the last person never comes back after the clear.
 */
let clears = 0;

function rememberInBackground(key: string, value: unknown, startedAt: number): void {
  if (startedAt !== clears) return;
  const write: Promise<void> = remember(key, value).finally(() => writes.delete(write));
  writes.add(write);
}

async function readKept(key: string): Promise<unknown> {
  try {
    const entry = await (await database()).get('cache', key);
    return entry?.value;
  } catch {
    return undefined;
  }
}

/**
 * Copies whose reading began at start-up (recallEarly), each handed to the first recall of its key.
 * A write or a clear drops it, so an early read never answers for a newer copy.
 */
const primed = new Map<string, Promise<unknown>>();

/**
 * Starts reading these copies now: early-reads.ts, before the app's code has been evaluated (on a
 * slow phone that takes long enough for IndexedDB to answer meanwhile).
 */
export function recallEarly(keys: readonly string[]): void {
  for (const key of keys) if (!primed.has(key)) primed.set(key, readKept(key));
}

function recall<T>(key: string): Promise<T | undefined> {
  const early = primed.get(key);
  primed.delete(key);
  return (early ?? readKept(key)) as Promise<T | undefined>;
}

/** Ask the server; when it cannot be reached, answer what it said last time. */
export async function networkFirst<T>(key: string, load: () => Promise<T>): Promise<T> {
  // Known to be offline: answer from the device at once instead of waiting for a request to fail.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    const cached = await recall<T>(key);
    if (cached !== undefined) return cached;
  }
  const startedAt = clears;
  try {
    const value = await load();
    rememberInBackground(key, value, startedAt);
    return value;
  } catch (error) {
    if (!unreachable(error)) throw error;
    const cached = await recall<T>(key);
    if (cached !== undefined) return cached;
    throw error;
  }
}

/**
 * What the device kept, at once, and the server asked in the background: `onFresh` gets the new
 * answer (also kept). For a form opened again on a slow link, where waiting for the theme list and the
 * region would cost seconds though the kept copies are almost always still right. Nothing kept yet:
 * as networkFirst.
 */
export async function deviceFirst<T>(key: string, load: () => Promise<T>, onFresh: (value: T) => void): Promise<T> {
  const cached = await recall<T>(key);
  if (cached === undefined) return networkFirst(key, load);
  const startedAt = clears;
  load().then(
    (value) => {
      // The session ended meanwhile: the answer belongs to no one on this phone any more.
      if (startedAt !== clears) return;
      rememberInBackground(key, value, startedAt);
      onFresh(value);
    },
    // Offline or refused: the kept copy stands, and the screen's own reads report what they meet.
    () => undefined,
  );
  return cached;
}

/** For what never changes once published (a theme version): the network only when not kept yet. */
export async function cacheFirst<T>(key: string, load: () => Promise<T>): Promise<T> {
  const cached = await recall<T>(key);
  if (cached !== undefined) return cached;
  const startedAt = clears;
  const value = await load();
  rememberInBackground(key, value, startedAt);
  return value;
}

/** On logout and on an expired session: nothing of this user's stays readable on a shared phone. */
export async function clearOfflineCache(): Promise<void> {
  clears += 1;
  primed.clear();
  await Promise.all([...writes]);
  try {
    await (await database()).clear('cache');
  } catch {
    // Nothing stored.
  }
}
