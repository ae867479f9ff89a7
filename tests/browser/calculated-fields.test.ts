/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REJOMULYO } from '../support/regions';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { eventually, logIn, PHONE } from './support/session';

/**
 * A cadre measures a child on a 360 px phone with no connection: the form computes the age, the
 * WHO z-score and the Permenkes category as they type (the same code the server runs), shows them
 * read-only, and what the server stores once back online is that category.
 */
jest.setTimeout(180_000);

describe('calculated fields in the cadre\'s form, offline', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let username: string;
  let auth: string;

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

  const storedCategories = async (): Promise<string[]> => {
    const answer = await app.http().get('/api/themes/stunting/submissions?limit=1000').set('Authorization', auth);
    return (answer.body as { items: { data: Record<string, unknown> }[] }).items.map((item) => String(item.data.kategori_tbu));
  };

  async function openStunting(page: Page): Promise<void> {
    await page.getByRole('article', { name: 'Pengukuran Balita dan Stunting' }).getByRole('link').first().click();
    await page.locator('#root_nama_anak').waitFor();
  }

  it('shows the height-for-age category as the cadre types, with the network off, and the server stores the same', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Asia/Jakarta', serviceWorkers: 'allow' });
    const page = await context.newPage();
    await logIn(page, base, username, TEST_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tugas saya' }).waitFor();
    // The app shell and this theme's version are on the device before the connection goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await openStunting(page);
    await page.goBack();

    await context.setOffline(true);
    await openStunting(page);
    await page.locator('#root_nama_anak').fill('Aisyah Putri');
    await page.locator('#root_nama_orang_tua').fill('Rina Marlina');
    await page.getByRole('radio', { name: 'Perempuan' }).check();
    await page.locator('#root_tanggal_lahir').fill('2025-03-10');
    const measurement = page.getByRole('button', { name: /Pengukuran dan status gizi/ });
    if ((await measurement.getAttribute('aria-expanded')) !== 'true') await measurement.click();
    await page.locator('#root_tanggal_pengukuran').fill('2026-11-12');
    await page.getByRole('radio', { name: 'Terlentang (panjang badan)' }).check();
    await page.locator('#root_berat_badan_kg').fill('8.6');

    const category = page.getByLabel('Status gizi TB/U');
    expect(await category.getAttribute('readonly')).not.toBeNull();
    expect(await category.inputValue()).toBe('');
    await page.locator('#root_tinggi_badan_cm').pressSequentially('74.2');
    await eventually(() => category.inputValue(), 'Pendek');
    expect(await page.getByLabel('Umur (hari)').inputValue()).toBe('612');
    expect(await page.getByLabel('Z-skor TB/U').inputValue()).toBe('-2,85');
    await page.screenshot({ path: screenshotPath('360-stunting-terhitung'), fullPage: true });

    // A second look at the tape: the cadre corrects the length and the category follows.
    await page.locator('#root_tinggi_badan_cm').fill('');
    await page.locator('#root_tinggi_badan_cm').pressSequentially('76');
    await eventually(() => page.getByLabel('Z-skor TB/U').inputValue(), '-2,26');
    expect(await category.inputValue()).toBe('Pendek');
    await page.locator('#root_tinggi_badan_cm').fill('');
    await page.locator('#root_tinggi_badan_cm').pressSequentially('80');
    await eventually(() => category.inputValue(), 'Normal');

    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.waitForURL('**/kiriman');
    expect(await storedCategories()).toEqual([]);

    await context.setOffline(false);
    await eventually(async () => (await storedCategories()).join(','), 'normal', 30_000);
    await context.close();
  });
});
