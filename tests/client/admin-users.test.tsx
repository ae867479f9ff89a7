import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { parseCsv } from '../../client/src/features/admin/spreadsheet';
import { rowsFromCells } from '../../client/src/features/admin/users/spreadsheet-rows';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { KOTA_METRO, METRO_SELATAN, REJOMULYO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO, language: 'id' };
const siti = { id: 'u-1', username: 'siti.aminah', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO, disabled: false, createdAt: '2026-11-28T01:00:00Z' };

const baseRoutes: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)> = {
  'GET /api/auth/me': { body: admin },
  'GET /api/regions/': { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: '18.72.05', path: [] } },
  [`GET /api/regions?parent=${KOTA_METRO}&`]: { body: { items: [{ code: METRO_SELATAN, name: 'Metro Selatan', level: 'kecamatan', parentCode: KOTA_METRO }], nextCursor: null } },
  [`GET /api/regions?parent=${METRO_SELATAN}&`]: { body: { items: [{ code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN }], nextCursor: null } },
  [`GET /api/regions?parent=${REJOMULYO}&`]: { body: { items: [], nextCursor: null } },
  'GET /api/users': (call) => ({ body: { items: call.url.includes('q=zzz') ? [] : [siti], nextCursor: null } }),
};

/** Every key path of a nested texts object. */
const keyPaths = (texts: object, prefix = ''): string[] =>
  Object.entries(texts).flatMap(([key, value]) => (typeof value === 'object' ? keyPaths(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));

const csvFile = (text: string, name = 'kader.csv') => new File([text], name, { type: 'text/csv' });

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-admin', user: admin });
});

describe('admin users screen', () => {
  it('lists the users of the subtree and searches them on the server', async () => {
    const calls = stubFetch(baseRoutes);
    const user = userEvent.setup();
    renderApp('/admin/pengguna', newOutbox());
    const row = (await screen.findByText('Siti Aminah')).closest('tr')!;
    expect(row).toHaveTextContent('@siti.aminah');
    expect(row).toHaveTextContent('Kader');
    expect(await within(row).findByText('Rejomulyo')).toBeTruthy();
    await user.type(screen.getByLabelText('Cari nama atau nama pengguna'), 'zzz');
    expect(await screen.findByText('Belum ada pengguna yang cocok.')).toBeTruthy();
    expect(calls.some((call) => call.url.startsWith('/api/users?') && call.url.includes('q=zzz'))).toBe(true);
  });

  it('resets a password after asking, and shows the new one once', async () => {
    const calls = stubFetch({ ...baseRoutes, [`POST /api/users/${siti.id}/reset-password`]: { body: { ...siti, password: 'k7mq-x3vd-9tpa' } } });
    const user = userEvent.setup();
    renderApp('/admin/pengguna', newOutbox());
    await user.click(await screen.findByRole('button', { name: 'Atur ulang sandi Siti Aminah' }));
    const confirm = await screen.findByRole('dialog');
    expect(confirm).toHaveTextContent('pengguna ini keluar dari semua perangkat');
    await user.click(within(confirm).getByRole('button', { name: 'Atur ulang sandi' }));
    const shown = await screen.findByTestId('password-once');
    expect(shown).toHaveTextContent('k7mq-x3vd-9tpa');
    expect(screen.getByRole('dialog')).toHaveTextContent('Sandi hanya ditampilkan sekali ini.');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Tutup' }));
    expect(screen.queryByTestId('password-once')).toBeNull();
  });

  it('creates one user and shows the server-made first password, or the server\'s words next to the field', async () => {
    let attempt = 0;
    const calls = stubFetch({
      ...baseRoutes,
      'POST /api/users/bulk': () =>
        ++attempt === 1
          ? { status: 422, body: { status: 422, code: 'USER_ROWS_INVALID', title: 'x', detail: '1 baris', errors: [{ path: '/rows/0/username', keyword: 'row', message: 'Nama pengguna ini sudah dipakai', row: 1, field: 'username' }] } }
          : { status: 201, body: { created: true, rows: 1, users: [{ ...siti, id: 'u-2', username: 'budi.santoso', password: 'abcd-efgh-jkmn' }] } },
    });
    const user = userEvent.setup();
    renderApp('/admin/pengguna', newOutbox());
    await user.click(await screen.findByRole('button', { name: 'Tambah pengguna' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Nama'), 'Budi Santoso');
    await user.type(within(dialog).getByLabelText('Nama pengguna'), 'siti.aminah');
    // The region is chosen by name, level by level, inside the admin's own.
    await user.selectOptions(await within(dialog).findByLabelText('Kecamatan'), METRO_SELATAN);
    await user.selectOptions(await within(dialog).findByLabelText('Kelurahan'), REJOMULYO);
    expect(within(dialog).getByText('Dipilih: Rejomulyo')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Buat' }));
    expect(await within(dialog).findByText('Nama pengguna ini sudah dipakai')).toBeTruthy();
    expect(within(dialog).getByLabelText('Nama pengguna')).toHaveAttribute('aria-invalid', 'true');
    await user.clear(within(dialog).getByLabelText('Nama pengguna'));
    await user.type(within(dialog).getByLabelText('Nama pengguna'), 'budi.santoso');
    await user.click(within(dialog).getByRole('button', { name: 'Buat' }));
    expect(await screen.findByTestId('password-once')).toHaveTextContent('abcd-efgh-jkmn');
    const sent = JSON.parse(String(calls.filter((call) => call.method === 'POST').pop()!.body));
    expect(sent).toEqual({ rows: [{ displayName: 'Budi Santoso', username: 'budi.santoso', role: 'kader', regionCode: REJOMULYO }], dryRun: false });
  });

  it('checks an uploaded CSV, reports bad rows by their line in the file, and creates nothing', async () => {
    const calls = stubFetch({
      ...baseRoutes,
      'POST /api/users/bulk': {
        status: 422,
        body: { status: 422, code: 'USER_ROWS_INVALID', title: 'x', detail: 'x', errors: [{ path: '/rows/1/regionCode', keyword: 'row', message: 'Wilayah 18.72.01.1001 tidak ditemukan di wilayah Anda', row: 2, field: 'regionCode' }] },
      },
    });
    const user = userEvent.setup();
    renderApp('/admin/pengguna/banyak', newOutbox());
    const csv = 'Nama;Nama pengguna;Peran;Kode wilayah\nSiti;siti.a;kader;18.72.05.1001\n\nBudi;budi.b;kader;18.72.01.1001\n';
    await user.upload(await screen.findByLabelText('Berkas CSV atau XLSX'), csvFile(csv));
    const report = await screen.findByRole('table');
    const row = within(report).getAllByRole('row')[1];
    expect(row).toHaveTextContent('4');
    expect(row).toHaveTextContent('Kode wilayah');
    expect(row).toHaveTextContent('Wilayah 18.72.01.1001 tidak ditemukan di wilayah Anda');
    expect(screen.getByRole('alert')).toHaveTextContent('Tidak ada pengguna yang dibuat.');
    const posts = calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(JSON.parse(String(posts[0].body)).dryRun).toBe(true);
  });

  it('creates every row of a checked file and lays out the first passwords to print', async () => {
    const made = ['ani', 'budi', 'cici'].map((name, index) => ({ ...siti, id: `n-${index}`, displayName: name.toUpperCase(), username: `kader.${name}`, password: `pass-${name}-0000` }));
    const calls = stubFetch({
      ...baseRoutes,
      'POST /api/users/bulk': (call) =>
        JSON.parse(String(call.body)).dryRun ? { body: { created: false, rows: 3, users: [] } } : { status: 201, body: { created: true, rows: 3, users: made } },
    });
    const user = userEvent.setup();
    renderApp('/admin/pengguna/banyak', newOutbox());
    const csv = 'name,username,role,region code\nANI,kader.ani,kader,18.72.05.1001\nBUDI,kader.budi,kader,18.72.05.1001\n"CICI, S.Pd",kader.cici,kader,18.72.05.1001\n';
    await user.upload(await screen.findByLabelText('Berkas CSV atau XLSX'), csvFile(csv));
    expect(await screen.findByText(/Semua 3 baris benar/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Buat 3 pengguna' }));
    const sheet = await screen.findByRole('region', { name: 'Sandi pertama pengguna baru' });
    for (const person of made) {
      const line = within(sheet).getByText(person.username).closest('tr')!;
      expect(line).toHaveTextContent(person.password);
    }
    expect(screen.getByRole('button', { name: 'Cetak lembar sandi' })).toBeTruthy();
    const bodies = calls.filter((call) => call.method === 'POST').map((call) => JSON.parse(String(call.body)));
    expect(bodies.map((body) => body.dryRun)).toEqual([true, false]);
    expect(bodies[1].rows[2]).toEqual({ displayName: 'CICI, S.Pd', username: 'kader.cici', role: 'kader', regionCode: '18.72.05.1001' });
  });

  it('refuses a file without the needed columns before sending anything', async () => {
    const calls = stubFetch(baseRoutes);
    const user = userEvent.setup();
    renderApp('/admin/pengguna/banyak', newOutbox());
    await user.upload(await screen.findByLabelText('Berkas CSV atau XLSX'), csvFile('nama,telepon\nSiti,0812\n'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Kolom tidak ditemukan: Nama pengguna, Peran, Kode wilayah.');
    await waitFor(() => expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0));
  });
});

describe('spreadsheet rows', () => {
  it('reads quoted cells, doubled quotes, CRLF and semicolons', () => {
    expect(parseCsv('a;"b;c";"say ""hi"""\r\n1;2;3')).toEqual([
      ['a', 'b;c', 'say "hi"'],
      ['1', '2', '3'],
    ]);
    const sheet = rowsFromCells([['Role', 'Username', 'Region', 'Name'], ['kader', 'x.y', '18.72', 'X Y']]);
    expect(sheet).toEqual({ rows: [{ displayName: 'X Y', username: 'x.y', role: 'kader', regionCode: '18.72' }], lines: [2], missing: [] });
  });
});

describe('admin and account texts', () => {
  // Loaded after initI18n (as the app loads them), since registering needs i18next started.
  it.each([
    ['admin', async () => (await import('../../client/src/features/admin/texts')).adminTexts],
    ['account', async () => (await import('../../client/src/features/account/texts')).accountTexts],
  ])('has every Indonesian %s text in English too, and nothing English-only', async (_area, load) => {
    const texts = await load();
    expect(keyPaths(texts.en).sort()).toEqual(keyPaths(texts.id).sort());
  });
});
