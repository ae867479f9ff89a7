import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { listDrafts, saveDraft } from '../../client/src/features/fill/drafts';
import { database, openWakuncarDb, type Draft } from '../../client/src/features/offline/database';
import { Outbox, type NewOutboxItem, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { renderApp, stubFetch, type FakeAnswer } from './helpers/harness';
import { MARGOREJO, METRO_SELATAN, REJOMULYO } from '../support/regions';

const siti: User = { id: 'kader-1', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };
const dewi: User = { id: 'kader-2', username: 'kader.margorejo', displayName: 'Dewi Lestari', role: 'kader', regionCode: MARGOREJO };
const region = (code: string, name: string) => ({ code, name, level: 'kelurahan', parentCode: METRO_SELATAN, path: [] });

const unreachable: OutboxTransport = {
  send: () => Promise.reject(new TypeError('offline')),
  upload: () => Promise.reject(new TypeError('offline')),
};

let databaseNumber = 0;
function newOutbox(): Outbox {
  databaseNumber += 1;
  const name = `shared-phone-${databaseNumber}`;
  return new Outbox(() => openWakuncarDb(name), unreachable, { lockName: name });
}

const queued = (owner: User): NewOutboxItem => ({
  id: crypto.randomUUID(),
  userId: owner.id,
  theme: 'covid-harian',
  themeTitle: 'Kasus COVID-19 harian',
  version: 1,
  regionCode: owner.regionCode,
  period: '2026-11-28',
  data: { kasus_baru: 2 },
});

const draft = (owner: User): Draft => ({
  key: `${owner.id}|covid-harian|${owner.regionCode}|-|new`,
  userId: owner.id,
  theme: 'covid-harian',
  version: 1,
  regionCode: owner.regionCode,
  data: { kasus_baru: 1 },
  savedAt: new Date().toISOString(),
});

/** A read kept for offline use: the cadre's own submissions, as the app caches them. */
async function keepCachedSubmissions(): Promise<void> {
  await (await database()).put('cache', { key: 'submissions/mine', value: { items: [{ id: 's-1', data: { nama: 'Ibu Sri' } }] }, savedAt: new Date().toISOString() });
}
const cachedKeys = async (): Promise<string[]> => (await database()).getAllKeys('cache');

function routesFor(person: User, extra: Record<string, FakeAnswer> = {}): Record<string, FakeAnswer> {
  return {
    'GET /api/auth/me': { body: person },
    [`GET /api/regions/${person.regionCode}`]: { body: region(person.regionCode, person.displayName) },
    'GET /api/themes?': { body: { items: [], nextCursor: null } },
    'POST /api/auth/logout': { status: 204 },
    'POST /api/auth/login': { body: { accessToken: `token-${person.id}`, user: person } },
    ...extra,
  };
}

async function logIn(user: ReturnType<typeof userEvent.setup>, person: User): Promise<void> {
  await user.type(await screen.findByLabelText('Nama pengguna'), person.username);
  await user.type(screen.getByLabelText('Kata sandi'), 'rahasia');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));
  await screen.findByRole('heading', { level: 1, name: 'Tugas saya' });
}

beforeEach(async () => {
  await clearOfflineCache();
  const db = await database();
  await db.clear('drafts');
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession(null);
});

describe('a shared phone keeps no one else’s data', () => {
  it('on logout forgets the cached submissions, keeps the unsent queue, and hands it back at the next login', async () => {
    const user = userEvent.setup();
    stubFetch(routesFor(siti));
    writeSession({ token: 'token-1', user: siti });
    await keepCachedSubmissions();
    const outbox = newOutbox();
    await outbox.enqueue(queued(siti));
    const { location } = renderApp('/tugas', outbox);
    expect(await screen.findByTestId('outbox-count')).toHaveTextContent('1');

    await user.click(screen.getByRole('button', { name: /Siti Aminah/ }));
    await user.click(screen.getByRole('button', { name: 'Keluar' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Keluar, simpan untuk nanti' }));
    await waitFor(() => expect(location.pathname).toBe('/masuk'));
    expect(await cachedKeys()).toEqual([]);
    expect(await outbox.list(siti.id)).toHaveLength(1);

    await logIn(user, siti);
    expect(await screen.findByTestId('outbox-count')).toHaveTextContent('1');
  });

  it('on an expired session (401) forgets the cached reads and keeps the queue for its owner', async () => {
    stubFetch(routesFor(siti, { 'GET /api/auth/me': { status: 401, body: { status: 401, code: 'UNAUTHORIZED', title: 'Unauthorized' } } }));
    writeSession({ token: 'token-1', user: siti });
    await keepCachedSubmissions();
    const outbox = newOutbox();
    await outbox.enqueue(queued(siti));
    const { location } = renderApp('/tugas', outbox);
    await waitFor(() => expect(location.pathname).toBe('/masuk'));
    await waitFor(async () => expect(await cachedKeys()).toEqual([]));
    expect(await outbox.list(siti.id)).toHaveLength(1);
  });

  it('shows the next person none of the drafts or queued submissions another left', async () => {
    const user = userEvent.setup();
    stubFetch(routesFor(dewi));
    await saveDraft(draft(siti));
    await saveDraft(draft(dewi));
    const outbox = newOutbox();
    await outbox.enqueue(queued(siti));
    renderApp('/masuk', outbox);
    await logIn(user, dewi);
    expect(await listDrafts(siti.id)).toEqual([]);
    expect(await listDrafts(dewi.id)).toHaveLength(1);
    // Siti's finished work is not hers to see or to drop: it waits for Siti.
    expect(screen.queryByTestId('outbox-count')).toBeNull();
    expect(await outbox.list(siti.id)).toHaveLength(1);
  });
});
