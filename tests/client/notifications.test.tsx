import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppNotification, User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, languageReady, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch, type FetchCall } from './helpers/harness';
import { METRO_SELATAN, REJOMULYO } from '../support/regions';

const kader: User = { id: 'kader-1', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };

const reminder: AppNotification = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'reminder',
  theme: 'covid-harian',
  periodKey: '2026-11-27',
  title: 'Laporan COVID-19 belum dikirim',
  message: 'Laporan harian 1 kelurahan belum masuk.',
  details: { missing: [REJOMULYO], missingCount: 1 },
  createdAt: '2026-11-28T01:00:00.000Z',
  readAt: null,
};
const rejected: AppNotification = {
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'review',
  theme: 'umkm',
  periodKey: 'all',
  title: 'Kiriman ditolak peninjau',
  message: 'UMKM: Warung Bu Sri — Foto usaha kurang jelas',
  details: { submissionId: '33333333-3333-4333-8333-333333333333', status: 'rejected', comment: 'Foto usaha kurang jelas', summary: 'Warung Bu Sri · Sri Wahyuni', themeTitle: 'UMKM' },
  createdAt: '2026-11-28T02:00:00.000Z',
  readAt: null,
};
const approved: AppNotification = { ...rejected, id: '44444444-4444-4444-8444-444444444444', details: { ...rejected.details, status: 'approved', comment: null }, readAt: '2026-11-28T03:00:00.000Z' };

function server(): { calls: FetchCall[]; read: Set<string> } {
  const read = new Set<string>();
  const items = () => [rejected, reminder, approved].map((item) => (read.has(item.id) ? { ...item, readAt: item.readAt ?? '2026-11-28T04:00:00.000Z' } : item));
  const calls = stubFetch({
    'GET /api/auth/me': { body: kader },
    [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
    'GET /api/themes?': { body: { items: [], nextCursor: null } },
    'GET /api/submissions': { body: { items: [], nextCursor: null } },
    'GET /api/notifications': () => ({ body: { items: items(), nextCursor: null } }),
    'POST /api/notifications/': (call) => {
      const id = call.url.split('/')[3];
      read.add(id);
      return { body: items().find((item) => item.id === id) };
    },
  });
  return { calls, read };
}

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-1', user: kader });
});

describe('notifications', () => {
  it('shows the unread count on the bell in the top bar, which opens the list', async () => {
    const user = userEvent.setup();
    server();
    const { location } = renderApp('/kiriman', newOutbox());
    expect(await screen.findByTestId('unread-count')).toHaveTextContent('2');
    await user.click(screen.getByRole('link', { name: 'Notifikasi, 2 belum dibaca' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifikasi' })).toBeInTheDocument();
    expect(location.pathname).toBe('/notifikasi');
  });

  it('lists reminders and review results; a reminder opens the form it is about and is marked read', async () => {
    const user = userEvent.setup();
    const { read } = server();
    const { location } = renderApp('/notifikasi', newOutbox());
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Ditolak peninjau — perbaiki dan kirim revisi');
    expect(items[0]).toHaveTextContent('UMKM · Warung Bu Sri · Sri Wahyuni');
    expect(items[0]).toHaveTextContent('Catatan peninjau: Foto usaha kurang jelas');
    expect(items[1]).toHaveTextContent('Laporan COVID-19 belum dikirim');
    expect(items[1]).toHaveTextContent('Periode: 27 November 2026');
    expect(items[2]).toHaveTextContent('Kiriman disetujui');
    expect(within(items[2]).queryByText('Belum dibaca')).toBeNull();

    await user.click(within(items[1]).getByRole('button', { name: 'Isi formulir' }));
    await waitFor(() => expect(location.pathname).toBe('/tugas/covid-harian'));
    expect(location.search).toBe(`?periode=2026-11-27&wilayah=${REJOMULYO}`);
    expect([...read]).toEqual([reminder.id]);
  });

  it('opens the submission a review result is about, and marks a notification read on request', async () => {
    const user = userEvent.setup();
    const { read } = server();
    const { location } = renderApp('/notifikasi', newOutbox());
    const [first, second] = await screen.findAllByRole('listitem');
    await user.click(within(second).getByRole('button', { name: 'Tandai sudah dibaca' }));
    await waitFor(() => expect(within(second).queryByText('Belum dibaca')).toBeNull());
    expect(await screen.findByTestId('unread-count')).toHaveTextContent('1');
    await user.click(within(first).getByRole('button', { name: 'Lihat kiriman' }));
    await waitFor(() => expect(location.pathname).toBe(`/kiriman/${rejected.details.submissionId}`));
    expect([...read].sort()).toEqual([reminder.id, rejected.id].sort());
  });

  it('speaks English', async () => {
    server();
    setLanguage('en');
    await languageReady();
    renderApp('/notifikasi', newOutbox());
    const [first] = await screen.findAllByRole('listitem');
    expect(first).toHaveTextContent('Rejected by reviewer — fix it and send a revision');
    expect(within(first).getByRole('button', { name: 'View submission' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Notifications, 2 unread' })).toBeInTheDocument();
  });

  it('has every word in English too', async () => {
    const { notificationsTexts } = await import('../../client/src/features/notifications/texts');
    expect(Object.keys(notificationsTexts.en).sort()).toEqual(Object.keys(notificationsTexts.id).sort());
  });
});
