import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { queryKeys } from '../../client/src/api/queries';
import { createQueryClient } from '../../client/src/app/query-client';
import { prefetchOpenedForm } from '../../client/src/features/fill/open-by-link/prefetch';
import { startEarlyReads } from '../../client/src/features/fill/open-by-link/early-reads';
import { fetchThemeVersion } from '../../client/src/api/endpoints';
import type { JsonObject, User } from '../../client/src/api/types';
import { initI18n } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { clearDrafts, draftKey, saveDraft } from '../../client/src/features/fill/drafts';
import { database, openWakuncarDb, type OutboxItem } from '../../client/src/features/offline/database';
import { Outbox, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { NetworkError } from '../../client/src/api/http';
import { renderApp, stubFetch } from './helpers/harness';
import { METRO_SELATAN, REJOMULYO } from '../support/regions';

const kader: User = { id: 'kader-9', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };

const covid = {
  slug: 'covid-harian',
  title: 'Laporan Harian COVID-19',
  version: 3,
  unit: 'report',
  regionLevel: 'kelurahan',
  period: 'day',
  dueAfter: 'P1DT10H',
  schema: {
    type: 'object',
    required: ['suspek', 'sembuh'],
    properties: { suspek: { type: 'integer', title: 'Kasus suspek baru', minimum: 0 }, sembuh: { type: 'integer', title: 'Sembuh', minimum: 0 } },
  },
  uiSchema: { suspek: { 'ui:widget': 'updown' } },
};

const routes = {
  'GET /api/auth/me': { body: kader },
  [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
  'GET /api/themes?': { body: { items: [{ slug: 'covid-harian', title: covid.title, unit: 'report', period: 'day', regionLevel: 'kelurahan', latestVersion: 3 }], nextCursor: null } },
  'GET /api/themes/covid-harian/versions/3': { body: covid },
  'GET /api/themes/covid-harian/submissions': { body: { items: [], nextCursor: null } },
};

let databaseNumber = 0;
const sent: OutboxItem[] = [];
let online = true;
const transport: OutboxTransport = {
  send: async (item) => {
    if (!online) throw new NetworkError(new TypeError('offline'));
    sent.push(item);
    return { id: item.id };
  },
  upload: () => Promise.reject(new TypeError('unused')),
};

function newOutbox(): Outbox {
  databaseNumber += 1;
  const name = `fill-test-${databaseNumber}`;
  return new Outbox(() => openWakuncarDb(name), transport, { lockName: name });
}

beforeEach(async () => {
  await clearOfflineCache();
  await clearDrafts(kader.id);
  initI18n('id');
  localStorage.clear();
  writeSession({ token: 'token-9', user: kader });
  stubFetch(routes);
  sent.length = 0;
  online = true;
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

const fill = async (user: ReturnType<typeof userEvent.setup>, values: JsonObject): Promise<void> => {
  for (const [label, value] of Object.entries(values)) {
    const input = await screen.findByLabelText(new RegExp(label));
    await user.clear(input);
    await user.type(input, String(value));
  }
};

describe('filling a theme', () => {
  it('submits the answers under a new UUID for the cadre’s region and the period in the link', async () => {
    const user = userEvent.setup();
    const { location } = renderApp('/tugas/covid-harian?periode=2026-11-28', newOutbox());
    expect(await screen.findByRole('heading', { level: 1, name: 'Laporan Harian COVID-19' })).toBeInTheDocument();
    await fill(user, { 'Kasus suspek baru': 2, Sembuh: 1 });
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(location.pathname).toBe('/kiriman'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      theme: 'covid-harian',
      version: 3,
      regionCode: REJOMULYO,
      period: '2026-11-28',
      data: { suspek: 2, sembuh: 1 },
    });
    expect(sent[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await screen.findByText('1 kiriman terkirim.')).toBeInTheDocument();
  });

  it('keeps the answers as a draft on the device and offers them again', async () => {
    const user = userEvent.setup();
    const first = renderApp('/tugas/covid-harian?periode=2026-11-28', newOutbox());
    await fill(user, { 'Kasus suspek baru': 7 });
    await user.tab();
    expect(await screen.findByText(/Draf tersimpan di perangkat/, {}, { timeout: 3000 })).toBeInTheDocument();
    first.unmount();

    renderApp('/tugas/covid-harian?periode=2026-11-28', newOutbox());
    expect(await screen.findByText(/Melanjutkan draf yang tersimpan/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Kasus suspek baru/)).toHaveValue(7);
    await user.click(screen.getByRole('button', { name: 'Buang draf' }));
    await waitFor(() => expect(screen.getByLabelText(/Kasus suspek baru/)).toHaveValue(null));
    expect(screen.queryByText(/Melanjutkan draf/)).toBeNull();
  });

  it('queues the submission when there is no network and sends it when the connection returns', async () => {
    const user = userEvent.setup();
    online = false;
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const outbox = newOutbox();
    const { location } = renderApp('/tugas/covid-harian?periode=2026-11-28', outbox);
    await fill(user, { 'Kasus suspek baru': 0, Sembuh: 0 });
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    await waitFor(() => expect(location.pathname).toBe('/kiriman'));
    expect(await screen.findByText(/Tersimpan di perangkat/)).toBeInTheDocument();
    expect(await screen.findByTestId('outbox-count')).toHaveTextContent('1');
    expect(sent).toHaveLength(0);

    online = true;
    Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('outbox-count')).toBeNull());
    expect(await outbox.list(kader.id)).toEqual([]);
  });
});

describe('opening the app on a form', () => {
  it('asks for the theme list, the theme version and the regions at once', async () => {
    const calls = stubFetch(routes);
    const client = createQueryClient();
    prefetchOpenedForm(client, { pathname: '/tugas/covid-harian', search: `?periode=2026-11-28&wilayah=${REJOMULYO}` });
    await waitFor(() => expect(client.getQueryData(queryKeys.themeVersion('covid-harian', 3))).toMatchObject({ slug: 'covid-harian', version: 3 }));
    expect(client.getQueryData(queryKeys.region(REJOMULYO))).toMatchObject({ name: 'Rejomulyo' });
    // The version's precompiled validator is asked for beside the version itself.
    expect(calls.map((call) => call.url.split('?')[0])).toEqual([
      `/api/regions/${REJOMULYO}`,
      '/api/themes',
      '/api/themes/covid-harian/versions/3',
      '/api/themes/covid-harian/versions/3/validator.js',
    ]);
  });

  it('takes the answers of the reads index.html sent before the app loaded, asking the server once for each', async () => {
    const calls = stubFetch(routes);
    const link = { pathname: '/tugas/covid-harian', search: `?periode=2026-11-28&wilayah=${REJOMULYO}` };
    startEarlyReads(link);
    // The early module asks for the version as soon as the theme list has answered.
    await waitFor(() => expect(calls.map((call) => call.url)).toContain('/api/themes/covid-harian/versions/3/validator.js'));
    const client = createQueryClient();
    await prefetchOpenedForm(client, link);
    expect(client.getQueryData(queryKeys.themeVersion('covid-harian', 3))).toMatchObject({ slug: 'covid-harian', version: 3 });
    expect(client.getQueryData(queryKeys.region(REJOMULYO))).toMatchObject({ name: 'Rejomulyo' });
    const paths = calls.map((call) => call.url.split('?')[0]);
    expect(paths.sort()).toEqual(
      [`/api/regions/${REJOMULYO}`, '/api/themes', '/api/themes/covid-harian/versions/3', '/api/themes/covid-harian/versions/3/validator.js'].sort(),
    );
    // An early answer is handed out once: a later read asks the server again.
    await fetchThemeVersion('covid-harian', 3);
    expect(calls.filter((call) => call.url === '/api/themes/covid-harian/versions/3')).toHaveLength(2);
  });

  /** The routes with the theme list held back until `answer` is called. */
  const withThemesHeldBack = (): { routes: Parameters<typeof stubFetch>[0]; answer: () => void } => {
    let answer = (): void => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    return { routes: { ...routes, 'GET /api/themes?': async () => answered.then(() => routes['GET /api/themes?']) }, answer };
  };
  const versionReads = (calls: Array<{ url: string }>): string[] => calls.map((call) => call.url).filter((url) => url.includes('/versions/'));

  it('asks for the version a Tugas saya link names beside the theme list, not after it', async () => {
    const held = withThemesHeldBack();
    const calls = stubFetch(held.routes);
    const client = createQueryClient();
    const reads = prefetchOpenedForm(client, { pathname: '/tugas/covid-harian', search: `?wilayah=${REJOMULYO}&versi=3&periode=2026-11-28` });
    await waitFor(() =>
      expect(versionReads(calls).sort()).toEqual(['/api/themes/covid-harian/versions/3', '/api/themes/covid-harian/versions/3/validator.js']),
    );
    held.answer();
    await reads;
    expect(client.getQueryData(queryKeys.themeVersion('covid-harian', 3))).toMatchObject({ version: 3 });
    // The list names version 3 as the latest: nothing is asked twice.
    expect(versionReads(calls)).toHaveLength(2);
  });

  it('still opens the latest version when the link names an older one', async () => {
    const calls = stubFetch({ ...routes, 'GET /api/themes/covid-harian/versions/2': { body: { ...covid, version: 2 } } });
    const client = createQueryClient();
    await prefetchOpenedForm(client, { pathname: '/tugas/covid-harian', search: `?wilayah=${REJOMULYO}&versi=2&periode=2026-11-28` });
    expect(versionReads(calls)).toEqual(expect.arrayContaining(['/api/themes/covid-harian/versions/2', '/api/themes/covid-harian/versions/3']));
    expect(client.getQueryData(queryKeys.themeVersion('covid-harian', 3))).toMatchObject({ version: 3 });
    const { location } = renderApp(`/tugas/covid-harian?wilayah=${REJOMULYO}&versi=2&periode=2026-11-28`, newOutbox(), client);
    expect(await screen.findByLabelText(/Kasus suspek baru/)).toBeInTheDocument();
    expect(screen.getByText('Versi formulir').nextElementSibling).toHaveTextContent('3');
    expect(location.pathname).toBe('/tugas/covid-harian');
  });

  it('sends the early reads of the version a link names before the theme list answers', async () => {
    const held = withThemesHeldBack();
    const calls = stubFetch(held.routes);
    startEarlyReads({ pathname: '/tugas/covid-harian', search: `?wilayah=${REJOMULYO}&versi=3` });
    await waitFor(() =>
      expect(versionReads(calls).sort()).toEqual(['/api/themes/covid-harian/versions/3', '/api/themes/covid-harian/versions/3/validator.js']),
    );
    held.answer();
    const client = createQueryClient();
    await prefetchOpenedForm(client, { pathname: '/tugas/covid-harian', search: `?wilayah=${REJOMULYO}&versi=3` });
    expect(versionReads(calls)).toHaveLength(2);
  });

  it('shows the draft kept on the device, and after more typing the newer one, not the copy read at start-up', async () => {
    stubFetch(routes);
    const user = userEvent.setup();
    const key = draftKey({ userId: kader.id, theme: 'covid-harian', regionCode: REJOMULYO, period: '2026-11-28', mode: 'new' });
    await saveDraft({ key, userId: kader.id, theme: 'covid-harian', version: 3, regionCode: REJOMULYO, period: '2026-11-28', data: { suspek: 7 }, savedAt: '2026-11-28T02:00:00.000Z' });
    const link = { pathname: '/tugas/covid-harian', search: `?periode=2026-11-28&wilayah=${REJOMULYO}` };
    const client = createQueryClient();
    await prefetchOpenedForm(client, link);

    const first = renderApp(`${link.pathname}${link.search}`, newOutbox(), client);
    expect(await screen.findByText(/Melanjutkan draf yang tersimpan/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Kasus suspek baru/)).toHaveValue(7);
    await fill(user, { 'Kasus suspek baru': 9 });
    await user.tab();
    expect(await screen.findByText(/Draf tersimpan di perangkat/, {}, { timeout: 3000 })).toBeInTheDocument();
    first.unmount();

    renderApp(`${link.pathname}${link.search}`, newOutbox(), client);
    expect(await screen.findByText(/Melanjutkan draf yang tersimpan/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Kasus suspek baru/)).toHaveValue(9);
  });

  it('opened again, draws from the theme list and region kept on the device without waiting, and keeps its version when the list refreshes', async () => {
    const link = { pathname: '/tugas/covid-harian', search: `?periode=2026-11-28&wilayah=${REJOMULYO}` };
    stubFetch(routes);
    await prefetchOpenedForm(createQueryClient(), link);
    const db = await database();
    await waitFor(async () => expect(await db.get('cache', `${kader.id}:themes`)).toBeDefined());
    await waitFor(async () => expect(await db.get('cache', `regions:one:${REJOMULYO}`)).toBeDefined());

    // A slow link: the list (now naming version 4) and the region answer only when let through.
    let letThrough = (): void => undefined;
    const through = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    const newerList = { body: { items: [{ slug: 'covid-harian', title: covid.title, unit: 'report', period: 'day', regionLevel: 'kelurahan', latestVersion: 4 }], nextCursor: null } };
    stubFetch({
      ...routes,
      'GET /api/themes?': async () => through.then(() => newerList),
      [`GET /api/regions/${REJOMULYO}`]: async () => through.then(() => routes[`GET /api/regions/${REJOMULYO}`]),
      'GET /api/themes/covid-harian/versions/4': { body: { ...covid, version: 4 } },
    });
    const client = createQueryClient();
    await prefetchOpenedForm(client, link);
    const user = userEvent.setup();
    renderApp(`${link.pathname}${link.search}`, newOutbox(), client);
    await fill(user, { 'Kasus suspek baru': 5 });
    expect(screen.getByText('Versi formulir').nextElementSibling).toHaveTextContent('3');

    letThrough();
    await waitFor(() => expect(client.getQueryData<Array<{ latestVersion: number }>>(queryKeys.themes)?.[0].latestVersion).toBe(4));
    // The form the cadre is typing in stays as it was drawn; the next one opened takes version 4.
    expect(screen.getByText('Versi formulir').nextElementSibling).toHaveTextContent('3');
    expect(screen.getByLabelText(/Kasus suspek baru/)).toHaveValue(5);
  });

  it('asks nothing on other screens or without a session', () => {
    const calls = stubFetch(routes);
    prefetchOpenedForm(createQueryClient(), { pathname: '/tugas', search: '' });
    writeSession(null);
    prefetchOpenedForm(createQueryClient(), { pathname: '/tugas/covid-harian', search: '' });
    expect(calls).toEqual([]);
  });
});
