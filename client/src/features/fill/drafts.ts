import { database, type Draft } from '../offline/database';

/**
 * Drafts live on the device only, one per (person, theme, region, period, what is being edited), so
 * closing the browser halfway through a long form loses nothing.
 */
export interface DraftTarget {
  userId: string;
  theme: string;
  regionCode?: string;
  period?: string;
  /** `new`, `revision:<submission id>` or `outbox:<queued id>`. */
  mode: string;
}

export const draftKey = (target: DraftTarget): string =>
  [target.userId, target.theme, target.regionCode ?? '-', target.period ?? '-', target.mode].join('|');

// Drafts read before the form is first drawn (a form opened by link, open-by-link/prefetch.ts): the
// form starts from the answer instead of drawing itself once more after reading the device.
const readAhead = new Map<string, Draft | undefined>();

export async function preloadDraft(key: string): Promise<void> {
  readAhead.set(key, await loadDraft(key));
}

/** The draft read ahead for `key`, if one was (`{value: undefined}`: read, and there is none). */
export function preloadedDraft(key: string): { value: Draft | undefined } | undefined {
  return readAhead.has(key) ? { value: readAhead.get(key) } : undefined;
}

/** Once a form holds its draft, copies read ahead would only go stale (another tab may save newer ones). */
export function forgetPreloadedDrafts(): void {
  readAhead.clear();
}

export async function loadDraft(key: string): Promise<Draft | undefined> {
  try {
    return await (await database()).get('drafts', key);
  } catch {
    return undefined;
  }
}

export async function saveDraft(draft: Draft): Promise<void> {
  readAhead.delete(draft.key);
  await (await database()).put('drafts', draft);
}

export async function deleteDraft(key: string): Promise<void> {
  readAhead.delete(key);
  await (await database()).delete('drafts', key);
}

export async function listDrafts(userId: string): Promise<Draft[]> {
  try {
    return await (await database()).getAllFromIndex('drafts', 'byUser', userId);
  } catch {
    return [];
  }
}

/** Removes one user's drafts. Logout keeps them (another person's login drops them); tests start clean with it. */
export async function clearDrafts(userId: string): Promise<void> {
  const db = await database();
  const transaction = db.transaction('drafts', 'readwrite');
  for (const key of await transaction.store.index('byUser').getAllKeys(userId)) await transaction.store.delete(key);
  await transaction.done;
}

/**
 * On a shared phone the next person to log in sees none of the drafts others left: every draft that
 * is not `userId`'s is removed. (Their unsent outbox is kept for them: that is finished work.)
 */
export async function clearOtherUsersDrafts(userId: string): Promise<void> {
  forgetPreloadedDrafts();
  const db = await database();
  const transaction = db.transaction('drafts', 'readwrite');
  for (const draft of await transaction.store.getAll()) if (draft.userId !== userId) await transaction.store.delete(draft.key);
  await transaction.done;
}
