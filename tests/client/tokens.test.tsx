import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { renderToolPage, signIn, textKeys } from './helpers/tool-page';
import { tokensTexts } from '../../client/src/features/tokens/texts';
import { TokensPage } from '../../client/src/features/tokens/TokensPage';
import { stubFetch, type FetchCall } from './helpers/harness';

const opd: User = {
  id: 'opd-1',
  username: 'opd',
  displayName: 'Bappeda Kota Metro',
  role: 'opd',
  regionCode: '18.72',
};
const admin: User = {
  id: 'admin-1',
  username: 'admin',
  displayName: 'Admin',
  role: 'admin',
  regionCode: '18.72',
};

const used = {
  id: 'token-1',
  name: 'Skrip Bappeda',
  scopes: ['aggregates:read', 'exports'],
  createdAt: '2026-11-01T01:00:00.000Z',
  expiresAt: '2027-01-30T01:00:00.000Z',
  lastUsedAt: '2026-11-28T02:30:00.000Z',
};
const unused = {
  ...used,
  id: 'token-2',
  name: 'Dasbor Dinkes',
  scopes: ['aggregates:read'],
  lastUsedAt: null,
};

describe('API tokens page', () => {
  it('lists tokens with plain-word permissions and WIB times, and says when one was never used', async () => {
    await signIn(opd);
    stubFetch({
      'GET /api/auth/me': { body: opd },
      'GET /api/tokens': { body: { items: [used, unused], nextCursor: null } },
    });
    renderToolPage(<TokensPage />);
    const row = (await screen.findByText('Skrip Bappeda')).closest('tr')!;
    expect(row).toHaveTextContent('Membaca angka rekap dan kelengkapan laporan; Mengunduh berkas hasil (CSV, XLSX, JSON)');
    expect(row).toHaveTextContent('28 Nov 2026, 09.30 WIB');
    expect(row).not.toHaveTextContent('aggregates:read');
    expect(screen.getByText('Dasbor Dinkes').closest('tr')).toHaveTextContent('Belum pernah dipakai');
  });

  it('offers an OPD only the permissions an OPD can use', async () => {
    await signIn(opd);
    stubFetch({
      'GET /api/auth/me': { body: opd },
      'GET /api/tokens': { body: { items: [], nextCursor: null } },
    });
    renderToolPage(<TokensPage />);
    const permissions = within(await screen.findByRole('group', { name: 'Token ini boleh' }));
    expect(permissions.getAllByRole('checkbox').map((box) => box.closest('label')?.textContent)).toEqual([
      'Membaca angka rekap dan kelengkapan laporan',
      'Mengunduh berkas hasil (CSV, XLSX, JSON)',
    ]);
    expect(await screen.findByText('Belum ada token yang aktif.')).toBeInTheDocument();
  });

  it('creates a token with the chosen permissions and expiry, shows it once with a warning, and forgets it', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    let posted: { name: string; scopes: string[]; expiresAt: string } | null = null;
    const calls = stubFetch({
      'GET /api/auth/me': { body: admin },
      'GET /api/tokens': () => ({
        body: {
          items: posted ? [{ ...unused, name: posted.name }] : [],
          nextCursor: null,
        },
      }),
      'POST /api/tokens': (call: FetchCall) => {
        posted = JSON.parse(String(call.body)) as typeof posted;
        return {
          status: 201,
          body: {
            id: 'token-9',
            token: 'wk_rahasia_sekali_saja',
            name: 'Skrip baru',
            scopes: posted!.scopes,
            expiresAt: posted!.expiresAt,
          },
        };
      },
    });
    renderToolPage(<TokensPage />);
    await user.click(await screen.findByRole('button', { name: 'Buat token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Beri nama token ini.');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByLabelText('Nama token'), 'Skrip baru');
    await user.click(screen.getByLabelText('Mengirim data atas nama akun ini'));
    await user.click(screen.getByLabelText('30 hari'));
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: 'Buat token' }));

    const secret = await screen.findByDisplayValue('wk_rahasia_sekali_saja');
    expect(posted!.name).toBe('Skrip baru');
    expect(posted!.scopes).toEqual(['aggregates:read', 'submissions:write']);
    const days = (Date.parse(posted!.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    expect(screen.getByText(/Token hanya ditampilkan sekali ini/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Salin token' })).toBeInTheDocument();
    expect(secret).toHaveAttribute('readonly');

    await user.click(screen.getByRole('button', { name: 'Sudah saya simpan' }));
    expect(screen.queryByDisplayValue('wk_rahasia_sekali_saja')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('wk_rahasia_sekali_saja');
    expect(await screen.findByText('Skrip baru')).toBeInTheDocument();
  });

  it('revokes a token only after confirming', async () => {
    const user = userEvent.setup();
    await signIn(opd);
    let revoked = false;
    const calls = stubFetch({
      'GET /api/auth/me': { body: opd },
      'GET /api/tokens': () => ({
        body: { items: revoked ? [unused] : [used, unused], nextCursor: null },
      }),
      'DELETE /api/tokens/token-1': () => {
        revoked = true;
        return { status: 204 };
      },
    });
    renderToolPage(<TokensPage />);
    await user.click(await screen.findByRole('button', { name: 'Cabut Skrip Bappeda' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Cabut token "Skrip Bappeda"?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Cabut Skrip Bappeda' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Cabut token',
      }),
    );
    await waitFor(() => expect(screen.queryByText('Skrip Bappeda')).not.toBeInTheDocument());
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual(['/api/tokens/token-1']);
    expect(screen.getByText('Token "Skrip Bappeda" dicabut.')).toBeInTheDocument();
  });

  it('speaks English when chosen', async () => {
    await signIn(opd, 'en');
    stubFetch({
      'GET /api/auth/me': { body: opd },
      'GET /api/tokens': { body: { items: [unused], nextCursor: null } },
    });
    renderToolPage(<TokensPage />);
    expect(await screen.findByText('Never used')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'API tokens', level: 1 })).toBeInTheDocument();
  });

  it('has every Indonesian text in English', () => {
    expect(textKeys(tokensTexts.en)).toEqual(textKeys(tokensTexts.id));
  });
});
