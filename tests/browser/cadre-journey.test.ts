/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ThemeDefinition } from '../../schemas/theme-definition';
import { KOTA_METRO, REJOMULYO } from '../support/regions';
import { createTestApp, publishTheme, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { CLIENT_DIST, launchChromium, pageRequests, screenshotPath } from './support/browser';
import { eventually, PHONE } from './support/session';

/**
 * A cadre on a 360 px phone: log in, see the Indonesian error for an invalid value, submit, then
 * submit three forms with no connection, reload, come back online — and the server has exactly three
 * more submissions. Screenshots of the main screens at 360 px and 1280 px land in tests/browser/screenshots.
 */
jest.setTimeout(180_000);

const LAPTOP = { width: 1280, height: 860 };

describe('the cadre journey in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let username: string;
  let auth: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    const kader = await app.as('kader', REJOMULYO);
    username = kader.user.username;
    auth = kader.auth;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const covidSubmissions = async (): Promise<number> => {
    const answer = await app.http().get('/api/themes/covid-harian/submissions?limit=1000').set('Authorization', auth);
    return (answer.body as { items: unknown[] }).items.length;
  };

  async function openAs(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'allow' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/masuk`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tugas saya' }).waitFor();
    return { context, page };
  }

  /** COVID-19 is reported per RT: the task lists Rejomulyo's RTs, and the cadre opens RT 01 of RW 01. */
  async function openCovid(page: Page): Promise<void> {
    const card = page.getByRole('article', { name: 'Laporan Harian COVID-19' });
    await card.locator('summary').click();
    await card.getByRole('listitem').filter({ hasText: 'RW 01 · RT 01' }).getByRole('link').click();
    await page.locator('#root_suspek').waitFor();
  }

  async function fillCovid(page: Page, values: Record<string, number>): Promise<void> {
    await openCovid(page);
    for (const [field, value] of Object.entries(values)) await page.locator(`#root_${field}`).fill(String(value));
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
  }

  /** Tugas saya's screenshots show every card's counts, not some still loading. */
  const everyCardLoaded = (page: Page): Promise<unknown> => page.waitForFunction(() => !document.body.innerText.includes('Memuat…'));

  const valid = (suspek: number): Record<string, number> => ({ suspek, konfirmasi_baru: 1, sembuh: 0, meninggal: 0, isolasi_mandiri: 2 });

  it('logs in, shows the Indonesian error for an invalid value, then submits', async () => {
    const { context, page } = await openAs(PHONE);
    await everyCardLoaded(page);
    await page.screenshot({ path: screenshotPath('360-tugas-saya'), fullPage: true });

    await fillCovid(page, { ...valid(1), suspek: -5 });
    await page.getByText('Kasus suspek baru paling sedikit 0').first().waitFor();
    await page.screenshot({ path: screenshotPath('360-isian-salah'), fullPage: true });

    const before = await covidSubmissions();
    await page.locator('#root_suspek').fill('4');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.waitForURL('**/kiriman');
    await eventually(covidSubmissions, before + 1, 15_000);
    // Looked at as the cadre sees it: the list drawn, not the "Memuat…" before it.
    await page.locator('.submission-list > li').first().waitFor();
    await page.screenshot({ path: screenshotPath('360-kiriman-saya'), fullPage: true });
    await context.close();
  });

  it('checks the form on the phone with the version\'s precompiled validator: no compiler, nothing sent while invalid', async () => {
    const { context, page } = await openAs(PHONE);
    const requested = pageRequests(page);
    const posted: string[] = [];
    const refusedByPolicy: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.endsWith('/submissions')) posted.push(path);
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
    });

    await fillCovid(page, { ...valid(1), meninggal: -2 });
    await page.getByRole('alert').getByText('Meninggal paling sedikit 0').waitFor();
    // Refused on the phone, with the server's Indonesian message: nothing was sent or queued.
    expect(new URL(page.url()).pathname).toBe('/tugas/covid-harian');
    expect(posted).toEqual([]);
    expect(requested).toContain('/api/themes/covid-harian/versions/1/validator.js');
    expect(requested.filter((path) => /\/assets\/ajv-validator-/.test(path))).toEqual([]);
    // A form of plain fields does not fetch the code of lists, the camera or GPS.
    expect(requested.filter((path) => /\/assets\/(rjsf-extras|PhotoWidget|GpsField)-/.test(path))).toEqual([]);
    // Nor the table of formats it does not use: the validator's runtime holds dates and Wakuncar's own.
    expect(requested.filter((path) => /\/assets\/formats-/.test(path))).toEqual([]);
    expect(refusedByPolicy).toEqual([]);
    await context.close();
  });

  it('fetches the camera and GPS of a form that has them and draws them with the form', async () => {
    const { context, page } = await openAs(PHONE);
    const requested = pageRequests(page);
    await page.getByRole('article', { name: /Kelompok Wanita Tani/ }).getByRole('link').click();
    // Drawn in the same pass as the form's first field: nothing pops in afterwards.
    await page.locator('#root_nama_kelompok').waitFor();
    expect(await page.getByRole('button', { name: 'Ambil lokasi' }).isVisible()).toBe(true);
    // The camera button is named by the field's label; its text says what it does.
    expect(await page.locator('#root_foto').textContent()).toBe('Ambil foto');
    expect(requested.some((path) => /\/assets\/PhotoWidget-/.test(path))).toBe(true);
    expect(requested.some((path) => /\/assets\/GpsField-/.test(path))).toBe(true);
    await page.screenshot({ path: screenshotPath('360-isian-foto-lokasi'), fullPage: true });
    await context.close();
  });

  it('keeps three forms made offline through a reload and sends exactly those three when back online', async () => {
    const { context, page } = await openAs(PHONE);
    // The app shell and this theme's version must be on the device before the connection goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await openCovid(page);
    await page.goBack();
    const before = await covidSubmissions();

    await context.setOffline(true);
    for (let index = 0; index < 3; index += 1) {
      await page.getByRole('navigation', { name: 'Menu utama' }).last().getByRole('link', { name: 'Tugas saya' }).click();
      await fillCovid(page, valid(10 + index));
      await page.waitForURL('**/kiriman');
    }
    await eventually(() => page.getByTestId('outbox-count').textContent(), '3');
    await page.screenshot({ path: screenshotPath('360-antrean-offline'), fullPage: true });

    await page.reload();
    await eventually(() => page.getByTestId('outbox-count').textContent(), '3', 15_000);
    expect(await covidSubmissions()).toBe(before);

    await context.setOffline(false);
    await eventually(covidSubmissions, before + 3, 30_000);
    await page.getByTestId('outbox-count').waitFor({ state: 'detached', timeout: 15_000 });
    // Nothing more arrives afterwards: each queued submission was stored once.
    await page.waitForTimeout(2000);
    expect(await covidSubmissions()).toBe(before + 3);
    await context.close();
  });

  it('once the app is installed, runs the form\'s code ahead in a hidden page the server lets the app frame', async () => {
    const { context, page } = await openAs(PHONE);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const frameElement = await page.waitForSelector('iframe[src="/warm-up.html"]', { state: 'attached', timeout: 15_000 });
    expect(await frameElement.isVisible()).toBe(false);
    const frame = await frameElement.contentFrame();
    await frame?.waitForLoadState('load');
    // Served, not refused (a refused frame shows the browser's error page), and drawing nothing.
    expect(frame?.url()).toBe(`${base}/warm-up.html`);
    expect(await frame?.evaluate(() => document.body.childElementCount)).toBe(0);
    // The fill form's code ran there from the worker's cache.
    const scripts = await frame?.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => ({ name: new URL(entry.name).pathname, fromWorker: (entry as PerformanceResourceTiming).workerStart > 0 })),
    );
    expect(scripts?.some((script) => /^\/assets\/FillPage-.*\.js$/.test(script.name) && script.fromWorker)).toBe(true);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('shows a hostile theme title as text and raises no dialog', async () => {
    const admin = await app.as('admin', KOTA_METRO);
    const hostile = '<img src=x onerror=alert(1)>';
    const definition: ThemeDefinition = {
      slug: 'judul-berbahaya',
      title: hostile,
      description: hostile,
      unit: 'report',
      regionLevel: 'kelurahan',
      period: 'day',
      sensitivity: 'public',
      schema: { type: 'object', properties: { jumlah: { type: 'integer', title: hostile, minimum: 0 } } },
      aggregations: [],
    };
    await publishTheme(app, admin.auth, definition);

    const { context, page } = await openAs(LAPTOP);
    await page.getByRole('heading', { name: hostile }).waitFor();
    await everyCardLoaded(page);
    await page.screenshot({ path: screenshotPath('1280-tugas-saya'), fullPage: true });
    await page.getByRole('article', { name: hostile }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: hostile }).waitFor();
    await page.screenshot({ path: screenshotPath('1280-isi-formulir'), fullPage: true });
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('checks a web address on the phone too, fetching the full format table only for a form that has one', async () => {
    const admin = await app.as('admin', KOTA_METRO);
    await publishTheme(app, admin.auth, {
      slug: 'uji-tautan',
      title: 'Toko daring UMKM',
      unit: 'record',
      regionLevel: 'kelurahan',
      period: 'none',
      sensitivity: 'public',
      schema: {
        type: 'object',
        required: ['tautan'],
        properties: { tautan: { type: 'string', format: 'uri', title: 'Tautan toko daring' }, buka: { type: 'string', format: 'time', title: 'Jam buka toko' } },
      },
      aggregations: [],
    });
    const { context, page } = await openAs(PHONE);
    const requested = pageRequests(page);
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/submissions')) posted.push(request.url());
    });
    await page.getByRole('article', { name: 'Toko daring UMKM' }).getByRole('link').first().click();
    await page.locator('#root_tautan').fill('bukan tautan');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.getByRole('alert').getByText('Tautan toko daring harus alamat web yang benar').waitFor();
    // A time of day is typed as WIB and is not itself a problem.
    await page.locator('#root_buka').fill('08:30');
    await page.locator('#root_buka').blur();
    // What the phone's screen shows (a full-page shot would draw the sticky header and actions bar mid-page).
    await page.screenshot({ path: screenshotPath('360-isian-tautan-jam') });
    expect(await page.getByRole('alert').textContent()).not.toContain('Jam buka toko');
    // Refused on the phone by the version's precompiled validator, with the table fetched for it.
    expect(posted).toEqual([]);
    expect(requested).toContain('/api/themes/uji-tautan/versions/1/validator.js');
    expect(requested.filter((path) => /\/assets\/ajv-validator-/.test(path))).toEqual([]);
    expect(requested.filter((path) => /\/assets\/formats-/.test(path))).toHaveLength(1);
    await context.close();
  });
});
