/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { KOTA_METRO, REJOMULYO } from '../support/regions';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { rejectInReview } from './support/admin';
import { CLIENT_DIST, launchChromium, screenshotPath } from './support/browser';
import { eventually, openLoggedIn, PHONE, type Viewport } from './support/session';

/**
 * An admin designs a new tematik in the visual builder (a whole number, a single choice, a field
 * shown only for one of its answers, a repeat group), previews it on the phone frame, test-fills it
 * and publishes it; then a kader of Rejomulyo fills it and sends it; the admin rejects it in the review
 * screen with a comment and the kader reads that comment on their phone. Screenshots of the designer
 * (1280 px and 360 px) and of the preview land in tests/browser/screenshots.
 */
jest.setTimeout(240_000);

const LAPTOP = { width: 1280, height: 900 };
const TITLE = 'Data Keluarga Balita';
const SLUG = 'data-keluarga-balita';

describe('the admin designs a tematik, a kader fills it, the admin rejects it with a comment, in Chromium', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let admin: { username: string; auth: string };
  let kader: { username: string; auth: string };

  beforeAll(async () => {
    app = await createTestApp({ CLIENT_DIR: CLIENT_DIST });
    base = await app.listen();
    const adminUser = await app.as('admin', KOTA_METRO);
    admin = { username: adminUser.user.username, auth: adminUser.auth };
    const kaderUser = await app.as('kader', REJOMULYO);
    kader = { username: kaderUser.user.username, auth: kaderUser.auth };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function logIn(viewport: Viewport, username: string, landing: string): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await openLoggedIn(browser, base, username, TEST_PASSWORD, { viewport });
    page.setDefaultTimeout(15_000);
    await page.getByRole('heading', { level: 1, name: landing }).waitFor();
    return { context, page };
  }

  /** A full-page picture from the top, nothing focused (the sticky bar is drawn where it belongs). */
  async function picture(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  }

  const savedOnServer = (page: Page) => page.locator('.designer-save[data-status="saved"]').waitFor({ timeout: 15_000 });

  /** Adds a field of `kind` at the end of the form (or of the group named `into`) and gives it `label`. */
  async function addField(page: Page, kind: string, label: string, into?: string): Promise<void> {
    const add = page.getByRole('button', { name: into ? `Tambah isian ke "${into}"` : 'Tambah isian ke formulir' });
    await add.locator('xpath=preceding-sibling::select').selectOption({ label: kind });
    await add.click();
    await page.getByLabel('Label (yang dibaca kader)').fill(label);
  }

  const testFills = async (): Promise<number> => {
    const answer = await app.http().get(`/api/themes/${SLUG}/submissions?test=true`).set('Authorization', admin.auth);
    return answer.status === 200 ? (answer.body as { items: unknown[] }).items.length : -1;
  };

  it('designs, previews, test-fills and publishes a new tematik', async () => {
    const { context, page } = await logIn(LAPTOP, admin.username, 'Tugas saya');
    await page.getByRole('link', { name: 'Desain' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Desain tematik' }).waitFor();
    await page.getByLabel('Nama tematik').fill(TITLE);
    await page.getByText(`Alamat: ${SLUG}`).waitFor();
    await page.getByRole('link', { name: 'Laporan Harian COVID-19' }).waitFor();
    await picture(page, '1280-desain-daftar');
    await page.getByRole('button', { name: 'Buat draf' }).click();
    await page.waitForURL(`**/desain/${SLUG}`);

    await addField(page, 'Bilangan bulat', 'Jumlah anggota keluarga');
    await page.getByLabel('Wajib diisi').check();
    await page.getByLabel('Nilai terkecil').fill('1');
    await page.getByLabel('Nilai terbesar').fill('30');

    await addField(page, 'Pilih satu', 'Status rumah');
    await page.getByLabel('Wajib diisi').check();
    await page.getByRole('textbox', { name: 'Pilihan 1', exact: true }).fill('Milik sendiri');
    await page.getByRole('textbox', { name: 'Pilihan 2', exact: true }).fill('Sewa');

    await addField(page, 'Teks singkat', 'Nama pemilik rumah');
    await page.getByLabel('Isian penentu').selectOption({ label: 'Status rumah' });
    await page.getByRole('checkbox', { name: 'Milik sendiri' }).uncheck();
    await page.getByRole('checkbox', { name: 'Sewa' }).check();

    await addField(page, 'Daftar berulang (mis. anak dalam keluarga)', 'Data anak');
    await addField(page, 'Teks singkat', 'Nama anak', 'Data anak');
    await page.getByLabel('Wajib diisi').check();
    await addField(page, 'Bilangan bulat', 'Umur anak (bulan)', 'Data anak');
    await page.getByLabel('Nilai terkecil').fill('0');
    await page.getByLabel('Nilai terbesar').fill('59');

    await savedOnServer(page);
    const stored = await app.http().get(`/api/themes/${SLUG}`).set('Authorization', admin.auth);
    expect(Object.keys(stored.body.draft.schema.properties)).toEqual(expect.arrayContaining(['jumlah_anggota_keluarga', 'status_rumah', 'data_anak']));
    expect(stored.body.draft.schema.allOf).toEqual([
      expect.objectContaining({ if: { properties: { status_rumah: { const: 'sewa' } }, required: ['status_rumah'] } }),
    ]);
    await picture(page, '1280-desain-tematik');

    // The preview is the cadre's form: the owner's name appears only for a rented house.
    const phone: Locator = page.getByTestId('designer-phone');
    await phone.locator('#root_jumlah_anggota_keluarga').fill('4');
    expect(await phone.locator('#root_nama_pemilik_rumah').count()).toBe(0);
    await phone.locator('#root_status_rumah').selectOption({ label: 'Sewa' });
    await phone.locator('#root_nama_pemilik_rumah').fill('Pak Harun');
    await phone.getByRole('button', { name: /Tambah/ }).first().click();
    await phone.locator('#root_data_anak_0_nama_anak').fill('Sari');
    await phone.locator('#root_data_anak_0_umur_anak_bulan').fill('14');
    await phone.screenshot({ path: screenshotPath('1280-pratinjau-ponsel') });
    await phone.getByRole('button', { name: 'Isi uji' }).click();
    await page.getByText('Isian uji tersimpan').waitFor();
    await eventually(testFills, 1);

    // The JSON tab shows the same form; the condition is the if/then the builder wrote.
    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(await page.getByLabel('Skema', { exact: true }).inputValue()).toContain('"nama_pemilik_rumah"');
    await page.getByRole('tab', { name: 'Formulir' }).click();

    await page.getByRole('button', { name: 'Terbitkan…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Terbitkan versi baru?' });
    await dialog.getByText('Ini versi pertama tematik ini').waitFor();
    await dialog.getByText('Nama pemilik rumah').waitFor();
    await page.screenshot({ path: screenshotPath('1280-desain-terbitkan') });
    await dialog.getByRole('button', { name: 'Ya, terbitkan' }).click();
    await page.getByText('Versi 1 terbit').waitFor();
    const published = await app.http().get(`/api/themes/${SLUG}`).set('Authorization', admin.auth);
    expect(published.body.latestVersion).toBe(1);
    // The test fill was never a real submission.
    const real = await app.http().get(`/api/themes/${SLUG}/submissions`).set('Authorization', admin.auth);
    expect(real.body.items).toEqual([]);
    await context.close();
  });

  it('stays usable at 360 px', async () => {
    const { context, page } = await logIn(PHONE, admin.username, 'Tugas saya');
    await page.goto(`${base}/desain/${SLUG}`);
    await page.getByRole('button', { name: 'Ubah "Status rumah"' }).click();
    await page.getByLabel('Label (yang dibaca kader)').waitFor();
    await page.screenshot({ path: screenshotPath('360-desain-isian') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await picture(page, '360-desain-tematik');
    await context.close();
  });

  it('lets a kader of Rejomulyo fill the published tematik and send it', async () => {
    const { context, page } = await logIn(PHONE, kader.username, 'Tugas saya');
    await page.getByRole('article', { name: TITLE }).getByRole('link').first().click();
    await page.locator('#root_jumlah_anggota_keluarga').fill('5');
    await page.locator('#root_status_rumah').selectOption({ label: 'Sewa' });
    await page.locator('#root_nama_pemilik_rumah').fill('Bu Wati');
    await page.getByRole('button', { name: /Tambah/ }).first().click();
    await page.locator('#root_data_anak_0_nama_anak').fill('Dimas');
    await page.locator('#root_data_anak_0_umur_anak_bulan').fill('30');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await page.waitForURL('**/kiriman');
    const sent = async (): Promise<number> => {
      const answer = await app.http().get(`/api/themes/${SLUG}/submissions`).query({ region: REJOMULYO }).set('Authorization', kader.auth);
      return (answer.body as { items: unknown[] }).items.length;
    };
    await eventually(sent, 1, 30_000);
    const [submission] = (await app.http().get(`/api/themes/${SLUG}/submissions`).query({ region: REJOMULYO }).set('Authorization', kader.auth)).body.items as {
      data: Record<string, unknown>;
    }[];
    expect(submission.data).toEqual(
      expect.objectContaining({ jumlah_anggota_keluarga: 5, status_rumah: 'sewa', nama_pemilik_rumah: 'Bu Wati', data_anak: [{ nama_anak: 'Dimas', umur_anak_bulan: 30 }] }),
    );
    await context.close();
  });

  it('lets the admin reject it in the review screen with a comment that the kader then reads', async () => {
    const [submission] = (await app.http().get(`/api/themes/${SLUG}/submissions`).query({ region: REJOMULYO }).set('Authorization', kader.auth)).body.items as { id: string }[];
    const comment = 'Umur anak tidak cocok dengan KMS, mohon dicek lagi.';
    const reviewer = await logIn(LAPTOP, admin.username, 'Tugas saya');
    // Found in the queue by what names the record, as an admin would.
    await rejectInReview(reviewer.page, base, { summaryText: 'Rejomulyo', theme: SLUG }, comment);
    await reviewer.context.close();

    const stored = await app.http().get(`/api/submissions/${submission.id}`).set('Authorization', kader.auth).expect(200);
    expect(stored.body).toMatchObject({ status: 'rejected', reviewComment: comment });
    const cadre = await logIn(PHONE, kader.username, 'Tugas saya');
    await cadre.page.goto(`${base}/kiriman/${submission.id}`);
    await cadre.page.getByText(comment).waitFor();
    await cadre.context.close();
  });
});
