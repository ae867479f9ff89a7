/// <reference lib="dom" />
import { Workbook } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { KOTA_METRO, REJOMULYO, REJOMULYO_RW_01_RT_01 } from '../support/regions';
import { covidData, dayKey, submit } from '../support/submissions';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { rejectInReview } from './support/admin';
import { CLIENT_DIST, launchChromium, pageRequests, screenshotPath } from './support/browser';
import { openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * The admin's review and users screens in Chromium: a rejection with a comment reaches the cadre,
 * three users are created from a CSV and their first passwords work. Screenshots at 1280 px (and the
 * queue at 360 px) land in tests/browser/screenshots.
 */
jest.setTimeout(180_000);

const LAPTOP = { width: 1280, height: 860 };

describe('the admin reviews and manages users in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let admin: { username: string };
  let kader: { username: string; auth: string };

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    admin = (await app.as('admin', KOTA_METRO)).user;
    const cadre = await app.as('kader', REJOMULYO);
    kader = { username: cadre.user.username, auth: cadre.auth };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const openAs = (username: string, viewport: Viewport): Promise<{ context: BrowserContext; page: Page }> =>
    openLoggedIn(browser, base, username, TEST_PASSWORD, { viewport });

  it('rejects a cadre\'s submission with a comment in the review screen, and the cadre sees the comment', async () => {
    const id = await submit(app, kader.auth, 'covid-harian', REJOMULYO_RW_01_RT_01, dayKey(1), covidData(3));
    const { context, page } = await openAs(admin.username, LAPTOP);
    await page.goto(`${base}/admin/tinjau?tematik=covid-harian`);
    const queue = page.getByRole('list', { name: 'Tinjau kiriman' });
    await queue.getByRole('listitem').filter({ hasText: 'RT 01' }).first().waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-tinjau'), fullPage: true });

    await queue.getByRole('listitem').filter({ hasText: 'RT 01' }).first().getByRole('link').click();
    await page.getByRole('form', { name: 'Keputusan' }).waitFor();
    await page.locator('#root_konfirmasi_baru').waitFor();
    expect(await page.locator('#root_konfirmasi_baru').inputValue()).toBe('3');
    await page.screenshot({ path: screenshotPath('1280-admin-tinjau-kiriman'), fullPage: true });

    const comment = 'Angka konfirmasi baru tidak cocok dengan data puskesmas, mohon dicek lagi.';
    await rejectInReview(page, base, { submissionId: id }, comment);
    await context.close();

    const stored = await app.http().get(`/api/submissions/${id}`).set('Authorization', kader.auth).expect(200);
    expect(stored.body).toMatchObject({ status: 'rejected', reviewComment: comment });

    const cadre = await openAs(kader.username, PHONE);
    await cadre.page.goto(`${base}/kiriman/${id}`);
    await cadre.page.getByText(comment).waitFor();
    await cadre.page.screenshot({ path: screenshotPath('360-kader-komentar-tinjauan'), fullPage: true });
    await cadre.context.close();
  });

  it('shows the review queue usable on a 360 px phone', async () => {
    const { context, page } = await openAs(admin.username, PHONE);
    await page.goto(`${base}/admin/tinjau?tematik=covid-harian&status=`);
    await page.getByRole('list', { name: 'Tinjau kiriman' }).getByRole('listitem').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('360-admin-tinjau'), fullPage: true });
    await page.getByRole('list', { name: 'Tinjau kiriman' }).getByRole('link').first().click();
    await page.getByRole('form', { name: 'Keputusan' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('360-admin-tinjau-kiriman'), fullPage: true });
    await context.close();
  });

  it('creates three users from a CSV, all at once, and shows their first passwords to print', async () => {
    const { context, page } = await openAs(admin.username, LAPTOP);
    await page.goto(`${base}/admin/pengguna`);
    await page.getByRole('table').getByText(`@${kader.username}`).waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-pengguna'), fullPage: true });
    // On a phone the table becomes one card per user, nothing wider than the screen.
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.querySelector('.admin-table')!.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: screenshotPath('360-admin-pengguna'), fullPage: true });
    await page.setViewportSize(LAPTOP);

    // One user through the dialog: the region chosen by name, the first password shown once.
    await page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nama', { exact: true }).fill('Sri Wahyuni');
    await dialog.getByLabel('Nama pengguna').fill(`sri.${Date.now().toString(36)}`);
    await dialog.getByLabel('Kecamatan').selectOption({ label: 'Metro Selatan' });
    await dialog.getByLabel('Kelurahan').selectOption({ label: 'Rejomulyo' });
    await dialog.getByText('Dipilih: Rejomulyo').waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-pengguna-baru') });
    await dialog.getByRole('button', { name: 'Buat' }).click();
    await page.getByTestId('password-once').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Tutup' }).click();
    await page.getByRole('table').getByText('Sri Wahyuni').waitFor();

    await page.getByRole('link', { name: 'Tambah banyak' }).click();
    const stamp = Date.now().toString(36);
    const names = ['Ani Lestari', 'Budi Santoso', 'Citra Dewi'];
    const usernames = names.map((name) => `${name.split(' ')[0].toLowerCase()}.${stamp}`);
    const csv = ['nama;nama pengguna;peran;kode wilayah', ...names.map((name, index) => `${name};${usernames[index]};kader;${REJOMULYO}`)].join('\r\n');
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'kader-baru.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByText('Semua 3 baris benar').waitFor();
    await page.getByRole('button', { name: 'Buat 3 pengguna' }).click();

    const sheet = page.getByRole('region', { name: 'Sandi pertama pengguna baru' });
    await sheet.waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-lembar-sandi'), fullPage: true });
    for (const username of usernames) {
      const password = (await sheet.getByRole('row').filter({ hasText: username }).locator('td.password-cell').innerText()).trim();
      await app.http().post('/api/auth/login').send({ username, password }).expect(200);
    }
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: screenshotPath('1280-admin-lembar-sandi-cetak'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The same file again: every row is refused by name, and nothing more is created.
    await page.getByRole('button', { name: 'Unggah berkas lain' }).click();
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'kader-baru.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const report = page.getByRole('table');
    await report.getByText('Nama pengguna ini sudah dipakai').first().waitFor();
    expect(await report.getByRole('row').count()).toBe(4);
    await page.screenshot({ path: screenshotPath('1280-admin-laporan-baris'), fullPage: true });
    await context.close();
  });

  it('reads an XLSX workbook, fetching the spreadsheet reader only then', async () => {
    const { context, page } = await openAs(admin.username, LAPTOP);
    const assets = pageRequests(page);
    await page.goto(`${base}/admin/pengguna/banyak`);
    await page.getByLabel('Berkas CSV atau XLSX').waitFor();
    expect(assets.filter((path) => /exceljs/.test(path))).toEqual([]);

    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Kader');
    sheet.addRow(['Nama', 'Nama pengguna', 'Peran', 'Kode wilayah']);
    sheet.addRow(['Dewi Sartika', `dewi.${Date.now().toString(36)}`, 'kader', REJOMULYO]);
    sheet.addRow(['Eka Putri', `eka.${Date.now().toString(36)}`, 'kader', REJOMULYO]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await page.getByLabel('Berkas CSV atau XLSX').setInputFiles({ name: 'kader.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByText('Semua 2 baris benar').waitFor();
    expect(assets.filter((path) => /exceljs/.test(path))).toHaveLength(1);
    await context.close();
  });

  it('shows the account page', async () => {
    const { context, page } = await openAs(admin.username, LAPTOP);
    await page.goto(`${base}/akun`);
    await page.getByRole('heading', { level: 1, name: 'Akun saya' }).waitFor();
    await page.screenshot({ path: screenshotPath('1280-akun'), fullPage: true });
    await context.close();
  });
});
