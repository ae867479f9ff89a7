import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import * as drafts from '../../client/src/features/fill/drafts';
import { openWakuncarDb } from '../../client/src/features/offline/database';
import { Outbox, type NewOutboxItem, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { METRO_SELATAN, REJOMULYO } from '../support/regions';

const kader: User = { id: 'kader-1', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };
const rejomulyo = { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] };

let databaseNumber = 0;

/** A transport that cannot reach the server: items stay queued. */
const unreachable: OutboxTransport = {
  send: () => Promise.reject(new TypeError('offline')),
  upload: () => Promise.reject(new TypeError('offline')),
};

const queued = (overrides: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
  id: crypto.randomUUID(),
  userId: kader.id,
  theme: 'covid-harian',
  themeTitle: 'Kasus COVID-19 harian',
  version: 1,
  regionCode: kader.regionCode,
  regionName: 'Rejomulyo',
  period: '2026-11-28',
  data: { kasus_baru: 2 },
  ...overrides,
});

const baseRoutes: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)> = {
  'GET /api/auth/me': { body: kader },
  [`GET /api/regions/${REJOMULYO}`]: { body: rejomulyo },
  'GET /api/themes?': { body: { items: [], nextCursor: null } },
};

function newOutbox(transport: OutboxTransport = unreachable): Outbox {
  databaseNumber += 1;
  const name = `shell-test-${databaseNumber}`;
  return new Outbox(() => openWakuncarDb(name), transport, { lockName: name });
}

beforeEach(async () => {
  // Each test starts from an empty device: no reads kept from an earlier test.
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession(null);
});

afterEach(() => {
  jest.useRealTimers();
});

describe('login', () => {
  beforeEach(() => stubFetch({}));

  it('says plainly when the username or password is wrong', async () => {
    const user = userEvent.setup();
    stubFetch({ 'POST /api/auth/login': { status: 401, body: { status: 401, code: 'INVALID_CREDENTIALS', title: 'Unauthorized', detail: 'bad' } } });
    renderApp('/masuk', newOutbox());
    await user.type(screen.getByLabelText('Nama pengguna'), 'kader.rejomulyo');
    await user.type(screen.getByLabelText('Kata sandi'), 'salah');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nama pengguna atau kata sandi salah.');
  });

  it('tells how long to wait after too many attempts', async () => {
    const user = userEvent.setup();
    stubFetch({
      'POST /api/auth/login': { status: 429, headers: { 'retry-after': '120' }, body: { status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too many', detail: '' } },
    });
    renderApp('/masuk', newOutbox());
    await user.type(screen.getByLabelText('Nama pengguna'), 'kader.rejomulyo');
    await user.type(screen.getByLabelText('Kata sandi'), 'salah');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Coba lagi dalam 2 menit');
  });

  it('takes a cadre to "Tugas saya" and shows the cadre navigation', async () => {
    const user = userEvent.setup();
    stubFetch({ ...baseRoutes, 'POST /api/auth/login': { body: { accessToken: 'token-1', user: kader } } });
    const { location } = renderApp('/masuk', newOutbox());
    await user.type(screen.getByLabelText('Nama pengguna'), 'kader.rejomulyo');
    await user.type(screen.getByLabelText('Kata sandi'), 'rahasia');
    await user.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Tugas saya' })).toBeInTheDocument();
    expect(location.pathname).toBe('/tugas');
    const navigation = screen.getAllByRole('navigation', { name: 'Menu utama' })[0];
    expect(within(navigation).getAllByRole('link').map((link) => link.textContent?.trim())).toEqual(['Tugas saya', 'Kiriman saya']);
  });

  it('sends a visitor who is not logged in to the login page', async () => {
    const { location } = renderApp('/kiriman', newOutbox());
    expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
    expect(location.pathname).toBe('/masuk');
  });
});

describe('the shell', () => {
  beforeEach(() => {
    writeSession({ token: 'token-1', user: kader });
    stubFetch(baseRoutes);
  });

  it('switches the whole interface to English', async () => {
    const user = userEvent.setup();
    renderApp('/tugas', newOutbox());
    await user.click(await screen.findByRole('button', { name: 'EN' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My tasks' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });

  it('shows how many submissions wait on the device', async () => {
    const outbox = newOutbox();
    await outbox.enqueue(queued());
    await outbox.enqueue(queued());
    renderApp('/tugas', outbox);
    expect(await screen.findByTestId('outbox-count')).toHaveTextContent('2');
  });

  it('warns before logout about unsent submissions, offers to send them first, and never deletes them', async () => {
    const user = userEvent.setup();
    const outbox = newOutbox();
    await outbox.enqueue(queued());
    await outbox.enqueue(queued());
    const { location } = renderApp('/tugas', outbox);
    await screen.findByTestId('outbox-count');

    await user.click(screen.getByRole('button', { name: /Siti Aminah/ }));
    await user.click(screen.getByRole('button', { name: 'Keluar' }));
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('2 kiriman belum terkirim ke server.');
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await outbox.list(kader.id)).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /Siti Aminah/ }));
    await user.click(screen.getByRole('button', { name: 'Keluar' }));
    dialog = await screen.findByRole('dialog');
    // Sending first is the prominent action and has focus.
    expect(within(dialog).getByRole('button', { name: 'Kirim dulu' })).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Kirim dulu' })).toHaveClass('button--primary');
    expect(dialog).toHaveTextContent('tetap tersimpan di perangkat ini');
    await user.click(within(dialog).getByRole('button', { name: 'Keluar, simpan untuk nanti' }));
    await waitFor(() => expect(location.pathname).toBe('/masuk'));
    expect(await outbox.list(kader.id)).toHaveLength(2);
    expect(localStorage.getItem('wakuncar.session')).toBeNull();
  });

  it('shows the unsent warning and "Kirim dulu" at once, while the device is still counting drafts', async () => {
    const user = userEvent.setup();
    const outbox = newOutbox();
    await outbox.enqueue(queued());
    // A busy phone's database that has not answered yet.
    const counting = jest.spyOn(drafts, 'listDrafts').mockReturnValue(new Promise(() => undefined));
    try {
      renderApp('/tugas', outbox);
      await screen.findByTestId('outbox-count');
      await user.click(screen.getByRole('button', { name: /Siti Aminah/ }));
      await user.click(screen.getByRole('button', { name: 'Keluar' }));
      const dialog = await screen.findByRole('dialog');
      expect(dialog).toHaveTextContent('1 kiriman belum terkirim ke server.');
      expect(within(dialog).getByRole('button', { name: 'Kirim dulu' })).toHaveFocus();
      expect(dialog).not.toHaveTextContent('Memuat');
    } finally {
      counting.mockRestore();
    }
  });
});

describe('Kiriman saya', () => {
  beforeEach(() => writeSession({ token: 'token-1', user: kader }));

  it('keeps a refused submission with the server’s reason and a way to fix it', async () => {
    const user = userEvent.setup();
    stubFetch(baseRoutes);
    const refusing: OutboxTransport = {
      upload: () => Promise.reject(new TypeError('unused')),
      send: async () => {
        const { ApiError } = await import('../../client/src/api/http');
        throw new ApiError({
          status: 422,
          code: 'VALIDATION_FAILED',
          title: 'Validation failed',
          detail: 'Data tidak valid',
          errors: [{ path: '/kasus_baru', keyword: 'minimum', message: 'Kasus baru paling sedikit 0' }],
        });
      },
    };
    const outbox = newOutbox(refusing);
    const item = await outbox.enqueue(queued({ data: { kasus_baru: -1 } }));
    renderApp('/kiriman', outbox);

    expect(await screen.findByText('Isian tidak lolos pemeriksaan server')).toBeInTheDocument();
    // The server's refusal reads differently from a reviewer's ("Ditolak peninjau").
    expect(screen.getByText('Ditolak server — perbaiki dan kirim ulang')).toBeInTheDocument();
    // The server's message names the field itself.
    expect(await screen.findByText((_, element) => element?.tagName === 'LI' && element.textContent === 'Kasus baru paling sedikit 0')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Perbaiki' })).toHaveAttribute('href', `/tugas/covid-harian?antrean=${item.id}`);

    await user.click(screen.getByRole('button', { name: 'Hapus dari perangkat' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(await outbox.list(kader.id)).toHaveLength(1);
  });
});

describe('Tugas saya', () => {
  beforeEach(() => writeSession({ token: 'token-1', user: kader }));

  it('marks each theme of the period belum, sudah or terlambat', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-28T05:00:00Z'), advanceTimers: true });
    const theme = (slug: string, title: string, period: string, dueAfter: string) => ({
      summary: { slug, title, unit: 'report', period, regionLevel: 'kelurahan', latestVersion: 1 },
      version: { slug, title, version: 1, unit: 'report', period, regionLevel: 'kelurahan', dueAfter, schema: { type: 'object', properties: {} } },
    });
    const late = theme('covid-harian', 'COVID-19 harian', 'day', 'PT10H');
    const pending = theme('posyandu', 'Posyandu harian', 'day', 'P1DT10H');
    const done = theme('umkm', 'UMKM bulanan', 'month', 'P1M');
    stubFetch({
      ...baseRoutes,
      'GET /api/themes?': { body: { items: [done.summary, late.summary, pending.summary], nextCursor: null } },
      'GET /api/themes/covid-harian/versions/1': { body: late.version },
      'GET /api/themes/posyandu/versions/1': { body: pending.version },
      'GET /api/themes/umkm/versions/1': { body: done.version },
      'GET /api/themes/covid-harian/submissions': { body: { items: [], nextCursor: null } },
      'GET /api/themes/posyandu/submissions': { body: { items: [], nextCursor: null } },
      'GET /api/themes/umkm/submissions': {
        body: {
          items: [{ id: 's1', theme: 'umkm', version: 1, regionCode: kader.regionCode, periodKey: '2026-11', status: 'submitted', createdAt: '2026-11-20T03:00:00Z' }],
          nextCursor: null,
        },
      },
    });
    renderApp('/tugas', newOutbox());
    const expectations: Array<[string, string, string]> = [
      ['COVID-19 harian', 'Terlambat', 'Isi sekarang'],
      ['Posyandu harian', 'Belum', 'Isi sekarang'],
      ['UMKM bulanan', 'Sudah', 'Kirim revisi'],
    ];
    for (const [title, state, action] of expectations) {
      const card = await screen.findByRole('article', { name: title });
      await waitFor(() => expect(within(card).getByText(state)).toBeInTheDocument());
      expect(within(card).getByRole('link', { name: action })).toBeInTheDocument();
    }
    expect(within(screen.getByRole('article', { name: 'Posyandu harian' })).getByRole('link', { name: 'Isi sekarang' })).toHaveAttribute(
      'href',
      `/tugas/posyandu?wilayah=${REJOMULYO}&versi=1&periode=2026-11-28`,
    );
    const titles = screen.getAllByRole('article').map((article) => within(article).getByRole('heading').textContent);
    expect(titles).toEqual(['COVID-19 harian', 'Posyandu harian', 'UMKM bulanan']);
  });
});
