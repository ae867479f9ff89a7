import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import type { User } from '../../client/src/api/types';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { openWakuncarDb } from '../../client/src/features/offline/database';
import { Outbox, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { renderApp, stubFetch } from './helpers/harness';
import { MARGOREJO, METRO_SELATAN, REJOMULYO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin.selatan', displayName: 'Bu Ketua', role: 'admin', regionCode: METRO_SELATAN };
const umkm = { slug: 'umkm', title: 'UMKM', unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 1 };

const unreachable: OutboxTransport = { send: () => Promise.reject(new TypeError('offline')), upload: () => Promise.reject(new TypeError('offline')) };

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-1', user: admin });
});

describe('the admin’s Tugas saya', () => {
  it('counts a record theme’s regions as the rows under it show them', async () => {
    const user = userEvent.setup();
    stubFetch({
      'GET /api/auth/me': { body: admin },
      [`GET /api/regions/${METRO_SELATAN}`]: { body: { code: METRO_SELATAN, name: 'Metro Selatan', level: 'kecamatan', parentCode: '18.72', path: [] } },
      'GET /api/regions?': {
        body: {
          items: [
            { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN },
            { code: MARGOREJO, name: 'Margorejo', level: 'kelurahan', parentCode: METRO_SELATAN },
          ],
          nextCursor: null,
        },
      },
      'GET /api/themes?': { body: { items: [umkm], nextCursor: null } },
      'GET /api/themes/umkm/versions/1': { body: { ...umkm, version: 1, schema: { type: 'object', properties: {} } } },
      'GET /api/themes/umkm/submissions': {
        body: { items: [{ id: 's1', theme: 'umkm', version: 1, regionCode: REJOMULYO, periodKey: 'all', status: 'submitted', createdAt: '2026-11-20T03:00:00Z' }], nextCursor: null },
      },
    });
    const outbox = new Outbox(() => openWakuncarDb('admin-tasks'), unreachable, { lockName: 'admin-tasks' });
    renderApp('/tugas', outbox);
    const card = await screen.findByRole('article', { name: 'UMKM' });
    await waitFor(() => expect(within(card).getByText('1 dari 2 wilayah sudah mengirim')).toBeInTheDocument());
    await user.click(within(card).getByText('1 dari 2 wilayah sudah mengirim'));
    const rows = within(card).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringMatching(/^Margorejo0 catatan/), expect.stringMatching(/^Rejomulyo1 catatan/)]);
  });
});
