import { screen, within } from '@testing-library/react';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import type { User } from '../../client/src/api/types';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch } from './helpers/harness';
import { MARGOREJO, METRO_PUSAT, METRO_SELATAN, REJOMULYO } from '../support/regions';

const kader: User = { id: 'kader-7', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };

const covid = {
  slug: 'covid-harian',
  title: 'Laporan Harian COVID-19',
  version: 3,
  unit: 'report',
  regionLevel: 'kelurahan',
  period: 'day',
  schema: { type: 'object', properties: { suspek: { type: 'integer', title: 'Kasus suspek baru', minimum: 0 } } },
};

const notFound = { status: 404, body: { status: 404, code: 'THEME_NOT_FOUND', title: 'Theme not found', detail: 'Tematik covid-harian v9 tidak ditemukan' } };

const routes = {
  'GET /api/auth/me': { body: kader },
  [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
  [`GET /api/regions/${MARGOREJO}`]: { body: { code: MARGOREJO, name: 'Margorejo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
  [`GET /api/regions/${METRO_PUSAT}`]: { body: { code: METRO_PUSAT, name: 'Metro Pusat', level: 'kecamatan', parentCode: '18.72', path: [] } },
  'GET /api/themes?': { body: { items: [{ slug: 'covid-harian', title: covid.title, unit: 'report', period: 'day', regionLevel: 'kelurahan', latestVersion: 3 }], nextCursor: null } },
  'GET /api/themes/covid-harian/versions/3': { body: covid },
  'GET /api/themes/covid-harian/versions/9': notFound,
  'GET /api/themes/covid-harian/submissions': { body: { items: [], nextCursor: null } },
};

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-1', user: kader });
  stubFetch(routes);
});

/** What a cadre reads instead of a form, and the way back it offers. */
async function refusal(): Promise<HTMLElement> {
  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('link', { name: 'Kembali ke Tugas saya' })).toHaveAttribute('href', '/tugas');
  expect(screen.queryByText('Memuat…')).toBeNull();
  expect(screen.queryByRole('spinbutton')).toBeNull();
  return alert;
}

describe('a link the form page cannot open', () => {
  it('says a form that does not exist is missing, instead of loading for ever', async () => {
    renderApp('/tugas/tidak-ada', newOutbox());
    expect(await refusal()).toHaveTextContent('Tematik ini tidak ditemukan atau belum diterbitkan.');
  });

  it('says a version that does not exist is missing, and offers the latest instead of opening it silently', async () => {
    renderApp(`/tugas/covid-harian?wilayah=${REJOMULYO}&versi=9`, newOutbox());
    const alert = await refusal();
    expect(alert).toHaveTextContent('Formulir Laporan Harian COVID-19 tidak punya versi 9.');
    expect(within(alert).getByRole('link', { name: 'Buka versi terbaru' })).toHaveAttribute('href', '/tugas/covid-harian');
  });

  it('says so at once for a version no form can have', async () => {
    renderApp('/tugas/covid-harian?versi=v2', newOutbox());
    expect(await refusal()).toHaveTextContent('tidak punya versi v2');
  });

  it('refuses a region outside the cadre’s area before anything is typed', async () => {
    renderApp(`/tugas/covid-harian?wilayah=${METRO_PUSAT}.1001`, newOutbox());
    expect(await refusal()).toHaveTextContent('di luar wilayah tugas Anda');
  });

  it('still opens the form for the cadre’s own region and an older version hint', async () => {
    renderApp(`/tugas/covid-harian?wilayah=${REJOMULYO}&versi=2`, newOutbox());
    expect(await screen.findByRole('spinbutton', { name: /Kasus suspek baru/ })).toBeInTheDocument();
  });
});
