import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Submission, User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { METRO_SELATAN, REJOMULYO, REJOMULYO_RW_02, REJOMULYO_RW_02_RT_01 } from '../support/regions';

const kader: User = { id: 'kader-1', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };

const themes = [
  { slug: 'umkm', title: 'Usaha Mikro, Kecil dan Menengah (UMKM)', unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 1 },
  { slug: 'covid-harian', title: 'Kasus COVID-19 harian', unit: 'report', period: 'day', regionLevel: 'rt', latestVersion: 1 },
];

const stored = (overrides: Partial<Submission>): Submission => ({
  id: crypto.randomUUID(),
  theme: 'umkm',
  version: 1,
  regionCode: REJOMULYO,
  periodKey: 'all',
  status: 'submitted',
  createdAt: '2026-11-28T02:00:00.000Z',
  current: true,
  summary: null,
  ...overrides,
});

const warung = stored({ summary: 'Warung Bu Sri · Sri Wahyuni', status: 'rejected', reviewComment: 'Foto usaha kurang jelas' });
const keripik = stored({ summary: 'Keripik Pisang Maju · Budi Santoso' });
const covid = stored({ theme: 'covid-harian', regionCode: REJOMULYO_RW_02_RT_01, periodKey: '2026-11-28' });
const older = stored({ summary: 'Jahit Rapi · Ani', createdAt: '2026-11-01T02:00:00.000Z' });

/** The server's list across themes: the first page, and the next one behind cursor `p2`. */
function serverList(call: FetchCall): FakeAnswer {
  const query = new URL(call.url, 'http://app').searchParams;
  const all = [warung, keripik, covid, older].filter(
    (item) => (!query.get('status') || item.status === query.get('status')) && (!query.get('theme') || item.theme === query.get('theme')),
  );
  if (query.get('cursor') === 'p2') return { body: { items: all.slice(3), nextCursor: null } };
  return { body: { items: all.slice(0, 3), nextCursor: all.length > 3 ? 'p2' : null } };
}

const routes = {
  'GET /api/auth/me': { body: kader },
  [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
  [`GET /api/regions/${REJOMULYO_RW_02_RT_01}`]: {
    body: {
      code: REJOMULYO_RW_02_RT_01,
      name: 'RT 01',
      level: 'rt',
      parentCode: REJOMULYO_RW_02,
      path: [
        { code: METRO_SELATAN, name: 'Metro Selatan', level: 'kecamatan', parentCode: '18.72' },
        { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN },
        { code: REJOMULYO_RW_02, name: 'RW 02', level: 'rw', parentCode: REJOMULYO },
      ],
    },
  },
  'GET /api/themes?': { body: { items: themes, nextCursor: null } },
  'GET /api/submissions?': serverList,
};

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-1', user: kader });
});

const cards = (): HTMLElement[] => screen.getAllByRole('listitem').filter((item) => item.classList.contains('submission'));

describe('Kiriman saya', () => {
  it('asks the server once for every theme, and tells records apart by their summary and period', async () => {
    const calls = stubFetch(routes);
    renderApp('/kiriman', newOutbox());
    expect(await screen.findByRole('link', { name: 'Warung Bu Sri · Sri Wahyuni' })).toBeInTheDocument();
    const lists = calls.filter((call) => call.url.includes('/submissions'));
    expect(lists.map((call) => call.url)).toEqual(['/api/submissions?mine=true&limit=20']);

    const [first, second, third] = cards();
    expect(first).toHaveTextContent('Usaha Mikro, Kecil dan Menengah (UMKM)');
    expect(first).toHaveTextContent('Rejomulyo · Tanpa periode');
    expect(within(first).getByText('Ditolak peninjau')).toBeInTheDocument();
    expect(first).toHaveTextContent('Foto usaha kurang jelas');
    expect(within(second).getByRole('link', { name: 'Keripik Pisang Maju · Budi Santoso' })).toBeInTheDocument();
    // A report without a summary is named by its theme, its period in words.
    expect(within(third).getByRole('link', { name: 'Kasus COVID-19 harian' })).toBeInTheDocument();
    expect(third).toHaveTextContent('28 November 2026');
    // "RT 01" is in every RW: a report per RT is named with its kelurahan and RW.
    await waitFor(() => expect(third).toHaveTextContent('Rejomulyo · RW 02 · RT 01 · 28 November 2026'));
    expect(document.body.textContent).not.toMatch(/\ball\b/);
  });

  it('filters by status and by theme on the server, and loads more on request', async () => {
    const user = userEvent.setup();
    const calls = stubFetch(routes);
    renderApp('/kiriman', newOutbox());
    await screen.findByRole('link', { name: 'Warung Bu Sri · Sri Wahyuni' });

    await user.click(screen.getByRole('button', { name: 'Muat lagi' }));
    expect(await screen.findByRole('link', { name: 'Jahit Rapi · Ani' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Muat lagi' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Ditolak peninjau' }));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]).toHaveTextContent('Warung Bu Sri');

    await user.click(screen.getByRole('button', { name: 'Semua' }));
    await user.selectOptions(screen.getByLabelText('Tematik'), 'covid-harian');
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards()[0]).toHaveTextContent('Kasus COVID-19 harian');
    expect(calls.map((call) => call.url).filter((url) => url.startsWith('/api/submissions'))).toEqual([
      '/api/submissions?mine=true&limit=20',
      '/api/submissions?mine=true&cursor=p2&limit=20',
      '/api/submissions?mine=true&status=rejected&limit=20',
      '/api/submissions?mine=true&theme=covid-harian&limit=20',
    ]);
  });

  it('still lists what the server said last time when the phone is offline', async () => {
    stubFetch(routes);
    const first = renderApp('/kiriman', newOutbox());
    await screen.findByRole('link', { name: 'Warung Bu Sri · Sri Wahyuni' });
    first.unmount();

    stubFetch({ ...routes, 'GET /api/submissions?': () => Promise.reject(new TypeError('Failed to fetch')) as never });
    renderApp('/kiriman', newOutbox());
    expect(await screen.findByRole('link', { name: 'Warung Bu Sri · Sri Wahyuni' })).toBeInTheDocument();
  });

  it('has every word in English too', async () => {
    // Imported here: a feature's texts are added to i18next once it is initialised, as in the app.
    const { submissionsTexts } = await import('../../client/src/features/submissions/texts');
    const keys = (texts: object, prefix = ''): string[] =>
      Object.entries(texts).flatMap(([key, value]) => (typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
    expect(keys(submissionsTexts.en).sort()).toEqual(keys(submissionsTexts.id).sort());
  });
});
