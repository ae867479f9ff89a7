/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { METRO_SELATAN, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../support/regions';

/** covid-harian is kept per RT: the cadre reports for Rejomulyo's RT 01 of RW 01. */
const RT = REJOMULYO_RW_01_RT_01;
import { covidData, dayKey, makeSubmission, postSubmission } from '../support/submissions';
import { createTestApp, TEST_PASSWORD, themeIdOf, type TestApp } from '../support/test-app';
import { loadFixture } from '../support/themes';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * The cadre's app, second pass, on a 360 px phone: records told apart in "Kiriman saya", the
 * notification list, the logout dialog with unsent data, links that cannot be filled, the actions
 * bar beside the first field of a revision, and the admin's task cards. Screenshots land in
 * tests/browser/screenshots.
 */
jest.setTimeout(240_000);

const SMALL_PHONE = { width: 360, height: 640 };
const LAPTOP = { width: 1280, height: 860 };

describe('the cadre’s app, second pass, in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let kader: { username: string; auth: string; id: string };
  let admin: { username: string; auth: string };
  let covidId: string;
  const covidDay = dayKey(1);

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    const made = await app.as('kader', REJOMULYO);
    kader = { username: made.user.username, auth: made.auth, id: made.user.id };
    const reviewer = await app.as('admin', METRO_SELATAN);
    admin = { username: reviewer.user.username, auth: reviewer.auth };

    // What the cadre sent earlier: two businesses, a day's COVID report; the reviewer refused one business.
    const { foto: _photo, ...umkm } = loadFixture('umkm', 'valid');
    const send = async (slug: string, body: ReturnType<typeof makeSubmission>): Promise<string> => {
      await postSubmission(app, kader.auth, slug, body).expect(201);
      return body.id;
    };
    const warung = await send('umkm', makeSubmission(REJOMULYO, { ...umkm, nama_usaha: 'Warung Bu Sri', nama_pemilik: 'Sri Wahyuni' }));
    await send('umkm', makeSubmission(REJOMULYO, { ...umkm, nama_usaha: 'Keripik Pisang Maju', nama_pemilik: 'Budi Santoso' }));
    covidId = await send('covid-harian', makeSubmission(RT, covidData(), { period: covidDay }));
    await app.http().post(`/api/submissions/${warung}/review`).set('Authorization', admin.auth).send({ status: 'rejected', comment: 'Foto usaha kurang jelas, mohon difoto ulang' }).expect(200);
    // A reminder about today's COVID report, as the reminder job leaves it in the inbox.
    const covidTheme = await themeIdOf(app, 'covid-harian');
    await app.db.query(
      `INSERT INTO notification (user_id, kind, theme_id, reminder_key, period_key, title, message, details)
       VALUES ($1, 'reminder', $2, 'harian', $3, 'Laporan COVID-19 hari ini belum dikirim', 'Kirim laporan harian COVID-19 untuk Rejomulyo sebelum pukul 10.00 WIB besok.', $4)`,
      [kader.id, covidTheme, dayKey(0), JSON.stringify({ theme: 'covid-harian', missing: [RT], missingCount: 1 })],
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function logIn(username: string, viewport: Viewport, home = 'Tugas saya'): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openLoggedIn(browser, base, username, TEST_PASSWORD, { viewport });
    await page.getByRole('heading', { level: 1, name: home }).waitFor();
    return { context, page };
  }

  /** True when the element's centre is not covered by anything else (a toast, a bar). */
  const uncovered = (page: Page, selector: string): Promise<boolean> =>
    page.locator(selector).evaluate((element) => {
      const box = element.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return top !== null && (top === element || element.contains(top));
    });

  it('tells records apart in "Kiriman saya" by their summary and period, in one request', async () => {
    const { context, page } = await logIn(kader.username, PHONE);
    // Tugas saya (the landing page) reads each theme's list of its region and period for its counts, and
    // on a busy machine those reads may still be under way; only reads of the cadre's own records count here.
    const lists: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/submissions' || (url.pathname.endsWith('/submissions') && url.searchParams.get('mine') === 'true')) {
        lists.push(url.pathname);
      }
    });
    await page.getByRole('navigation', { name: 'Menu utama' }).last().getByRole('link', { name: 'Kiriman saya' }).click();
    const cards = page.locator('.submission-list > li');
    await cards.first().waitFor();
    expect(await cards.locator('.submission-title').allTextContents()).toEqual(['Laporan Harian COVID-19', 'Keripik Pisang Maju · Budi Santoso', 'Warung Bu Sri · Sri Wahyuni']);
    const texts = await cards.allTextContents();
    // COVID-19 is reported per RT: the card names the RT with its kelurahan and RW ("RT 01" is in every RW).
    expect(texts[0]).toMatch(/Rejomulyo · RW 01 · RT 01 · \d{1,2} [A-Z][a-z]+ \d{4} · dikirim/);
    expect(texts[1]).toContain('Rejomulyo · Tanpa periode');
    expect(texts[2]).toContain('Ditolak peninjau');
    expect(texts[2]).toContain('Foto usaha kurang jelas, mohon difoto ulang');
    expect(texts.join(' ')).not.toMatch(/\ball\b/);
    expect(lists).toEqual(['/api/submissions']);
    await page.screenshot({ path: screenshotPath('360-kiriman-saya-ringkasan'), fullPage: true });

    await page.getByRole('button', { name: 'Ditolak peninjau' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.submission-list > li').length === 1);
    await cards.first().getByRole('link').click();
    await page.getByText('Warung Bu Sri · Sri Wahyuni').waitFor();
    expect(await page.locator('.form-context').textContent()).toContain('Tanpa periode');
    await context.close();
  });

  it('lists notifications behind the bell; a reminder opens its form, a review result its submission', async () => {
    const { context, page } = await logIn(kader.username, PHONE);
    const bell = page.getByRole('link', { name: 'Notifikasi, 2 belum dibaca' });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifikasi' }).waitFor();
    const items = page.locator('.notification-list > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain('Laporan COVID-19 hari ini belum dikirim');
    expect(await items.nth(1).textContent()).toContain('Ditolak peninjau — perbaiki dan kirim revisi');
    expect(await items.nth(1).textContent()).toContain('Catatan peninjau: Foto usaha kurang jelas');
    await page.screenshot({ path: screenshotPath('360-notifikasi'), fullPage: true });

    await items.nth(1).getByRole('button', { name: 'Lihat kiriman' }).click();
    await page.waitForURL('**/kiriman/*');
    await page.getByText('Warung Bu Sri · Sri Wahyuni').waitFor();
    await page.getByRole('link', { name: 'Notifikasi, 1 belum dibaca' }).click();
    await page.locator('.notification-list > li').first().getByRole('button', { name: 'Isi formulir' }).click();
    await page.waitForURL(`**/tugas/covid-harian?periode=${dayKey(0)}&wilayah=${RT}`);
    await page.locator('#root_suspek').waitFor();
    expect(await page.getByRole('link', { name: 'Notifikasi' }).count()).toBe(1);
    await context.close();
  });

  it('keeps "Kirim dulu" and "Batal" of the logout dialog uncovered while the device has unsent data', async () => {
    const { context, page } = await logIn(kader.username, PHONE);
    // COVID-19 is reported per RT: the task lists Rejomulyo's RTs.
    const covidTask = page.getByRole('article', { name: 'Laporan Harian COVID-19' });
    await covidTask.locator('summary').click();
    await covidTask.getByRole('listitem').filter({ hasText: 'RW 01 · RT 01' }).getByRole('link').click();
    await page.locator('#root_suspek').waitFor();
    // The form says which RT it is for, with its kelurahan and RW.
    expect(await page.locator('.form-header dd').first().textContent()).toBe('Rejomulyo · RW 01 · RT 01');
    await context.setOffline(true);
    for (const [field, value] of Object.entries(covidData(3))) await page.locator(`#root_${field}`).fill(String(value));
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    // The "saved on this device" toast is showing when the cadre goes to log out.
    await page.getByText('Tersimpan di perangkat. Kiriman dikirim otomatis begitu ada sinyal.').waitFor();
    await page.getByRole('button', { name: /^Akun / }).click();
    await page.locator('#account-panel').getByRole('button', { name: 'Keluar' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('1 kiriman belum terkirim ke server.').waitFor();
    expect(await page.getByText('Tersimpan di perangkat. Kiriman dikirim otomatis begitu ada sinyal.').isVisible()).toBe(true);
    expect(await uncovered(page, '.dialog-actions .button--primary')).toBe(true);
    expect(await dialog.locator('.dialog-actions .button--primary').textContent()).toBe('Kirim dulu');
    expect(await uncovered(page, '.dialog-actions button:has-text("Batal")')).toBe(true);
    expect(await uncovered(page, '.dialog-actions button:has-text("Keluar, simpan untuk nanti")')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Kirim dulu');
    await page.screenshot({ path: screenshotPath('360-keluar-data-belum-terkirim'), fullPage: false });
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await context.close();
  });

  it('says at once that a form or a version does not exist, with the way back', async () => {
    const { context, page } = await logIn(kader.username, PHONE);
    await page.goto(`${base}/tugas/formulir-tidak-ada`);
    const alert = page.getByRole('alert');
    await alert.getByText('Tematik ini tidak ditemukan atau belum diterbitkan.').waitFor({ timeout: 5000 });
    await page.screenshot({ path: screenshotPath('360-formulir-tidak-ada'), fullPage: false });
    await alert.getByRole('link', { name: 'Kembali ke Tugas saya' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tugas saya' }).waitFor();

    await page.goto(`${base}/tugas/covid-harian?wilayah=${RT}&versi=99`);
    await page.getByRole('alert').getByText('Formulir Laporan Harian COVID-19 tidak punya versi 99.').waitFor({ timeout: 5000 });
    expect(await page.locator('#root_suspek').count()).toBe(0);

    await page.goto(`${base}/tugas/covid-harian?wilayah=18.72.01.1001`);
    await page.getByRole('alert').getByText(/di luar wilayah tugas Anda/).waitFor({ timeout: 5000 });
    expect(await page.locator('#root_suspek').count()).toBe(0);
    await context.close();
  });

  it('keeps the first field of a revision clear of the actions bar', async () => {
    const { context, page } = await logIn(kader.username, SMALL_PHONE);
    await page.goto(`${base}/tugas/covid-harian?revisi=${covidId}`);
    const first = page.locator('#root_suspek');
    await first.waitFor();
    await first.focus();
    const clear = async (): Promise<boolean> =>
      page.evaluate(() => {
        const field = document.querySelector('#root_suspek')!.getBoundingClientRect();
        const bar = document.querySelector('.form-actions')!.getBoundingClientRect();
        return field.bottom <= bar.top || field.top >= bar.bottom;
      });
    expect(await clear()).toBe(true);
    expect(await uncovered(page, '#root_suspek')).toBe(true);
    await page.screenshot({ path: screenshotPath('360-revisi-kolom-pertama'), fullPage: false });
    // Going down the form field by field, each one is shown above the bar.
    for (const name of ['konfirmasi_baru', 'sembuh', 'meninggal', 'isolasi_mandiri']) {
      for (let presses = 0; presses < 6; presses += 1) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.id ?? '')).startsWith('root_')) break;
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`root_${name}`);
      expect(await uncovered(page, `#root_${name}`)).toBe(true);
    }
    await context.close();
  });

  it('gives the admin task cards of their own height, with counts that agree with the rows', async () => {
    const { context, page } = await logIn(admin.username, LAPTOP, 'Tugas saya');
    const umkm = page.getByRole('article', { name: 'Usaha Mikro, Kecil dan Menengah (UMKM)' });
    await umkm.getByText('1 dari 4 wilayah sudah mengirim').waitFor();
    // Every card has its figures (none says "Memuat…" any more) before heights are compared.
    await page.waitForFunction(() => !document.querySelector('.task-list')?.textContent?.includes('Memuat'));
    await page.waitForTimeout(500);
    const neighbourHeight = async (): Promise<number[]> =>
      page.locator('.task-list > article').evaluateAll((cards) => cards.map((card) => Math.round(card.getBoundingClientRect().height)));
    const before = await neighbourHeight();
    await umkm.getByText('1 dari 4 wilayah sudah mengirim').click();
    expect(await umkm.getByRole('listitem').filter({ hasText: 'Rejomulyo' }).textContent()).toContain('2 catatan');
    const after = await neighbourHeight();
    const opened = await page.locator('.task-list > article').evaluateAll((cards) => cards.findIndex((card) => card.querySelector('details[open]')));
    // Only the opened card grew.
    expect(after.filter((height, index) => index !== opened && height !== before[index])).toEqual([]);
    expect(after[opened]).toBeGreaterThan(before[opened]);
    // Opening the card scrolled the page a little; the whole page is shot from its top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('1280-tugas-admin'), fullPage: true });
    await context.close();
  });
});
