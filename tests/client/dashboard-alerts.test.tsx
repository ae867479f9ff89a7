import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import type { User } from '../../client/src/api/types';
import { initI18n, languageReady, setLanguage } from '../../client/src/app/i18n';
import { AuthProvider } from '../../client/src/features/auth/AuthProvider';
import { writeSession } from '../../client/src/features/auth/session';
import { AlertsPanel } from '../../client/src/features/dashboard/alerts/AlertsPanel';
import type { Alert } from '../../client/src/features/dashboard/alerts/alerts-api';
import { alertsTexts } from '../../client/src/features/dashboard/alerts/texts';
import { KOTA_METRO, REJOMULYO } from '../support/regions';
import { stubFetch, withQueryClient } from './helpers/harness';

const admin: User = { id: 'admin-1', username: 'admin', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO };
const opd: User = { ...admin, id: 'opd-1', username: 'opd', role: 'opd' };
const theme = { slug: 'covid-harian', title: 'Laporan Harian COVID-19', unit: 'report', period: 'day', regionLevel: 'rt', latestVersion: 1 };

const alert: Alert = {
  id: '55555555-5555-4555-8555-555555555555',
  theme: 'covid-harian',
  rule: 'kasus-7-hari-kelurahan',
  title: 'Kasus konfirmasi baru 7 hari di kelurahan',
  regionCode: REJOMULYO,
  regionName: 'Rejomulyo',
  periodKey: '2026-11-20',
  value: 7,
  threshold: 5,
  openedAt: '2026-11-20T03:00:00.000Z',
  closedAt: null,
  acknowledgedBy: null,
  comment: null,
};

type Leaves = { [key: string]: string | Leaves };
const leaves = (tree: Leaves, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));

function renderPanel(user: User) {
  writeSession({ token: 'token-1', user });
  let current = alert;
  const calls = stubFetch({
    'GET /api/themes?': { body: { items: [theme], nextCursor: null } },
    'GET /api/alerts': () => ({ body: { items: [current], nextCursor: null } }),
    'POST /api/alerts/': (call) => {
      const { comment } = JSON.parse(String(call.body)) as { comment?: string };
      current = { ...current, acknowledgedBy: 'admin', comment: comment ?? null };
      return { body: current };
    },
  });
  render(withQueryClient(<AuthProvider><AlertsPanel /></AuthProvider>));
  return calls;
}

beforeEach(async () => {
  await clearOfflineCache();
  localStorage.clear();
  initI18n('id');
  setLanguage('id');
  await languageReady();
});

afterEach(() => writeSession(null));

describe('the dashboard’s alerts panel', () => {
  it('has every Indonesian text in English and nothing English-only', () => {
    expect(leaves(alertsTexts.en)).toEqual(leaves(alertsTexts.id));
  });

  it('lists the open alerts in words, and an admin acknowledges one with a comment', async () => {
    const user = userEvent.setup();
    const calls = renderPanel(admin);
    const panel = await screen.findByRole('region', { name: 'Peringatan dini' });
    const item = await within(panel).findByRole('listitem');
    expect(item).toHaveTextContent('Kasus konfirmasi baru 7 hari di kelurahan');
    expect(item).toHaveTextContent('Laporan Harian COVID-19');
    expect(item).toHaveTextContent('Rejomulyo · 20 November 2026');
    expect(item).toHaveTextContent('Nilai 7, ambang 5');
    expect(item).not.toHaveTextContent('kasus-7-hari-kelurahan');

    await user.click(within(item).getByRole('button', { name: 'Tanggapi' }));
    await user.type(within(item).getByLabelText('Tanggapan (tidak wajib)'), 'Puskesmas sudah turun');
    await user.click(within(item).getByRole('button', { name: 'Simpan tanggapan' }));
    expect(await within(item).findByText('Ditanggapi oleh admin: “Puskesmas sudah turun”')).toBeInTheDocument();
    const posted = calls.find((call) => call.method === 'POST')!;
    expect(posted.url).toBe(`/api/alerts/${alert.id}/acknowledge`);
    expect(JSON.parse(String(posted.body))).toEqual({ comment: 'Puskesmas sudah turun' });
  });

  it('shows an OPD officer the alerts without the acknowledge button', async () => {
    renderPanel(opd);
    const item = await screen.findByRole('listitem');
    expect(item).toHaveTextContent('Rejomulyo');
    expect(within(item).queryByRole('button', { name: 'Tanggapi' })).toBeNull();
  });
});
