/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '../../server/src/modules/regions/region-csv';
import { Pipeline, startPipeline } from '../support/pipeline';
import { HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT } from '../support/regions';
import { covidData, submit } from '../support/submissions';
import { publishTheme, TEST_PASSWORD } from '../support/test-app';
import { dailyKelurahanTheme } from '../support/themes';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';

/**
 * An OPD officer on the dashboard's completeness and downloads panels: sees which kelurahan of a
 * kecamatan reported on time, late or not at all, downloads the CSV of what is on screen (its values
 * are the submitted ones), and makes a full export that finishes and is listed.
 */
jest.setTimeout(180_000);

// harian-kelurahan: the built-in covid-harian kept per kelurahan (covid-harian itself is per RT), due 10:00 WIB the next day.
const DAY = '2026-11-20';
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 760 };
/** The dashboard of the daily report for the day, Metro Pusat's kelurahan, on one of its tabs. */
const dashboardTab = (tab: 'kelengkapan' | 'unduhan'): string =>
  `/dasbor/harian-kelurahan?ukuran=konfirmasi_baru&per=day&periode=${DAY}&wilayah=${METRO_PUSAT}&tampil=${tab}`;

describe('the dashboard\'s completeness and downloads in Chromium', () => {
  let p: Pipeline;
  let base: string;
  let browser: Browser;
  let opdName: string;

  beforeAll(async () => {
    p = await startPipeline({ CLIENT_DIR: CLIENT_DIST }, { backend: 'in-process' });
    base = await p.t.listen();
    await publishTheme(p.t, (await p.t.as('admin', KOTA_METRO)).auth, dailyKelurahanTheme());
    const kader = (await p.t.as('kader', METRO_PUSAT)).auth;
    const onTime = await submit(p.t, kader, 'harian-kelurahan', KELURAHAN_METRO, DAY, covidData(3));
    await submit(p.t, kader, 'harian-kelurahan', HADIMULYO_TIMUR, DAY, covidData(5)); // sent now: late
    await p.t.db.query(`UPDATE submission SET created_at = '2026-11-20T09:15:00Z' WHERE id = $1`, [onTime]);
    await p.settle();
    opdName = (await p.t.as('opd', KOTA_METRO)).user.username;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  async function openPanels(viewport: { width: number; height: number }, tab: 'kelengkapan' | 'unduhan' = 'kelengkapan'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/masuk`);
    await page.getByLabel('Nama pengguna').fill(opdName);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL((url) => url.pathname !== '/masuk');
    await page.goto(`${base}${dashboardTab(tab)}`);
    await page.getByRole('heading', { level: 1, name: 'Laporan Harian COVID-19' }).waitFor();
    return page;
  }

  const saved = async (page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  };

  it('shows on time, late and missing kelurahan of the kecamatan, and who is late or missing', async () => {
    const page = await openPanels(LAPTOP);
    const panel = page.getByRole('region', { name: 'Kelengkapan laporan' });
    await panel.getByText('5 kelurahan wajib lapor').waitFor();
    const counts = await panel.locator('.completeness-counts > div').evaluateAll((items) => items.map((item) => item.textContent));
    expect(counts).toEqual(['Tepat waktu1', 'Terlambat1', 'Belum mengirim3']);
    const listed = panel.getByRole('table').last();
    expect(await listed.getByRole('rowheader').allTextContents()).toEqual(['Hadimulyo Timur', 'Imopuro', 'Hadimulyo Barat', 'Yosomulyo']);
    expect(await listed.getByRole('row').nth(1).textContent()).toMatch(/^Hadimulyo TimurTerlambatdikirim \d+ \w+ \d{4}/);
    await panel.getByRole('img', { name: /Persentase kelurahan yang sudah mengirim/ }).waitFor();
    await page.screenshot({ path: screenshotPath('1280-dasbor-kelengkapan'), fullPage: true });
    await page.close();
  });

  it('downloads the CSV of what is on screen, with the submitted values', async () => {
    const page = await openPanels(LAPTOP, 'unduhan');
    const panel = page.getByRole('region', { name: 'Unduh data' });
    const file = await saved(page, () => panel.getByRole('button', { name: 'Unduh CSV' }).click());
    expect(file.name).toBe(`harian-kelurahan-agregat-${DAY}.csv`);
    const [header, ...rows] = parseCsv(file.text.replace(/^\uFEFF/, ''));
    const column = (name: string): number => header.indexOf(name);
    const values = Object.fromEntries(rows.map((row) => [`${row[column('kode_desa_kelurahan')]} ${row[column('indikator')]} ${row[column('periode')]}`, row[column('nilai')]]));
    expect(values).toEqual({
      [`${KELURAHAN_METRO} konfirmasi_baru ${DAY}`]: '3',
      [`${HADIMULYO_TIMUR} konfirmasi_baru ${DAY}`]: '5',
    });
    await page.close();
  });

  it('makes a full export, follows its progress until it is done, and lists it to download', async () => {
    const page = await openPanels(LAPTOP, 'unduhan');
    const panel = page.getByRole('region', { name: 'Unduh data' });
    await panel.getByText('Belum ada ekspor.').waitFor();
    await panel.getByRole('button', { name: 'Mulai ekspor' }).click();
    await panel.locator('.downloads-current').getByText('Siap diunduh').waitFor({ timeout: 60_000 });
    const item = panel.getByRole('list', { name: 'Ekspor saya' }).getByRole('listitem');
    await item.getByText('Agregat · CSV · Laporan Harian COVID-19').waitFor();
    expect(await item.count()).toBe(1);
    await page.screenshot({ path: screenshotPath('1280-dasbor-unduhan'), fullPage: true });

    const file = await saved(page, () => item.getByRole('button', { name: /^Unduh harian-kelurahan-agregat-/ }).click());
    expect(file.name).toMatch(/^harian-kelurahan-agregat-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(file.text.replace(/^\uFEFF/, ''));
    const nilai = header.indexOf('nilai');
    const kelurahan = header.indexOf('kode_desa_kelurahan');
    const indikator = header.indexOf('indikator');
    const sums = rows.filter((row) => row[indikator] === 'konfirmasi_baru' && row[kelurahan] !== '').map((row) => `${row[kelurahan]} ${row[nilai]}`);
    expect(sums.sort()).toEqual([`${KELURAHAN_METRO} 3`, `${HADIMULYO_TIMUR} 5`]);
    await page.close();
  });

  it('fits the completeness panel on a 360 px phone', async () => {
    const page = await openPanels(PHONE);
    const panel = page.getByRole('region', { name: 'Kelengkapan laporan' });
    await panel.getByRole('img', { name: /Persentase kelurahan/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('360-dasbor-kelengkapan'), fullPage: true });
    await page.close();
  });
});
