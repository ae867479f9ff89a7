/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { REJOMULYO } from '../support/regions';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * What a cadre reads when the built-in UMKM form is wrong, on a 360 px phone: a missing business name
 * and a 15-digit NIK, each in one plain message under its field and in the summary; then the same
 * form and the same problems in English. Screenshots land in tests/browser/screenshots.
 */
jest.setTimeout(180_000);

const LAPTOP = { width: 1280, height: 860 };
const UMKM = 'Usaha Mikro, Kecil dan Menengah (UMKM)';

describe('the UMKM form\'s messages in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A cadre of their own each time: the language they switch to is stored on them and would follow them to the next login. */
  async function openUmkm(viewport: Viewport): Promise<{ context: BrowserContext; page: Page }> {
    const username = (await app.as('kader', REJOMULYO)).user.username;
    const { context, page } = await openLoggedIn(browser, base, username, TEST_PASSWORD, { viewport });
    await page.getByRole('article', { name: UMKM }).getByRole('link').click();
    await page.locator('#root_nama_usaha').waitFor();
    return { context, page };
  }

  /** Everything the form asks for, right, except the business name (left empty) and a NIK one digit short. */
  async function fillAllButTwo(page: Page): Promise<void> {
    await page.locator('#root_nama_pemilik').fill('Ani Rahmawati');
    await page.locator('#root_nik_pemilik').fill('187201450680123');
    await field(page, 'memiliki_nib').getByRole('radio').last().check();
    await page.locator('#root_kbli').fill('10794');
    await page.locator('#root_sektor').selectOption({ label: 'Kuliner' });
    await field(page, 'klasifikasi').getByRole('radio').first().check();
    await page.locator('#root_modal_usaha').fill('15000000');
    await page.locator('#root_omzet_tahunan').fill('96000000');
    await page.locator('#root_tenaga_kerja').fill('3');
  }

  const field = (page: Page, name: string): Locator => page.locator(`[data-field="${name}"]`);
  const inline = (page: Page, name: string): Promise<string[]> => field(page, name).locator('.field-errors li').allTextContents();
  const summaryItems = (page: Page): Promise<string[]> => page.locator('.error-summary li').allTextContents();

  /** Through the account menu, where a phone keeps the language switch. */
  async function switchToEnglish(page: Page): Promise<void> {
    await page.getByRole('button', { name: /^Akun / }).click();
    await page.locator('#account-panel').getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Micro, Small and Medium Enterprises (UMKM)' }).waitFor();
    await page.getByRole('button', { name: /^Account of / }).click();
  }

  it('shows one plain message per problem under the field and in the summary, then the same in English', async () => {
    const { context, page } = await openUmkm(PHONE);
    await fillAllButTwo(page);
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();

    const summary = page.getByRole('alert');
    await summary.getByText('Ada 2 isian yang perlu diperbaiki').waitFor();
    expect(await summaryItems(page)).toEqual(['Nama usaha wajib diisi', 'NIK pemilik harus 16 angka']);
    expect(await inline(page, 'nama_usaha')).toEqual(['Nama usaha wajib diisi']);
    expect(await inline(page, 'nik_pemilik')).toEqual(['NIK pemilik harus 16 angka']);
    // Nothing anywhere in the validator's own words.
    expect(await page.locator('main').textContent()).not.toMatch(/harus memiliki properti|harus cocok dengan pola|\^\[0-9\]|nik_pemilik|nama_usaha/);
    await summary.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('360-umkm-ringkasan-kesalahan'), fullPage: false });
    await page.screenshot({ path: screenshotPath('360-umkm-kesalahan'), fullPage: true });

    // The summary takes the cadre to the field.
    await summary.getByRole('button', { name: 'NIK pemilik harus 16 angka' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('root_nik_pemilik');

    await switchToEnglish(page);
    // The form is drawn in English, answers kept.
    await page.getByLabel(/Business name/).waitFor();
    expect(await page.getByLabel(/Owner's NIK/).inputValue()).toBe('187201450680123');
    expect(await field(page, 'sektor').locator('option:checked').textContent()).toBe('Culinary');
    expect(await field(page, 'nik_pemilik').locator('.field-help').textContent()).toBe('16 digits as on the ID card (KTP). Never visible to OPD.');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('alert').getByText('2 answers need fixing').waitFor();
    expect(await summaryItems(page)).toEqual(['Fill in Business name', "Owner's NIK must be 16 digits"]);
    expect(await inline(page, 'nama_usaha')).toEqual(['Fill in Business name']);
    expect(await inline(page, 'nik_pemilik')).toEqual(["Owner's NIK must be 16 digits"]);
    await page.screenshot({ path: screenshotPath('360-umkm-inggris'), fullPage: true });
    await context.close();
  });

  it('draws the English form on a laptop', async () => {
    const { context, page } = await openUmkm(LAPTOP);
    await switchToEnglish(page);
    await page.getByLabel(/Business name/).waitFor();
    expect(await field(page, 'klasifikasi').getByRole('radio', { name: 'Medium' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('alert').getByText(/answers need fixing/).waitFor();
    await page.screenshot({ path: screenshotPath('1280-umkm-inggris'), fullPage: true });
    await context.close();
  });
});
