/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { KOTA_METRO, MARGODADI } from '../support/regions';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * The admin's places and trail, and the OPD's API token, in Chromium: an admin adds an RW and two
 * RTs from a CSV and finds them in the tree, then sees those additions in the audit log; an OPD
 * officer creates an API token, sees it once, revokes it, and the token is refused from then on.
 * Screenshots of regions, audit, webhooks and tokens at 1280 px, regions and tokens at 360 px.
 */
jest.setTimeout(180_000);

const LAPTOP = { width: 1280, height: 860 };
const CSV = 'nama,tingkat,induk\nRW 05,rw,\nRT 01,rt,RW 05\nRT 02,rt,RW 05\n';

describe('admin regions and audit, OPD API token, in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let admin: string;
  let opd: string;

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    admin = (await app.as('admin', KOTA_METRO)).user.username;
    opd = (await app.as('opd', KOTA_METRO)).user.username;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(username: string, viewport: Viewport): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openLoggedIn(browser, base, username, TEST_PASSWORD, { viewport });
    // Signed in once the home screen is drawn; going elsewhere before that races the app's own redirect.
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { context, page };
  }

  it('adds an RW and two RTs from a CSV, finds them in the tree and in the audit log', async () => {
    const { context, page } = await signIn(admin, LAPTOP);
    await page.goto(`${base}/admin/wilayah?kode=${MARGODADI}`);
    const trail = page.getByRole('navigation', { name: 'Letak wilayah' });
    await trail.waitFor();
    await expectText(trail, 'Kota MetroKecamatan Metro SelatanKelurahan Margodadi');

    await page.getByRole('button', { name: 'Tambah dari spreadsheet' }).click();
    await page.getByLabel('Berkas spreadsheet').setInputFiles({ name: 'wilayah-rejomulyo.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByText('Semua 3 wilayah siap ditambahkan.').waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-wilayah-periksa'), fullPage: true });
    await page.getByRole('button', { name: 'Tambahkan 3 wilayah' }).click();
    await page.getByText('3 wilayah ditambahkan ke Margodadi.').waitFor();
    await page.getByRole('button', { name: 'Selesai' }).click();

    const rw = page.getByRole('link', { name: 'Buka RW 05' });
    await expectText(rw.locator('xpath=ancestor::tr'), `RW 05RW${MARGODADI}.0012 wilayah`);
    await page.screenshot({ path: screenshotPath('1280-admin-wilayah'), fullPage: true });
    await rw.click();
    await page.getByRole('link', { name: 'Buka RT 02' }).waitFor();
    expect(await page.getByRole('link', { name: /^Buka RT/ }).allTextContents()).toEqual(['RT 01', 'RT 02']);
    const added = (await app.db.query(`SELECT code, name FROM region WHERE code LIKE $1 ORDER BY code`, [`${MARGODADI}.%`])) as { code: string; name: string }[];
    expect(added.map((region) => `${region.code} ${region.name}`)).toEqual([`${MARGODADI}.001 RW 05`, `${MARGODADI}.001.001 RT 01`, `${MARGODADI}.001.002 RT 02`]);

    await page.goto(`${base}/admin/audit`);
    await page.getByLabel('Tindakan').selectOption({ label: 'Menambah wilayah' });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    const table = page.getByRole('table', { name: 'Catatan audit, terbaru di atas' });
    await table.getByText('Wilayah RT 02').waitFor();
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(1).map((td) => td.textContent)));
    expect(rows).toEqual([
      [admin, 'Menambah wilayah', 'Wilayah RT 02', 'RT 02'],
      [admin, 'Menambah wilayah', 'Wilayah RT 01', 'RT 01'],
      [admin, 'Menambah wilayah', 'Wilayah RW 05', 'RW 05'],
    ]);
    expect(await table.locator('tbody tr td:first-child').first().textContent()).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WIB$/);
    await page.getByRole('button', { name: 'Hapus saringan' }).click();
    await table.getByText('Masuk', { exact: true }).first().waitFor();
    await page.screenshot({ path: screenshotPath('1280-admin-audit'), fullPage: true });

    await page.goto(`${base}/admin/webhook?tema=covid-harian`);
    await page.getByLabel('Alamat (URL) penerima').fill('http://127.0.0.1:9/wakuncar');
    await page.getByRole('button', { name: 'Tambah webhook' }).click();
    await page.getByRole('heading', { name: 'Webhook ditambahkan' }).waitFor();
    await page.getByRole('button', { name: 'Riwayat pengiriman ke http://127.0.0.1:9/wakuncar' }).click();
    await page.getByText('Belum ada pengiriman.').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('1280-admin-webhook'), fullPage: true });
    await context.close();

    const phone = await signIn(admin, PHONE);
    await phone.page.goto(`${base}/admin/wilayah?kode=${MARGODADI}`);
    await phone.page.getByRole('link', { name: 'Buka RW 05' }).waitFor();
    await phone.page.screenshot({ path: screenshotPath('360-admin-wilayah'), fullPage: true });
    await phone.context.close();
  });

  it('lets an OPD officer create an API token, see it once, and revoke it', async () => {
    const { context, page } = await signIn(opd, LAPTOP);
    await page.goto(`${base}/token`);
    await page.getByLabel('Nama token').fill('Skrip Bappeda');
    await page.getByLabel('Mengunduh berkas hasil (CSV, XLSX, JSON)').check();
    await page.getByLabel('30 hari').check();
    await page.getByRole('button', { name: 'Buat token' }).click();
    const secretBox = page.getByLabel('Token', { exact: true });
    await secretBox.waitFor();
    const token = await secretBox.inputValue();
    expect(token.length).toBeGreaterThan(20);
    await page.getByText('Token hanya ditampilkan sekali ini').waitFor();
    await page.screenshot({ path: screenshotPath('1280-token-baru'), fullPage: true });

    await app.http().get('/api/themes/covid-harian/aggregates').set('Authorization', `Bearer ${token}`).expect(200);
    await waitFor('the token use recorded', async () => {
      const [found] = (await app.db.query(`SELECT last_used_at FROM api_token WHERE name = 'Skrip Bappeda'`)) as { last_used_at: Date | null }[];
      return found?.last_used_at != null;
    });
    await page.getByRole('button', { name: 'Sudah saya simpan' }).click();
    await page.reload();
    const row = page.getByRole('row', { name: /Skrip Bappeda/ });
    await row.waitFor();
    expect(await page.content()).not.toContain(token);
    await expectText(row.locator('td').nth(4), /^\d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WIB$/);
    await page.screenshot({ path: screenshotPath('1280-token'), fullPage: true });

    const phone = await signIn(opd, PHONE);
    await phone.page.goto(`${base}/token`);
    await phone.page.getByText('Skrip Bappeda', { exact: true }).waitFor();
    await phone.page.screenshot({ path: screenshotPath('360-token'), fullPage: true });
    await phone.context.close();

    await page.getByRole('button', { name: 'Cabut Skrip Bappeda' }).click();
    await page.getByRole('dialog', { name: 'Cabut token "Skrip Bappeda"?' }).getByRole('button', { name: 'Cabut token' }).click();
    await page.getByText('Belum ada token yang aktif.').waitFor();
    await app.http().get('/api/themes/covid-harian/aggregates').set('Authorization', `Bearer ${token}`).expect(401);
    await context.close();
  });
});

/** Waits until `locator`'s text is `expected` (or matches it); fails showing the last text seen. */
async function expectText(locator: ReturnType<Page['locator']>, expected: string | RegExp): Promise<void> {
  let last = '';
  const matches = (text: string): boolean => (typeof expected === 'string' ? text === expected : expected.test(text));
  await waitFor(String(expected), async () => matches((last = ((await locator.textContent()) ?? '').trim())), 10_000).catch(() => undefined);
  if (typeof expected === 'string') expect(last).toBe(expected);
  else expect(last).toMatch(expected);
}
