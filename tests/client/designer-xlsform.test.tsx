import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { fromDefinition, toDefinition } from '../../client/src/features/designer/builder-model';
import { translateXlsform } from '../../server/src/modules/xlsform/xlsform-translator';
import { BALITA_XLSFORM, xlsformWorkbook } from '../support/xlsforms';
import { KOTA_METRO } from '../support/regions';
import { newOutbox } from './helpers/outbox';
import { renderApp, renderThemeForm, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';

const admin: User = { id: 'admin-1', username: 'admin.kota', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO };

// The very draft the server makes of "Pendataan Balita" (as definitions are before calculations land).
const { definition: draft } = translateXlsform(xlsformWorkbook(BALITA_XLSFORM), { calculations: false });
const SLUG = draft.slug;
const REPORT = [
  { sheet: 'survey', row: 26, column: 'default', message: 'Kolom "default" tidak punya padanan di Wakuncar; isinya "-" tidak dipakai.' },
  { sheet: 'survey', row: 29, column: 'type', message: 'Tipe "start" belum didukung; pertanyaan ini tidak dimasukkan.' },
];

function routes(extra: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)>): FetchCall[] {
  return stubFetch({
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': { body: { items: [], nextCursor: null } },
    [`GET /api/regions/${KOTA_METRO}`]: { body: { code: KOTA_METRO, name: 'Kota Metro', level: 'kota', parentCode: '18', path: [] } },
    ...extra,
  });
}

const xlsx = () => new File([new Uint8Array([80, 75, 3, 4])], 'balita.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-admin', user: admin });
});

describe('"Impor XLSForm" in the designer', () => {
  it('uploads the file, opens the draft it made in the builder and shows where the report points in the spreadsheet', async () => {
    const user = userEvent.setup();
    const calls = routes({
      'POST /api/themes/import/xlsform': { status: 201, body: { slug: SLUG, draft, report: REPORT } },
      [`GET /api/themes/${SLUG}`]: { body: { slug: SLUG, latestVersion: null, versions: [], draft, draftUpdatedAt: '2026-12-06T21:00:00.000Z' }, headers: { etag: '"x1"' } },
    });
    renderApp('/desain', newOutbox());
    const importButton = await screen.findByRole('button', { name: 'Impor XLSForm' });
    expect(importButton).toBeDisabled();
    await user.upload(screen.getByLabelText('Berkas XLSForm (.xlsx)'), xlsx());
    await user.click(importButton);

    await screen.findByText('Draf ini dibuat dari XLSForm', { selector: 'p' }, { timeout: 4000 });
    const upload = calls.find((call) => call.method === 'POST' && call.url === '/api/themes/import/xlsform')!;
    expect(upload.body).toBeInstanceOf(FormData);
    expect(((upload.body as FormData).get('file') as File).name).toBe('balita.xlsx');

    const table = screen.getByRole('table', { name: 'Draf ini dibuat dari XLSForm' });
    const rows = within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Lembar', 'Baris', 'Kolom', 'Keterangan'],
      ['survey', '26', 'default', REPORT[0].message],
      ['survey', '29', 'type', REPORT[1].message],
    ]);
    expect(screen.getByText(/Ada 2 hal di berkas yang tidak dapat diterjemahkan/)).toBeInTheDocument();

    // The imported questions are the builder's fields, the conditional ones marked as such.
    expect(screen.getByLabelText('Judul tematik')).toHaveValue('Pendataan Balita');
    expect(screen.getByRole('button', { name: 'Ubah "Nama ibu"' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ubah "Alasan belum lengkap"' }).closest('li')?.textContent).toMatch(/bersyarat/);

    await user.click(screen.getByRole('button', { name: 'Tutup laporan' }));
    await waitFor(() => expect(screen.queryByText('Draf ini dibuat dari XLSForm', { selector: 'p' })).not.toBeInTheDocument());
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('keeps a refused file on the list with each problem’s sheet, row and column', async () => {
    const user = userEvent.setup();
    routes({
      'POST /api/themes/import/xlsform': {
        status: 422,
        body: {
          type: '/problems/xlsform-choices-missing',
          title: 'XLSForm cannot be imported',
          status: 422,
          code: 'XLSFORM_CHOICES_MISSING',
          detail: 'Daftar pilihan "pekerjaan" tidak ada di lembar choices.',
          problems: [{ sheet: 'survey', row: 30, column: 'type', message: 'Daftar pilihan "pekerjaan" tidak ada di lembar choices.' }],
        },
      },
    });
    renderApp('/desain', newOutbox());
    await user.upload(await screen.findByLabelText('Berkas XLSForm (.xlsx)'), xlsx());
    await user.click(screen.getByRole('button', { name: 'Impor XLSForm' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('XLSForm ini belum dapat dijadikan tematik');
    const cells = within(alert).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells).toEqual(['survey', '30', 'type', 'Daftar pilihan "pekerjaan" tidak ada di lembar choices.']);
    expect(screen.getByRole('heading', { name: 'Desain tematik' })).toBeInTheDocument();
  });

  it('speaks English to an admin who chose it', async () => {
    setLanguage('en');
    const user = userEvent.setup();
    routes({ 'POST /api/themes/import/xlsform': { status: 413, body: { type: '/problems/payload-too-large', title: 'Payload too large', status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Isi permintaan terlalu besar' } } });
    renderApp('/desain', newOutbox());
    await user.upload(await screen.findByLabelText('XLSForm file (.xlsx)'), xlsx());
    await user.click(screen.getByRole('button', { name: 'Import XLSForm' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large. An XLSForm may be at most 2 MB.');
  });
});

describe('the builder opens an imported draft', () => {
  it('reads a simple relevant back as "show when", and keeps the rest of the conditions', () => {
    const model = fromDefinition(draft.schema as never, draft.uiSchema as never);
    const field = (key: string) => model.fields.find((entry) => entry.key === key)!;
    expect(field('vaksin_diterima')).toMatchObject({ kind: 'multiChoice', showWhen: { field: 'imunisasi', values: ['ya'] } });
    expect(field('alasan')).toMatchObject({ kind: 'text', required: true, showWhen: { field: 'imunisasi', values: ['tidak'] } });
    expect(field('bantuan_other')).toMatchObject({ showWhen: { field: 'bantuan', values: ['other'] } });
    expect(field('jk')).toMatchObject({ kind: 'choice', required: true, options: [{ value: 'L', label: 'Laki-laki' }, { value: 'P', label: 'Perempuan' }] });
    expect(field('lokasi').kind).toBe('gps');
    expect(field('foto').kind).toBe('photo');
    expect(field('tanggal_lahir').kind).toBe('date');
    expect(field('catatan').kind).toBe('longText');
    expect(field('saudara')).toMatchObject({ kind: 'repeat', fields: [{ key: 'nama_saudara', required: true }, { key: 'umur_saudara', kind: 'wholeNumber' }] });
    // "jalan" shows when rt is not empty: a condition the builder has no control for, kept as written.
    expect(field('alamat').fields.map((entry) => entry.key)).toEqual(['rt']);
    expect(JSON.stringify(field('alamat').keep.schema.allOf)).toContain('jalan');
    // Ordered as in the sheet; the condition the builder cannot edit stays in the schema, its field kept.
    expect(model.fields.map((entry) => entry.key).slice(0, 4)).toEqual(['nama_ibu', 'nik', 'tanggal_lahir', 'jk']);
    expect(JSON.stringify(model.keep.schema.allOf)).toContain('rujukan');

    // Written back after an edit, the kept conditions' fields keep a place in the order, so the form still draws.
    const written = toDefinition(model).uiSchema as { 'ui:order': string[]; alamat: { 'ui:order': string[] } };
    expect(written['ui:order']).toContain('rujukan');
    expect(written.alamat['ui:order']).toEqual(['rt', 'jalan']);
  });
});

describe('the cadre’s form of an imported draft', () => {
  it('shows a note as text, and a "show when" question once its answer is given', async () => {
    const user = userEvent.setup();
    const small = translateXlsform(
      xlsformWorkbook({
        survey: [
          ['type', 'name', 'label', 'relevant'],
          ['note', 'petunjuk', 'Tanyakan kepada ibu balita.', ''],
          ['select_one yatidak', 'imunisasi', 'Imunisasi dasar lengkap?', ''],
          ['text', 'alasan', 'Alasan belum lengkap', "${imunisasi} = 'tidak'"],
        ],
        choices: BALITA_XLSFORM.choices,
      }),
      { calculations: false },
    ).definition;
    await renderThemeForm(small.schema as never, small.uiSchema as never);
    expect(await screen.findByText('Tanyakan kepada ibu balita.')).toBeInTheDocument();
    expect(screen.queryByLabelText(/Alasan belum lengkap/)).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Tidak'));
    expect(await screen.findByLabelText(/Alasan belum lengkap/)).toBeInTheDocument();
  });

  it('still draws a condition the builder keeps as written once the admin has edited the form', async () => {
    const user = userEvent.setup();
    const small = translateXlsform(
      xlsformWorkbook({
        survey: [
          ['type', 'name', 'label', 'relevant'],
          ['integer', 'umur_bulan', 'Umur (bulan)', ''],
          ['text', 'rujukan', 'Tempat rujukan', '${umur_bulan} >= 6'],
        ],
      }),
      { calculations: false },
    ).definition;
    const edited = toDefinition(fromDefinition(small.schema as never, small.uiSchema as never));
    await renderThemeForm(edited.schema, edited.uiSchema);
    const age = await screen.findByLabelText(/Umur \(bulan\)/);
    expect(screen.queryByLabelText(/Tempat rujukan/)).not.toBeInTheDocument();
    await user.type(age, '7');
    expect(await screen.findByLabelText(/Tempat rujukan/)).toBeInTheDocument();
  });
});
