import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToolPage, signIn, textKeys } from './helpers/tool-page';
import type { User } from '../../client/src/api/types';
import { adminWebhooksTexts } from '../../client/src/features/admin/webhooks/texts';
import { WebhooksPage } from '../../client/src/features/admin/webhooks/WebhooksPage';
import { stubFetch, type FetchCall } from './helpers/harness';
import { KOTA_METRO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO };
const covid = { slug: 'covid-harian', title: 'Kasus COVID-19 harian', unit: 'report', period: 'day', regionLevel: 'kelurahan', latestVersion: 1 };
const hook = {
  id: 'hook-1',
  theme: 'covid-harian',
  url: 'https://dinkes.example/hooks',
  events: ['submission.created', 'aggregate.changed'],
  active: true,
  createdAt: '2026-11-28T02:30:00.000Z',
};
const removedHook = { ...hook, id: 'hook-0', url: 'https://lama.example/hooks', events: ['aggregate.changed'], active: false };

function webhookRoutes(extra: Record<string, (call: FetchCall) => { status?: number; body?: unknown }> = {}): FetchCall[] {
  let hooks: unknown[] = [removedHook, hook];
  return stubFetch({
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': { body: { items: [covid], nextCursor: null } },
    'GET /api/themes/covid-harian/webhooks': () => ({ body: { items: hooks, nextCursor: null } }),
    'POST /api/themes/covid-harian/webhooks': (call) => {
      const body = JSON.parse(String(call.body)) as { url: string; events: string[] };
      const made = { ...hook, id: 'hook-2', ...body };
      hooks = [...hooks, made];
      return { status: 201, body: { ...made, secret: 'kunci-rahasia-sekali' } };
    },
    'DELETE /api/webhooks/hook-1': () => {
      hooks = hooks.map((item) => (item === hook ? { ...hook, active: false } : item));
      return { status: 204 };
    },
    'GET /api/webhooks/hook-1/deliveries': {
      body: {
        items: [
          {
            id: 'd-2',
            event: 'aggregate.changed',
            status: 'failed',
            attempts: 5,
            responseStatus: 500,
            createdAt: '2026-11-28T03:00:00.000Z',
            sentAt: null,
          },
          {
            id: 'd-1',
            event: 'submission.created',
            status: 'sent',
            attempts: 1,
            responseStatus: 200,
            createdAt: '2026-11-28T02:40:00.000Z',
            sentAt: '2026-11-28T02:40:01.000Z',
          },
        ],
        nextCursor: null,
      },
    },
    ...extra,
  });
}

describe('webhooks page', () => {
  it("lists a theme's webhooks with their events in plain words, removed ones marked", async () => {
    const user = userEvent.setup();
    await signIn(admin);
    webhookRoutes();
    renderToolPage(<WebhooksPage />);
    expect(screen.getByText('Pilih tematik untuk melihat dan menambah webhook-nya.')).toBeInTheDocument();
    await screen.findByRole('option', { name: 'Kasus COVID-19 harian' });
    await user.selectOptions(screen.getByLabelText('Tematik'), 'Kasus COVID-19 harian');
    const row = (await screen.findByText(hook.url)).closest('tr')!;
    expect(row).toHaveTextContent('Ada kiriman baru; Angka rekap berubah');
    expect(row).toHaveTextContent('28 Nov 2026, 09.30 WIB');
    expect(row).toHaveTextContent('Aktif');
    const removed = screen.getByText(removedHook.url).closest('tr')!;
    expect(removed).toHaveTextContent('Dihapus');
    expect(within(removed).queryByRole('button', { name: /Hapus/ })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Webhook Kasus COVID-19 harian' })).toBeInTheDocument();
  });

  it('adds a webhook for the chosen events and shows its signing key once', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = webhookRoutes();
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.type(await screen.findByLabelText('Alamat (URL) penerima'), 'bukan alamat');
    await user.click(screen.getByRole('button', { name: 'Tambah webhook' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Isi alamat yang diawali http:// atau https://.');

    await user.clear(screen.getByLabelText('Alamat (URL) penerima'));
    await user.type(screen.getByLabelText('Alamat (URL) penerima'), 'https://bappeda.example/wakuncar');
    await user.click(screen.getByLabelText('Ada kiriman baru'));
    await user.click(screen.getByLabelText('Angka rekap berubah'));
    await user.click(screen.getByRole('button', { name: 'Tambah webhook' }));
    expect(await screen.findByDisplayValue('kunci-rahasia-sekali')).toBeInTheDocument();
    expect(screen.getByText(/hanya ditampilkan sekali/)).toBeInTheDocument();
    const body = JSON.parse(String(calls.find((call) => call.method === 'POST')!.body)) as unknown;
    expect(body).toEqual({ url: 'https://bappeda.example/wakuncar', events: ['aggregate.changed'] });
    expect(await screen.findByText('https://bappeda.example/wakuncar')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sudah saya simpan' }));
    expect(document.body).not.toHaveTextContent('kunci-rahasia-sekali');
  });

  it('says plainly when the server refuses the address', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    webhookRoutes({
      'POST /api/themes/covid-harian/webhooks': () => ({
        status: 400,
        body: {
          status: 400,
          code: 'VALIDATION_FAILED',
          title: 'Bad request',
          detail: 'url harus alamat http(s) yang sah',
          errors: [{ path: '/url', keyword: 'isUrl', message: 'url harus alamat http(s) yang sah' }],
        },
      }),
    });
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.type(await screen.findByLabelText('Alamat (URL) penerima'), 'https://tanpa_titik');
    await user.click(screen.getByRole('button', { name: 'Tambah webhook' }));
    expect(await screen.findByText('Alamat ini tidak diterima. Periksa lagi penulisannya.')).toBeInTheDocument();
  });

  it('says which addresses are accepted when the server refuses one for where it points', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    webhookRoutes({
      'POST /api/themes/covid-harian/webhooks': () => ({
        status: 400,
        body: {
          status: 400,
          code: 'URL_NOT_ALLOWED',
          title: 'Bad request',
          detail: 'Alamat 127.0.0.1 adalah alamat loopback; hanya alamat internet publik yang diizinkan',
          errors: [{ path: '/url', keyword: 'url', message: 'Alamat 127.0.0.1 adalah alamat loopback; hanya alamat internet publik yang diizinkan' }],
        },
      }),
    });
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.type(await screen.findByLabelText('Alamat (URL) penerima'), 'https://127.1/terima');
    await user.click(screen.getByRole('button', { name: 'Tambah webhook' }));
    expect(await screen.findByText(/hanya dikirim lewat https ke alamat di internet/)).toBeInTheDocument();
    expect(screen.queryByText(/loopback/)).not.toBeInTheDocument();
  });

  it('removes a webhook only after confirming', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = webhookRoutes();
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.click(await screen.findByRole('button', { name: `Hapus webhook ke ${hook.url}` }));
    const dialog = screen.getByRole('dialog', { name: 'Hapus webhook ini?' });
    expect(dialog).toHaveTextContent(`Pemberitahuan ke ${hook.url} berhenti dikirim.`);
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: `Hapus webhook ke ${hook.url}` }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Hapus webhook' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: `Hapus webhook ke ${hook.url}` })).not.toBeInTheDocument());
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual(['/api/webhooks/hook-1']);
    expect(screen.getByText('Webhook dihapus.')).toBeInTheDocument();
  });

  it('shows the delivery log with result, receiver code, attempts and WIB times', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    webhookRoutes();
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.click(await screen.findByRole('button', { name: `Riwayat pengiriman ke ${hook.url}` }));
    const log = within(await screen.findByRole('region', { name: `Riwayat pengiriman ke ${hook.url}` }));
    const rows = (await log.findAllByRole('row')).slice(1).map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ['28 Nov 2026, 10.00 WIB', 'Angka rekap berubah', 'GagalKirim ulang', 'Kode 500', '5', ''],
      ['28 Nov 2026, 09.40 WIB', 'Ada kiriman baru', 'Terkirim', 'Kode 200', '1', '28 Nov 2026, 09.40 WIB'],
    ]);
  });

  it('sends a failed delivery again with one button, and only a failed one', async () => {
    const user = userEvent.setup();
    await signIn(admin);
    const calls = webhookRoutes({
      'POST /api/webhooks/hook-1/deliveries/d-2/redeliver': () => ({ body: { id: 'd-2', event: 'aggregate.changed', status: 'pending', attempts: 5, responseStatus: 500, createdAt: '2026-11-28T03:00:00.000Z', sentAt: null } }),
    });
    renderToolPage(<WebhooksPage />, '/?tema=covid-harian');
    await user.click(await screen.findByRole('button', { name: `Riwayat pengiriman ke ${hook.url}` }));
    const log = within(await screen.findByRole('region', { name: `Riwayat pengiriman ke ${hook.url}` }));
    const buttons = await log.findAllByRole('button', { name: 'Kirim ulang' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url === '/api/webhooks/hook-1/deliveries/d-2/redeliver')).toBe(true));
    expect(await screen.findByText('Pengiriman diulang; hasilnya tampil di riwayat.')).toBeInTheDocument();
  });

  it('has every Indonesian text in English', () => {
    expect(textKeys(adminWebhooksTexts.en)).toEqual(textKeys(adminWebhooksTexts.id));
  });
});
