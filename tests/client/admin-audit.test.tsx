import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToolPage, signIn, textKeys } from './helpers/tool-page';
import type { User } from '../../client/src/api/types';
import { AuditPage } from '../../client/src/features/admin/audit/AuditPage';
import { adminAuditTexts } from '../../client/src/features/admin/audit/texts';
import { stubFetch, type FetchCall } from './helpers/harness';
import { KOTA_METRO, REJOMULYO } from '../support/regions';

const admin: User = {
  id: 'admin-1',
  username: 'admin',
  displayName: 'Admin Kota',
  role: 'admin',
  regionCode: KOTA_METRO,
};

const row = (id: number, overrides: Record<string, unknown>) => ({
  id: String(id),
  at: '2026-11-28T02:30:00.000Z',
  actorId: 'admin-1',
  actorUsername: 'admin',
  targetType: null,
  targetId: null,
  regionCode: REJOMULYO,
  regionName: 'Rejomulyo',
  details: {},
  ...overrides,
});

const regionRow = row(30, {
  action: 'region.created',
  targetType: 'region',
  targetId: `${REJOMULYO}.001`,
  regionName: 'RW 01',
  details: { name: 'RW 01', level: 'rw' },
});
const publishedRow = row(29, {
  action: 'theme.published',
  targetType: 'theme',
  targetId: 'covid-harian',
  regionCode: KOTA_METRO,
  regionName: 'Kota Metro',
  details: { version: 2 },
});
const failedLogin = row(28, {
  action: 'auth.login_failed',
  actorId: null,
  actorUsername: 'penyusup',
  regionCode: null,
  regionName: null,
  details: { reason: 'unknown_user' },
});
const futureRow = row(27, {
  action: 'survey.archived',
  targetType: 'survey',
  targetId: 'x',
});
const olderRow = row(5, {
  action: 'user.created',
  targetType: 'user',
  targetId: 'u-1',
  details: { username: 'kader.baru', role: 'kader' },
  at: '2026-11-01T17:10:00.000Z',
});

function auditRoutes(): FetchCall[] {
  return stubFetch({
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': {
      body: {
        items: [
          {
            slug: 'covid-harian',
            title: 'Kasus COVID-19 harian',
            unit: 'report',
            period: 'day',
            regionLevel: 'kelurahan',
            latestVersion: 2,
          },
        ],
        nextCursor: null,
      },
    },
    'GET /api/audit/actions': {
      body: {
        items: ['auth.login_failed', 'region.created', 'survey.archived', 'theme.published', 'user.created'],
      },
    },
    'GET /api/audit?': (call) => {
      const query = new URL(call.url, 'http://wakuncar').searchParams;
      if (query.get('cursor') === 'halaman-2') return { body: { items: [olderRow], nextCursor: null } };
      if (query.get('action') === 'region.created') return { body: { items: [regionRow], nextCursor: null } };
      if (query.get('user') === 'tidak.ada') return { body: { items: [], nextCursor: null } };
      return {
        body: {
          items: [regionRow, publishedRow, failedLogin, futureRow],
          nextCursor: 'halaman-2',
        },
      };
    },
  });
}

const cellsOf = (text: string): string[] =>
  within(screen.getByText(text, { selector: 'td' }).closest('tr')!)
    .getAllByRole('cell')
    .map((cell) => cell.textContent ?? '');

describe('audit log page', () => {
  it('shows who did what, to what, where and when (WIB), in plain words and never as codes', async () => {
    await signIn(admin);
    auditRoutes();
    renderToolPage(<AuditPage />);
    expect(await screen.findByText('Menambah wilayah', { selector: 'td' })).toBeInTheDocument();
    expect(cellsOf('Menambah wilayah')).toEqual(['28 Nov 2026, 09.30 WIB', 'admin', 'Menambah wilayah', 'Wilayah RW 01', 'RW 01']);
    expect(await screen.findByText('Tematik Kasus COVID-19 harian, versi 2')).toBeInTheDocument();
    expect(cellsOf('Gagal masuk')).toEqual(['28 Nov 2026, 09.30 WIB', 'penyusup', 'Gagal masuk', '', '']);
    expect(cellsOf('Tindakan lain')[2]).toBe('Tindakan lain');
    const table = screen.getByRole('table', {
      name: 'Catatan audit, terbaru di atas',
    });
    expect(table).not.toHaveTextContent(/region\.created|auth\.login_failed|survey\.archived/);
  });

  it('loads older entries page by page', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = auditRoutes();
    renderToolPage(<AuditPage />);
    await user.click(await screen.findByRole('button', { name: 'Muat lebih banyak' }));
    expect(await screen.findByText('Pengguna kader.baru')).toBeInTheDocument();
    expect(cellsOf('Pengguna kader.baru')[0]).toBe('2 Nov 2026, 00.10 WIB');
    expect(screen.queryByRole('button', { name: 'Muat lebih banyak' })).not.toBeInTheDocument();
    expect(calls.filter((call) => call.url.startsWith('/api/audit?')).map((call) => call.url)).toEqual([
      '/api/audit?limit=50',
      '/api/audit?limit=50&cursor=halaman-2',
    ]);
  });

  it('filters by user, action (offered in plain words) and WIB dates', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = auditRoutes();
    renderToolPage(<AuditPage />);
    const actions = await screen.findByLabelText('Tindakan');
    await waitFor(() => expect(within(actions).getAllByRole('option')).toHaveLength(6));
    expect(
      within(actions)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Semua tindakan', 'Gagal masuk', 'Menambah pengguna', 'Menambah wilayah', 'Menerbitkan tematik', 'Tindakan lain']);
    await user.selectOptions(actions, 'Menambah wilayah');
    await user.type(screen.getByLabelText('Nama pengguna'), ' admin ');
    await user.type(screen.getByLabelText('Dari tanggal'), '2026-11-01');
    await user.type(screen.getByLabelText('Sampai tanggal'), '2026-11-30');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    await waitFor(() => expect(screen.queryByText('Gagal masuk', { selector: 'td' })).not.toBeInTheDocument());
    expect(calls.map((call) => call.url)).toContain('/api/audit?user=admin&action=region.created&from=2026-11-01&to=2026-11-30&limit=50');
    expect(screen.getByText('Wilayah RW 01')).toBeInTheDocument();
  });

  it('refuses a date range that ends before it starts, and says when nothing matches', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = auditRoutes();
    renderToolPage(<AuditPage />);
    await screen.findByText('Menambah wilayah', { selector: 'td' });
    await user.type(screen.getByLabelText('Dari tanggal'), '2026-11-30');
    await user.type(screen.getByLabelText('Sampai tanggal'), '2026-11-01');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Tanggal awal harus sebelum tanggal akhir.');
    expect(calls.some((call) => call.url.includes('from='))).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Hapus saringan' }));
    await user.type(screen.getByLabelText('Nama pengguna'), 'tidak.ada');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    expect(await screen.findByText('Tidak ada catatan yang cocok dengan saringan ini.')).toBeInTheDocument();
  });

  it('speaks English when chosen', async () => {
    await signIn(admin, 'en');
    auditRoutes();
    renderToolPage(<AuditPage />);
    expect(await screen.findByText('Added a region', { selector: 'td' })).toBeInTheDocument();
    expect(screen.getByText('Region RW 01')).toBeInTheDocument();
  });

  it('has every Indonesian text in English', () => {
    expect(textKeys(adminAuditTexts.en)).toEqual(textKeys(adminAuditTexts.id));
  });
});
