import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { KOTA_METRO, METRO_SELATAN, REJOMULYO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO, language: 'id' };

const umkm = {
  slug: 'umkm',
  title: 'Data UMKM',
  version: 2,
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'none',
  schema: {
    type: 'object',
    properties: {
      nama_usaha: { type: 'string', title: 'Nama usaha' },
      omzet: { type: 'integer', title: 'Omzet per bulan' },
      lokasi: { type: 'object', title: 'Lokasi usaha', properties: { lat: { type: 'number' }, lon: { type: 'number' }, accuracy: { type: 'number' } } },
    },
  },
  uiSchema: {},
};

const waiting = {
  id: '0b7f3c1e-1111-4c4c-8888-000000000001',
  theme: 'umkm',
  version: 2,
  regionCode: REJOMULYO,
  periodKey: 'all',
  status: 'submitted',
  current: true,
  createdAt: '2026-11-28T02:00:00Z',
  data: { nama_usaha: 'Keripik Pisang Bu Siti', omzet: 4500000, lokasi: { lat: -5.1234567, lon: 105.3012345, accuracy: 8 } },
};
const approved = { ...waiting, id: '0b7f3c1e-1111-4c4c-8888-000000000002', status: 'approved', data: { nama_usaha: 'Warung Sudah', omzet: 1 } };
/** As GET /api/submissions names them. */
const listed = <T extends { data: { nama_usaha: string } }>(submission: T) => ({ ...submission, themeTitle: 'Data UMKM', summary: submission.data.nama_usaha, periodLabel: 'Tanpa periode' });

/** The queue as the server answers it: filtered by status when asked. */
const queueAnswer = (call: FetchCall): FakeAnswer => {
  const status = new URL(call.url, 'http://wakuncar.test').searchParams.get('status');
  return { body: { items: [waiting, approved].filter((item) => !status || item.status === status).map(listed), nextCursor: null } };
};

const detail = (status: string, comment: string | null) => ({
  ...waiting,
  status,
  reviewComment: comment,
  revisions: [{ id: waiting.id, revision: 1, status, current: true, createdAt: waiting.createdAt }],
  // As the server records them: one event per review, named by the status it set.
  events: comment ? [{ action: status, actorId: admin.id, comment, at: '2026-11-28T03:00:00Z' }] : [],
});

function routes(extra: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)> = {}): Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)> {
  return {
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': { body: { items: [{ slug: 'umkm', title: 'Data UMKM', unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 2 }], nextCursor: null } },
    'GET /api/themes/umkm/versions/2': { body: umkm },
    [`GET /api/regions?parent=${KOTA_METRO}`]: { body: { items: [{ code: METRO_SELATAN, name: 'Metro Selatan', level: 'kecamatan', parentCode: KOTA_METRO }], nextCursor: null } },
    'GET /api/regions/': { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
    'GET /api/submissions?': queueAnswer,
    [`GET /api/submissions/${waiting.id}`]: { body: detail('submitted', null) },
    ...extra,
  };
}

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-admin', user: admin });
});

describe('admin review', () => {
  it('shows the waiting submissions of every theme, named by their record, and filters by region and status on the server', async () => {
    const calls = stubFetch(routes());
    const user = userEvent.setup();
    renderApp('/admin', newOutbox());
    const queue = await screen.findByRole('list', { name: 'Tinjau kiriman' });
    await waitFor(() => expect(within(queue).getAllByRole('listitem')).toHaveLength(1));
    expect(within(queue).getByRole('listitem')).toHaveTextContent('Data UMKM · Keripik Pisang Bu Siti · Rejomulyo');
    expect(within(queue).getByRole('listitem')).toHaveTextContent('Tanpa periode');
    expect(within(queue).getByRole('listitem')).toHaveTextContent('Menunggu');
    expect(calls.find((call) => call.url.startsWith('/api/submissions?'))?.url).toContain('status=submitted');

    await user.selectOptions(screen.getByLabelText('Wilayah'), METRO_SELATAN);
    await waitFor(() => expect(calls.some((call) => call.url.includes(`region=${METRO_SELATAN}`))).toBe(true));
    await user.selectOptions(screen.getByLabelText('Status'), '');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Tinjau kiriman' })).getAllByRole('listitem')).toHaveLength(2));
  });

  it('opens a submission as the form draws it, with its map point and history', async () => {
    stubFetch(routes());
    const user = userEvent.setup();
    renderApp('/admin/tinjau', newOutbox());
    await user.click(await screen.findByRole('link', { name: /Data UMKM · Keripik Pisang Bu Siti · Rejomulyo/ }));
    const name = await screen.findByLabelText('Nama usaha');
    expect(name).toHaveValue('Keripik Pisang Bu Siti');
    expect(name).toHaveAttribute('readonly');
    const location = screen.getByRole('region', { name: 'Lokasi' });
    expect(location).toHaveTextContent('-5.123457, 105.301235');
    expect(within(location).getByRole('link', { name: 'Buka di peta' })).toHaveAttribute('href', expect.stringContaining('mlat=-5.1234567'));
    expect(screen.getByRole('region', { name: 'Riwayat' })).toHaveTextContent('Dikirim');
  });

  it('rejects only with a comment, sends it, and shows the decision', async () => {
    const calls = stubFetch(routes({ [`POST /api/submissions/${waiting.id}/review`]: { body: detail('rejected', 'Omzet terlalu besar, mohon dicek lagi') } }));
    const user = userEvent.setup();
    renderApp(`/admin/tinjau/${waiting.id}`, newOutbox());
    const decision = await screen.findByRole('form', { name: 'Keputusan' });
    await user.click(within(decision).getByRole('button', { name: 'Tolak' }));
    expect(within(decision).getByRole('alert')).toHaveTextContent('Tulis catatan');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await user.type(within(decision).getByLabelText('Catatan untuk kader'), 'Omzet terlalu besar, mohon dicek lagi');
    await user.click(within(decision).getByRole('button', { name: 'Tolak' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Riwayat' })).toHaveTextContent('Ditolak'));
    expect(screen.getByRole('region', { name: 'Riwayat' })).toHaveTextContent('Omzet terlalu besar, mohon dicek lagi');
    const post = calls.find((call) => call.method === 'POST')!;
    expect(JSON.parse(String(post.body))).toEqual({ status: 'rejected', comment: 'Omzet terlalu besar, mohon dicek lagi' });
  });

  it('approves without a comment', async () => {
    const calls = stubFetch(routes({ [`POST /api/submissions/${waiting.id}/review`]: { body: detail('approved', null) } }));
    const user = userEvent.setup();
    renderApp(`/admin/tinjau/${waiting.id}`, newOutbox());
    await user.click(within(await screen.findByRole('form', { name: 'Keputusan' })).getByRole('button', { name: 'Setujui' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1));
    expect(JSON.parse(String(calls.find((call) => call.method === 'POST')!.body))).toEqual({ status: 'approved' });
  });
});
