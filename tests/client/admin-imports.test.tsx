import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { adminImportsTexts } from '../../client/src/features/admin/imports/texts';
import { ImportsPage } from '../../client/src/features/admin/imports/ImportsPage';
import { stubFetch, type FetchCall } from './helpers/harness';
import { renderToolPage, signIn, textKeys } from './helpers/tool-page';
import { KOTA_METRO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO };
const umkm = { slug: 'umkm', title: 'Data UMKM', unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 1 };
const base = { theme: 'umkm', fileName: 'umkm.xlsx', source: 'template', ignoredColumns: [], stored: 0, alreadyStored: 0 };

/** The import's answers in order: each GET /api/imports/:id takes the next (the last one repeats). */
function importRoutes(answers: Record<string, unknown>[]): FetchCall[] {
  let asked = 0;
  let made = 0;
  return stubFetch({
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': { body: { items: [umkm], nextCursor: null } },
    'POST /api/themes/umkm/imports': () => ({ status: 202, body: { id: `imp-${++made}` } }),
    'GET /api/imports/': () => ({ body: answers[Math.min(asked++, answers.length - 1)] }),
  });
}

const fieldOf = (call: FetchCall, name: string) => (call.body as FormData).get(name);

describe('import screen', () => {
  it('checks a file first, shows the progress, and reports each bad row by row, field title and message', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = importRoutes([
      { ...base, id: 'imp-1', dryRun: true, status: 'running', progress: 0.4, total: 0, accepted: 0, rejected: 0, errors: [] },
      {
        ...base,
        id: 'imp-1',
        dryRun: true,
        status: 'done',
        progress: 1,
        total: 3,
        accepted: 0,
        rejected: 2,
        errors: [
          { row: 3, path: '/omzet_tahunan', field: 'Hasil penjualan tahunan (Rp)', message: 'Hasil penjualan tahunan (Rp): "1.500" bisa dibaca 1500 atau 1,5' },
          { row: 4, path: '/nama_usaha', field: 'Nama usaha', message: 'Nama usaha wajib diisi' },
        ],
      },
    ]);
    renderToolPage(<ImportsPage />);
    expect(screen.getByText('Pilih tematik untuk mengunduh templat dan mengunggah data.')).toBeInTheDocument();
    await screen.findByRole('option', { name: 'Data UMKM' });
    await user.selectOptions(screen.getByLabelText('Tematik'), 'Data UMKM');
    expect(screen.getByRole('button', { name: 'Unduh templat Excel' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Periksa tanpa menyimpan' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Pilih berkas dulu.');
    await user.upload(screen.getByLabelText('Berkas (.xlsx atau .csv)'), new File(['xlsx'], 'umkm.xlsx'));
    await user.click(screen.getByRole('button', { name: 'Periksa tanpa menyimpan' }));

    const bar = await screen.findByRole('progressbar', { name: 'Kemajuan impor' });
    expect(bar).toHaveAttribute('value', '40');
    const post = calls.find((call) => call.method === 'POST')!;
    expect([fieldOf(post, 'dryRun'), (fieldOf(post, 'file') as File).name]).toEqual(['true', 'umkm.xlsx']);

    const report = await screen.findByRole('table', { name: 'Baris yang perlu diperbaiki' }, { timeout: 5000 });
    const rows = within(report).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['3', 'Hasil penjualan tahunan (Rp)', 'Hasil penjualan tahunan (Rp): "1.500" bisa dibaca 1500 atau 1,5'],
      ['4', 'Nama usaha', 'Nama usaha wajib diisi'],
    ]);
    expect(report).not.toHaveTextContent('/nama_usaha');
    expect(screen.getByRole('alert')).toHaveTextContent('Tidak ada yang disimpan: 2 dari 3 baris perlu diperbaiki.');
  });

  it('stores a checked file on confirmation and says how many rows were new', async () => {
    const user = userEvent.setup();
    await signIn(admin, 'en');
    const calls = importRoutes([
      { ...base, id: 'imp-1', dryRun: true, status: 'done', progress: 1, total: 2, accepted: 2, rejected: 0, errors: [] },
      { ...base, id: 'imp-2', dryRun: false, status: 'done', progress: 1, total: 2, accepted: 2, rejected: 0, stored: 1, alreadyStored: 1, errors: [] },
    ]);
    renderToolPage(<ImportsPage />, '/?tema=umkm');
    await user.upload(await screen.findByLabelText('File (.xlsx or .csv)'), new File(['a;b'], 'umkm.csv'));
    await user.click(screen.getByRole('button', { name: 'Check without storing' }));
    await user.click(await screen.findByRole('button', { name: 'Store the rows (2)' }));
    expect(await screen.findByText('Rows stored: 1.')).toBeInTheDocument();
    expect(screen.getByText('Rows already stored before, not stored twice: 1.')).toBeInTheDocument();
    const posts = calls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => fieldOf(call, 'dryRun'))).toEqual(['true', 'false']);
    await waitFor(() => expect(screen.queryByRole('progressbar')).not.toBeInTheDocument());
  });

  it('has every word in Indonesian and English', () => {
    expect(textKeys(adminImportsTexts.en)).toEqual(textKeys(adminImportsTexts.id));
  });
});
