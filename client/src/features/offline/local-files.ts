import { newUuid } from '../../lib/uuid';
import { database } from './database';

/**
 * Photos taken without a connection wait here under a UUID that stands in for the server's file id
 * (both are lowercase UUIDs, so the `file-id` format accepts it); the outbox uploads them and swaps
 * the ids before it sends the submission.
 */
export async function keepLocalFile(userId: string, blob: Blob, name: string): Promise<string> {
  const id = newUuid();
  await (await database()).put('files', { id, userId, blob, name, createdAt: new Date().toISOString() });
  return id;
}

export async function readLocalFile(id: string): Promise<Blob | null> {
  try {
    return (await (await database()).get('files', id))?.blob ?? null;
  } catch {
    return null;
  }
}
