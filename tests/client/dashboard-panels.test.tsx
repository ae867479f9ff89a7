import type { ReactElement } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import type { User } from '../../client/src/api/types';
import { initI18n, languageReady, setLanguage } from '../../client/src/app/i18n';
import { AuthProvider } from '../../client/src/features/auth/AuthProvider';
import { writeSession } from '../../client/src/features/auth/session';
import { CompletenessPanel } from '../../client/src/features/dashboard/completeness/CompletenessPanel';
import { completenessTexts } from '../../client/src/features/dashboard/completeness/texts';
import { DownloadsPanel } from '../../client/src/features/dashboard/downloads/DownloadsPanel';
import type { DashboardPanelProps } from '../../client/src/features/dashboard/dashboard-panels';
import { downloadsTexts } from '../../client/src/features/dashboard/downloads/texts';
import { stubFetch, withQueryClient, type FakeAnswer } from './helpers/harness';

const opd: User = { id: 'opd-1', username: 'opd', displayName: 'Dinas Kesehatan', role: 'opd', regionCode: '18.72' };
const admin: User = { ...opd, id: 'admin-1', username: 'admin', role: 'admin' };

const theme = { slug: 'covid-harian', title: 'Laporan Harian COVID-19', unit: 'report', period: 'day', regionLevel: 'kelurahan', latestVersion: 1, dueAfter: 'P1DT10H' };
const common: Record<string, FakeAnswer> = {
  'GET /api/themes?': { body: { items: [theme], nextCursor: null } },
  'GET /api/regions/18.72': { body: { code: '18.72', name: 'Kota Metro', level: 'kota', parentCode: '18' } },
};

const region = (code: string, regionName: string, status: string, submittedAt: string | null) => ({ regionCode: code, regionName, level: 'kelurahan', status, submittedAt });
const report = {
  theme: 'covid-harian',
  periodKey: '2026-11-20',
  level: 'kelurahan',
  dueAt: '2026-11-21T03:00:00.000Z',
  nextCursor: null,
  items: [
    region('18.72.01.1001', 'Metro', 'on_time', '2026-11-20T05:00:00.000Z'),
    region('18.72.01.1002', 'Hadimulyo Timur', 'on_time', '2026-11-21T02:00:00.000Z'),
    region('18.72.01.1003', 'Imopuro', 'missing', null),
    region('18.72.02.1001', 'Banjarsari', 'late', '2026-11-21T04:30:00.000Z'),
    region('18.72.02.1002', 'Purwosari', 'missing', null),
  ],
  rollup: [
    { regionCode: '18.72.01', regionName: 'Metro Pusat', level: 'kecamatan', expected: 3, onTime: 2, late: 0, missing: 1, rate: 2 / 3 },
    { regionCode: '18.72.02', regionName: 'Metro Utara', level: 'kecamatan', expected: 2, onTime: 0, late: 1, missing: 1, rate: 0.5 },
    { regionCode: '18.72', regionName: 'Kota Metro', level: 'kota', expected: 5, onTime: 2, late: 1, missing: 2, rate: 0.6 },
  ],
};
const history = {
  items: ['2026-11-18', '2026-11-19', '2026-11-20'].map((periodKey, index) => ({
    periodKey,
    dueAt: `${periodKey}T03:00:00.000Z`,
    due: 5,
    onTime: index + 1,
    late: 1,
    missing: 3 - index,
    rate: (index + 2) / 5,
  })),
};

type Leaves = { [key: string]: string | Leaves };
const leaves = (tree: Leaves, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`)));

/** Also keeps each request's headers, which the harness's calls leave out. */
function recordHeaders(): Map<string, Record<string, string>> {
  const seen = new Map<string, Record<string, string>>();
  const inner = globalThis.fetch;
  globalThis.fetch = ((input: string, init: RequestInit = {}) => {
    seen.set(input, (init.headers ?? {}) as Record<string, string>);
    return inner(input, init);
  }) as typeof fetch;
  return seen;
}

/** What the browser was asked to save: the object URL's Blob and the file's name. */
function captureSaves(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = ((blob: Blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = () => undefined;
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return saved;
}

/** jsdom's Blob has no text(); its FileReader reads it. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

function renderSignedIn(user: User, element: ReactElement) {
  writeSession({ token: 'token-opd', user });
  return render(withQueryClient(<AuthProvider>{element}</AuthProvider>));
}

const panelProps: DashboardPanelProps = { slug: 'covid-harian', period: 'day', periodKey: '2026-11-20', regionCode: '18.72', level: 'kecamatan', measure: null };

beforeEach(async () => {
  await clearOfflineCache();
  localStorage.clear();
  initI18n('id');
  setLanguage('id');
  await languageReady();
});

afterEach(() => {
  jest.restoreAllMocks();
  writeSession(null);
});

describe('dashboard panel texts', () => {
  it.each([
    ['dashboardCompleteness', completenessTexts],
    ['dashboardDownloads', downloadsTexts],
  ])('%s has every Indonesian key in English and nothing English-only', (_name, texts) => {
    expect(leaves(texts.en)).toEqual(leaves(texts.id));
  });
});

describe('the completeness panel', () => {
  /** The day's report and its history, shown to the OPD user. */
  function renderCompletenessPanel(): void {
    stubFetch({
      ...common,
      'GET /api/auth/me': { body: opd },
      'GET /api/themes/covid-harian/completeness?': { body: report },
      'GET /api/themes/covid-harian/completeness/history': { body: history },
    });
    renderSignedIn(opd, <CompletenessPanel {...panelProps} />);
  }

  it('counts on time, late and missing kelurahan, lists who is late or missing with when they sent, per kecamatan too', async () => {
    renderCompletenessPanel();
    const panel = await screen.findByRole('region', { name: 'Kelengkapan laporan' });
    await within(panel).findByText('Jumat, 20 November 2026 · Kelurahan di Kota Metro');
    expect(within(panel).getByText(/5 kelurahan wajib lapor · Sudah mengirim 60%/)).toBeInTheDocument();
    const counts = Object.fromEntries(within(panel).getAllByRole('term').map((term) => [term.textContent, term.nextElementSibling?.textContent]));
    expect(counts).toEqual({ 'Tepat waktu': '2', Terlambat: '1', 'Belum mengirim': '2' });
    expect(within(panel).getByText(/Batas kirim 21 Nov.? 2026.*10[.:]00 WIB/)).toBeInTheDocument();

    const perKecamatan = within(panel).getAllByRole('table')[0];
    expect(within(perKecamatan).getAllByRole('row').map((row) => row.textContent)).toEqual([
      'KecamatanWajib laporTepat waktuTerlambatBelum mengirimSudah mengirim',
      'Metro Pusat320167%',
      'Metro Utara201150%',
    ]);

    const list = within(panel).getAllByRole('table')[1];
    const rows = within(list).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['BanjarsariMetro Utara', 'ImopuroMetro Pusat', 'PurwosariMetro Utara']);
    expect(rows[0]).toHaveTextContent(/Terlambatdikirim 21 Nov.? 2026.*11[.:]30 WIB$/);
    expect(rows[1]).toHaveTextContent(/^ImopuroMetro PusatBelum mengirim$/);
  });

  it('draws the rate over time with a table of the same numbers', async () => {
    renderCompletenessPanel();
    const chart = await screen.findByRole('img', { name: /Persentase kelurahan yang sudah mengirim per periode/ });
    expect(chart).toHaveAccessibleName(expect.stringContaining('Terakhir 80%'));
    await userEvent.setup().click(screen.getByText('Lihat sebagai tabel'));
    const table = screen.getAllByRole('table').at(-1)!;
    expect(within(table).getAllByRole('row').map((row) => row.textContent)).toEqual([
      'PeriodeWajib laporTepat waktuTerlambatBelum mengirimSudah mengirim',
      'Rabu, 18 November 2026511340%',
      'Kamis, 19 November 2026521260%',
      'Jumat, 20 November 2026531180%',
    ]);
  });

  it('reads a daily theme by month: the month\'s last day, and every day of the month on the chart', async () => {
    const calls = stubFetch({
      ...common,
      'GET /api/auth/me': { body: opd },
      'GET /api/themes/covid-harian/completeness?': { body: { ...report, periodKey: '2026-11-30' } },
      'GET /api/themes/covid-harian/completeness/history': { body: history },
    });
    renderSignedIn(opd, <CompletenessPanel {...panelProps} period="month" periodKey="2026-11" />);
    await screen.findByText('Dilihat per hari: Senin, 30 November 2026, yang terakhir dalam periode pilihan.');
    const asked = calls.map((call) => call.url).filter((url) => url.includes('/completeness'));
    expect(asked).toEqual(
      expect.arrayContaining([
        '/api/themes/covid-harian/completeness?period=2026-11-30&region=18.72&limit=1000',
        '/api/themes/covid-harian/completeness/history?from=2026-11-01&to=2026-11-30&region=18.72',
      ]),
    );
  });

  it('speaks English when asked', async () => {
    setLanguage('en');
    renderCompletenessPanel();
    const panel = await screen.findByRole('region', { name: 'Reporting completeness' });
    await within(panel).findByText('Village (kelurahan) late or not submitted');
    expect(within(panel).getByText(/^Village \(kelurahan\) due to report: 5 · Submitted 60%$/)).toBeInTheDocument();
    expect(within(panel).getAllByRole('term').map((term) => term.textContent)).toEqual(['On time', 'Late', 'Not submitted']);
  });
});

describe('the downloads panel', () => {
  it('downloads the CSV of what is on screen with the login token', async () => {
    stubFetch({
      ...common,
      'GET /api/auth/me': { body: opd },
      'GET /api/exports?': { body: { items: [], nextCursor: null } },
      'GET /api/themes/covid-harian/aggregates.csv': { body: 'kode_provinsi,nilai', headers: { 'content-type': 'text/csv' } },
    });
    const headers = recordHeaders();
    const saved = captureSaves();
    renderSignedIn(opd, <DownloadsPanel {...panelProps} level="kelurahan" measure="konfirmasi" />);
    await screen.findByText('Belum ada ekspor.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Unduh CSV' }));
    await screen.findByRole('button', { name: 'Unduh CSV' });
    const path = '/api/themes/covid-harian/aggregates.csv?measure=konfirmasi&level=kelurahan&region=18.72&period=day&from=2026-11-20&to=2026-11-20';
    expect(headers.get(path)).toEqual({ Authorization: 'Bearer token-opd' });
    expect(saved.map((file) => file.name)).toEqual(['covid-harian-agregat-2026-11-20.csv']);
    expect(await readText(saved[0].blob)).toContain('kode_provinsi,nilai');
  });

  it('asks for every period of a theme without periods, and names none', async () => {
    const calls = stubFetch({
      ...common,
      'GET /api/auth/me': { body: opd },
      'GET /api/exports?': { body: { items: [], nextCursor: null } },
      'GET /api/themes/kwt/aggregates.xlsx': { body: 'xlsx' },
    });
    captureSaves();
    renderSignedIn(opd, <DownloadsPanel slug="kwt" period="none" periodKey="all" regionCode="18.72" level="kelurahan" measure={null} />);
    await screen.findByText('Agregat untuk Kota Metro, dalam format Satu Data.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Unduh XLSX' }));
    await screen.findByRole('button', { name: 'Unduh XLSX' });
    expect(calls.map((call) => call.url)).toContain('/api/themes/kwt/aggregates.xlsx?level=kelurahan&region=18.72&period=none');
  });

  it('starts a full export, shows its progress until it is done, then downloads it and lists it', async () => {
    const view = { id: 'e1', theme: 'covid-harian', kind: 'aggregates', format: 'xlsx', query: { level: 'kelurahan', period: 'day', region: '18.72' }, rows: 0, createdAt: '2026-11-28T02:00:00.000Z', finishedAt: null, expiresAt: null };
    const states = [
      { ...view, status: 'running', progress: 0.4, rows: 1200 },
      { ...view, status: 'done', progress: 1, rows: 3000, expiresAt: '2026-11-29T02:00:00.000Z' },
    ];
    let polls = 0;
    let started = false;
    const calls = stubFetch({
      ...common,
      'GET /api/auth/me': { body: opd },
      'POST /api/exports': () => {
        started = true;
        return { status: 202, body: { ...view, status: 'queued', progress: 0 } };
      },
      'GET /api/exports/e1/file': { body: 'xlsx bytes' },
      'GET /api/exports/e1': () => ({ body: states[Math.min(polls++, states.length - 1)] }),
      'GET /api/exports?': () => ({ body: { items: started && polls > 1 ? [states[1]] : [], nextCursor: null } }),
    });
    const saved = captureSaves();
    const user = userEvent.setup();
    renderSignedIn(opd, <DownloadsPanel {...panelProps} level="kelurahan" />);
    await screen.findByText('Belum ada ekspor.');
    expect(screen.queryByLabelText('Isi')).not.toBeInTheDocument(); // an OPD exports aggregates only
    await user.selectOptions(screen.getByLabelText('Format'), 'xlsx');
    await user.click(screen.getByRole('button', { name: 'Mulai ekspor' }));

    const bar = await screen.findByRole('progressbar', { name: 'Kemajuan ekspor' });
    expect(bar).toHaveAttribute('value', '40');
    expect(screen.getByText('40% · 1200 baris')).toBeInTheDocument();
    await screen.findByText('Siap diunduh', undefined, { timeout: 5000 });
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')?.body).toBe(
      JSON.stringify({ theme: 'covid-harian', kind: 'aggregates', format: 'xlsx', query: { level: 'kelurahan', period: 'day', region: '18.72' } }),
    );

    const list = await screen.findByRole('list', { name: 'Ekspor saya' });
    const item = await within(list).findByText('Agregat · XLSX · Laporan Harian COVID-19');
    expect(item.parentElement).toHaveTextContent(/Tersedia sampai 29 Nov.? 2026.*09[.:]00 WIB/);
    await user.click(screen.getAllByRole('button', { name: 'Unduh covid-harian-agregat-2026-11-28.xlsx' })[0]);
    await screen.findAllByRole('button', { name: 'Unduh covid-harian-agregat-2026-11-28.xlsx' });
    expect(saved.map((file) => file.name)).toEqual(['covid-harian-agregat-2026-11-28.xlsx']);
  });

  it('offers an admin the export of submissions too', async () => {
    stubFetch({ ...common, 'GET /api/auth/me': { body: admin }, 'GET /api/exports?': { body: { items: [], nextCursor: null } } });
    renderSignedIn(admin, <DownloadsPanel {...panelProps} />);
    const kind = await screen.findByLabelText('Isi');
    expect(within(kind).getAllByRole('option').map((option) => option.textContent)).toEqual(['Agregat (semua ukuran, semua periode)', 'Kiriman (setiap isian)']);
  });
});
