/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseCsv } from '../../server/src/modules/regions/region-csv';
import { HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_PUSAT } from '../support/regions';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { makeSubmission, postSubmission } from '../support/submissions';
import { TEST_PASSWORD } from '../support/test-app';
import { loadFixture } from '../support/themes';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { eventually, openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * The OPD's dashboard in Chromium: two cadres send this month's Posyandu report for two kelurahan of
 * Metro Pusat; the OPD officer reads both and their kecamatan, drills down, downloads the CSV of what is
 * on screen (its values checked), goes back up, sees the map and the months, and on the sensitive
 * stunting theme a small cell as "< 5", never its number.
 * Screenshots at 1280 px (overview, drill-down, map, over time, a sensitive theme), 360 px (overview)
 * and A4 print.
 */
jest.setTimeout(180_000);

const LAPTOP = { width: 1280, height: 900 };

describe('the OPD dashboard in Chromium', () => {
  let p: Pipeline;
  let base: string;
  let browser: Browser;
  let opd: string;

  beforeAll(async () => {
    p = await startPipeline({ CLIENT_DIR: CLIENT_DIST }, { backend: 'in-process' });
    base = await p.t.listen();
    // One cadre per kelurahan, each sending from their own region.
    const posyandu = { ...loadFixture('posyandu', 'valid'), foto: undefined, lokasi: undefined };
    for (const [region, ditimbang] of [
      [KELURAHAN_METRO, 40],
      [HADIMULYO_TIMUR, 25],
    ] as const) {
      const kader = await p.t.as('kader', region);
      const answer = await postSubmission(p.t, kader.auth, 'posyandu', makeSubmission(region, { ...posyandu, balita_ditimbang: ditimbang }));
      expect(answer.status).toBe(201);
      // Two children measured in Metro: fewer than 5, so hidden on the sensitive theme.
      if (region === KELURAHAN_METRO) {
        for (const name of ['Aisyah Putri', 'Bima Saputra']) {
          const child = await postSubmission(p.t, kader.auth, 'stunting', makeSubmission(region, { ...loadFixture('stunting', 'valid'), nama_anak: name }));
          expect(child.status).toBe(201);
        }
      }
    }
    await p.settle();
    opd = (await p.t.makeUser('opd', KOTA_METRO)).username;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  async function openAs(viewport: Viewport): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openLoggedIn(browser, base, opd, TEST_PASSWORD, { viewport, serviceWorkers: 'block', acceptDownloads: true });
    await page.getByRole('heading', { level: 1, name: 'Dasbor' }).waitFor();
    return { context, page };
  }

  /** The text of the cell of `column` in the table row headed `row`. */
  async function cell(page: Page, row: string | RegExp, column: string): Promise<string> {
    const table = page.locator('.overview-table table');
    const headers = await table.locator('thead th').allInnerTexts();
    const index = headers.findIndex((header) => header.split('\n')[0].trim() === column);
    expect(index).toBeGreaterThan(0);
    const line = table.locator('tr', { has: page.getByRole('rowheader', { name: row }) });
    return (await line.locator('th, td').nth(index).innerText()).trim();
  }

  it('shows both kelurahan and their kecamatan, drills down and back, with the map and the months', async () => {
    const { context, page } = await openAs(LAPTOP);
    await page.getByRole('link', { name: 'Laporan Bulanan Posyandu' }).click();
    await page.getByLabel('Ukuran').selectOption({ label: 'Balita ditimbang (D)' });
    await eventually(() => cell(page, 'Metro Pusat', 'Balita ditimbang (D)'), '65');
    expect(await cell(page, 'Jumlah Kota Metro', 'Balita ditimbang (D)')).toBe('65');
    // A kecamatan nobody reported for is "—", not 0.
    expect(await cell(page, 'Metro Utara', 'Balita ditimbang (D)')).toBe('—');
    await page.screenshot({ path: screenshotPath('1280-dasbor-ringkasan'), fullPage: true });

    await page.locator('.overview-table').getByRole('button', { name: /Lihat Metro Pusat per kelurahan/ }).click();
    await eventually(() => cell(page, 'Metro', 'Balita ditimbang (D)'), '40');
    expect(await cell(page, 'Hadimulyo Timur', 'Balita ditimbang (D)')).toBe('25');
    expect(await cell(page, 'Jumlah Metro Pusat', 'Balita ditimbang (D)')).toBe('65');
    expect(new URL(page.url()).searchParams.get('wilayah')).toBe(METRO_PUSAT);
    await page.screenshot({ path: screenshotPath('1280-dasbor-kecamatan'), fullPage: true });

    // The file of what is on screen: Metro Pusat's kelurahan, this month, the chosen measure.
    await page.getByRole('tab', { name: 'Unduhan' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'Unduh data' }).getByRole('button', { name: 'Unduh CSV' }).click(),
    ]);
    const [header, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''));
    const at = (name: string): number => header.indexOf(name);
    const values = rows
      .filter((row) => row[at('indikator')] === 'balita_ditimbang' && row[at('nilai')] !== '')
      .map((row) => `${row[at('kode_desa_kelurahan')]} ${row[at('nilai')]}`);
    expect(values.sort()).toEqual([`${HADIMULYO_TIMUR} 25`, `${KELURAHAN_METRO} 40`].sort());
    await page.getByRole('tab', { name: 'Ringkasan' }).click();

    await page.getByRole('tab', { name: 'Peta' }).click();
    const area = page.locator(`path[data-region="${KELURAHAN_METRO}"]`);
    await area.waitFor();
    expect(await area.getAttribute('aria-label')).toBe('Metro: 40');
    await page.getByText('Keterangan warna').waitFor();
    await page.screenshot({ path: screenshotPath('1280-dasbor-peta'), fullPage: true });

    await page.getByRole('tab', { name: 'Dari waktu ke waktu' }).click();
    await page.getByRole('img', { name: /Diagram garis: Balita ditimbang \(D\)/ }).waitFor();
    await page.getByText('Lihat sebagai tabel').click();
    await page.screenshot({ path: screenshotPath('1280-dasbor-waktu'), fullPage: true });

    // Back up through the breadcrumb: the kecamatan rows again, on the overview.
    await page.getByRole('tab', { name: 'Ringkasan' }).click();
    await page.getByRole('navigation', { name: 'Wilayah yang dilihat' }).getByRole('link', { name: 'Kota Metro' }).click();
    await eventually(() => cell(page, 'Metro Pusat', 'Balita ditimbang (D)'), '65');

    // Printed for a meeting: what, where, when and the date of printing on top, no controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-heading').innerText()).toMatch(/^Laporan Bulanan Posyandu — Kota Metro, \S+ \d{4}\n+Dicetak \d+ \S+ \d{4},? \d{2}\.\d{2} WIB$/);
    expect(await page.getByRole('tab', { name: 'Peta' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Ukuran').isVisible()).toBe(false);
    expect(await cell(page, 'Metro Pusat', 'Balita ditimbang (D)')).toBe('65');
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: screenshotPath('a4-dasbor-cetak'), fullPage: true });
    await context.close();
  });

  it('reads at 360 px', async () => {
    const { context, page } = await openAs(PHONE);
    await page.goto(`${base}/dasbor/posyandu?ukuran=balita_ditimbang&wilayah=${METRO_PUSAT}`);
    await eventually(() => cell(page, 'Hadimulyo Timur', 'Balita ditimbang (D)'), '25');
    await page.screenshot({ path: screenshotPath('360-dasbor-ringkasan'), fullPage: true });
    await context.close();
  });

  it('shows a small cell of a sensitive theme as "< 5", never its number', async () => {
    const { context, page } = await openAs(LAPTOP);
    await page.goto(`${base}/dasbor/stunting?wilayah=${METRO_PUSAT}`);
    await eventually(() => cell(page, 'Metro', 'Balita diukur'), '< 5');
    // The kecamatan would give Metro's number away by subtraction: hidden too.
    expect(await cell(page, 'Jumlah Metro Pusat', 'Balita diukur')).toBe('< 5');
    await page.getByText(/berasal dari kurang dari 5 kiriman/).first().waitFor();
    expect(await page.locator('.overview').innerText()).not.toMatch(/\b2\b/);
    await page.screenshot({ path: screenshotPath('1280-dasbor-sensitif'), fullPage: true });
    await context.close();
  });
});
