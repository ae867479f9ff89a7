import { waitFor } from '@testing-library/react';
import { clearOfflineCache, deviceFirst, networkFirst, recallEarly } from '../../client/src/api/offline-cache';
import { database } from '../../client/src/features/offline/database';

const kept = async (key: string): Promise<unknown> => (await (await database()).get('cache', key))?.value;

describe('copies read from the device at start-up (early-reads.ts)', () => {
  beforeEach(() => clearOfflineCache());

  it('answer the first read of their key without asking the server', async () => {
    await networkFirst('regions:one:early', async () => 'kept copy');
    await waitFor(async () => expect(await kept('regions:one:early')).toBe('kept copy'));

    recallEarly(['regions:one:early']);
    const refreshed: string[] = [];
    const answer = await deviceFirst('regions:one:early', async () => 'from the server', (fresh) => refreshed.push(fresh));
    expect(answer).toBe('kept copy');
    await waitFor(() => expect(refreshed).toEqual(['from the server']));
  });

  it('never answer for a newer copy written after they were read', async () => {
    await networkFirst('themes:early', async () => 'first copy');
    await waitFor(async () => expect(await kept('themes:early')).toBe('first copy'));

    recallEarly(['themes:early']);
    await networkFirst('themes:early', async () => 'second copy');
    await waitFor(async () => expect(await kept('themes:early')).toBe('second copy'));
    // Offline now: the device answers, and with the copy written last.
    const answer = await deviceFirst('themes:early', () => Promise.reject(new TypeError('offline')), () => undefined);
    expect(answer).toBe('second copy');
  });

  it('are dropped when the session ends on a shared phone', async () => {
    await networkFirst('mine:early', async () => 'last user');
    await waitFor(async () => expect(await kept('mine:early')).toBe('last user'));

    recallEarly(['mine:early']);
    await clearOfflineCache();
    const answer = await deviceFirst('mine:early', async () => 'next user', () => undefined);
    expect(answer).toBe('next user');
  });
});
