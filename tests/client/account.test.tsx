import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { readSession, writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { METRO_SELATAN, REJOMULYO } from '../support/regions';

const kader: User = { id: 'kader-1', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO, language: 'id' };

const routes = (extra: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)> = {}) => ({
  'GET /api/auth/me': { body: kader },
  [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
  'GET /api/themes?': { body: { items: [], nextCursor: null } },
  ...extra,
});

const body = (call: FetchCall): unknown => JSON.parse(String(call.body));

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-1', user: kader });
});

describe('own account', () => {
  it('is reached from the account menu', async () => {
    stubFetch(routes());
    const user = userEvent.setup();
    const { location } = renderApp('/tugas', newOutbox());
    await user.click(await screen.findByRole('button', { name: /Siti Aminah/ }));
    await user.click(screen.getByRole('link', { name: 'Akun saya' }));
    await waitFor(() => expect(location.pathname).toBe('/akun'));
    expect(await screen.findByRole('heading', { name: 'Akun saya' })).toBeTruthy();
  });

  it('changes the password with the current one, and says so when the current one is wrong', async () => {
    let attempt = 0;
    const calls = stubFetch(
      routes({
        'PATCH /api/auth/me': () =>
          ++attempt === 1
            ? { status: 422, body: { status: 422, code: 'CURRENT_PASSWORD_WRONG', title: 'x', detail: 'Kata sandi saat ini salah', errors: [{ path: '/password/current', keyword: 'password', message: 'Kata sandi saat ini salah' }] } }
            : { body: kader },
      }),
    );
    const user = userEvent.setup();
    renderApp('/akun', newOutbox());
    const card = await screen.findByRole('region', { name: 'Ganti kata sandi' });
    await user.type(within(card).getByLabelText('Kata sandi saat ini'), 'salah-sekali');
    await user.type(within(card).getByLabelText('Kata sandi baru'), 'sandi-baru-panjang');
    await user.type(within(card).getByLabelText('Ulangi kata sandi baru'), 'sandi-baru-lain');
    await user.click(within(card).getByRole('button', { name: 'Ganti kata sandi' }));
    expect(within(card).getByRole('alert')).toHaveTextContent('Kedua kata sandi baru tidak sama.');
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0);

    await user.clear(within(card).getByLabelText('Ulangi kata sandi baru'));
    await user.type(within(card).getByLabelText('Ulangi kata sandi baru'), 'sandi-baru-panjang');
    await user.click(within(card).getByRole('button', { name: 'Ganti kata sandi' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('Kata sandi saat ini salah');
    expect(within(card).getByLabelText('Kata sandi saat ini')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(card).getByLabelText('Kata sandi saat ini'));
    await user.type(within(card).getByLabelText('Kata sandi saat ini'), 'sandi-lama-benar');
    await user.click(within(card).getByRole('button', { name: 'Ganti kata sandi' }));
    await waitFor(() => expect(within(card).getByLabelText('Kata sandi baru')).toHaveValue(''));
    const patches = calls.filter((call) => call.method === 'PATCH');
    expect(body(patches[1])).toEqual({ password: { current: 'sandi-lama-benar', next: 'sandi-baru-panjang' } });
  });

  it('stores the language on the user and switches the interface', async () => {
    const calls = stubFetch(routes({ 'PATCH /api/auth/me': (call) => ({ body: { ...kader, ...(body(call) as object) } }) }));
    const user = userEvent.setup();
    renderApp('/akun', newOutbox());
    await user.click(await screen.findByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'My account' })).toBeTruthy();
    expect(i18next.language).toBe('en');
    expect(readSession()?.user.language).toBe('en');
    expect(calls.filter((call) => call.method === 'PATCH').map(body)).toEqual([{ language: 'en' }]);
  });

  it('takes the language stored on the user when they log in on another phone', async () => {
    writeSession(null);
    const english = { ...kader, language: 'en' };
    stubFetch(routes({ 'POST /api/auth/login': { body: { accessToken: 'token-2', user: english } }, 'GET /api/auth/me': { body: english } }));
    const user = userEvent.setup();
    renderApp('/masuk', newOutbox());
    await user.type(await screen.findByLabelText('Nama pengguna'), kader.username);
    await user.type(screen.getByLabelText('Kata sandi'), 'kata-sandi-uji-123');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByRole('heading', { name: 'My tasks' })).toBeTruthy();
    expect(i18next.language).toBe('en');
  });

  it('logs out through the server, so the login ends there too', async () => {
    const calls = stubFetch(routes({ 'POST /api/auth/logout': { status: 204 } }));
    const user = userEvent.setup();
    const { location } = renderApp('/akun', newOutbox());
    const card = await screen.findByRole('region', { name: 'Keluar' });
    await user.click(within(card).getByRole('button', { name: 'Keluar' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Keluar' }));
    await waitFor(() => expect(location.pathname).toBe('/masuk'));
    const logout = calls.find((call) => call.url === '/api/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(readSession()).toBeNull();
  });
});
