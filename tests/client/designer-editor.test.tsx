import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../client/src/api/types';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { newOutbox } from './helpers/outbox';
import { renderApp, stubFetch, type FakeAnswer, type FetchCall } from './helpers/harness';
import { KOTA_METRO } from '../support/regions';

const admin: User = { id: 'admin-1', username: 'admin.kota', displayName: 'Admin Kota', role: 'admin', regionCode: KOTA_METRO };
const SLUG = 'uji-desain';

const draft = (title = 'Uji desain') => ({
  slug: SLUG,
  title,
  unit: 'record',
  regionLevel: 'kelurahan',
  period: 'month',
  sensitivity: 'public',
  schema: {
    type: 'object',
    properties: {
      nama: { type: 'string', title: 'Nama' },
      nik: { type: 'string', title: 'NIK', pattern: '^[0-9]{16}$' },
    },
    required: ['nama'],
  },
  uiSchema: { 'ui:order': ['nama', 'nik'] },
  aggregations: [{ key: 'banyak', title: 'Banyak', op: 'count' }],
});

const themeAnswer = (title?: string, etag = '"e1"'): FakeAnswer => ({
  body: { slug: SLUG, latestVersion: null, versions: [], draft: draft(title), draftUpdatedAt: '2026-12-01T03:00:00.000Z' },
  headers: { etag },
});

function routes(extra: Record<string, FakeAnswer | ((call: FetchCall) => FakeAnswer)>): FetchCall[] {
  return stubFetch({
    'GET /api/auth/me': { body: admin },
    'GET /api/themes?': { body: { items: [], nextCursor: null } },
    [`GET /api/regions/${KOTA_METRO}`]: { body: { code: KOTA_METRO, name: 'Kota Metro', level: 'kota', parentCode: '18', path: [] } },
    ...extra,
  });
}

const SAVE_WAIT = { timeout: 4000 };

beforeEach(async () => {
  await clearOfflineCache();
  initI18n('id');
  setLanguage('id');
  localStorage.clear();
  writeSession({ token: 'token-admin', user: admin });
});

describe('the designer’s texts', () => {
  it('has every Indonesian text in English too', async () => {
    // Loaded after i18next is set up, as the designer's chunk is.
    const { designerTextsEn, designerTextsId } = await import('../../client/src/features/designer/texts');
    const keys = (texts: object, prefix = ''): string[] =>
      Object.entries(texts).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`)));
    expect(keys(designerTextsEn).sort()).toEqual(keys(designerTextsId).sort());
  });
});

describe('the designer editor', () => {
  it('speaks English to an admin who chose it, with no text key left untranslated', async () => {
    setLanguage('en');
    routes({ [`GET /api/themes/${SLUG}`]: themeAnswer() });
    const { container } = renderApp(`/desain/${SLUG}`, newOutbox());
    await screen.findByLabelText('Tematik title');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Edit "NIK"' }));
    expect(screen.getByLabelText('Input pattern (regex)')).toHaveValue('^[0-9]{16}$');
    expect(screen.getByRole('tab', { name: 'Settings' })).toBeInTheDocument();
    expect(container.textContent).not.toMatch(/designer\.[a-z]+\./);
  });

  it('saves each change with If-Match, and when another admin saved first offers their version and loads it', async () => {
    const user = userEvent.setup();
    let reads = 0;
    const calls = routes({
      [`GET /api/themes/${SLUG}`]: () => (++reads === 1 ? themeAnswer() : themeAnswer('Versi admin lain', '"e2"')),
      [`PUT /api/themes/${SLUG}/draft`]: {
        status: 412,
        body: { status: 412, code: 'DRAFT_CHANGED', title: 'Draft changed', detail: 'Draf ini sudah diubah admin lain' },
      },
    });
    renderApp(`/desain/${SLUG}`, newOutbox());
    const title = await screen.findByLabelText('Judul tematik');
    await user.clear(title);
    await user.type(title, 'Judul saya');

    const alert = await screen.findByText(/Admin lain telah mengubah draf ini/, undefined, SAVE_WAIT);
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.headers['If-Match']).toBe('"e1"');
    expect(JSON.parse(String(put.body))).toEqual(expect.objectContaining({ title: 'Judul saya' }));

    await user.click(within(alert.closest('.notice') as HTMLElement).getByRole('button', { name: 'Muat versi admin lain' }));
    await waitFor(() => expect(screen.getByLabelText('Judul tematik')).toHaveValue('Versi admin lain'));
    // Nothing more was sent over the other admin's draft.
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1);
  });

  it('sets the unit and period in the Pengaturan tab, and saves them with the draft', async () => {
    const user = userEvent.setup();
    const calls = routes({
      [`GET /api/themes/${SLUG}`]: themeAnswer(),
      [`PUT /api/themes/${SLUG}/draft`]: { body: { slug: SLUG }, headers: { etag: '"e2"' } },
    });
    renderApp(`/desain/${SLUG}`, newOutbox());
    await user.click(await screen.findByRole('tab', { name: 'Pengaturan' }));
    const settings = screen.getByRole('region', { name: 'Pengaturan tematik' });
    await user.click(within(settings).getByRole('radio', { name: /^Laporan per wilayah per periode/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PUT')).toBe(true), SAVE_WAIT);
    const saved = JSON.parse(String(calls.filter((call) => call.method === 'PUT').at(-1)!.body)) as Record<string, unknown>;
    expect(saved).toEqual(expect.objectContaining({ unit: 'report', period: 'month', title: 'Uji desain' }));
  });

  it('shows the server’s reason for an unsafe pattern at that field, and keeps what was typed through a reload', async () => {
    const user = userEvent.setup();
    const calls = routes({
      [`GET /api/themes/${SLUG}`]: themeAnswer(),
      [`PUT /api/themes/${SLUG}/draft`]: {
        status: 422,
        body: {
          status: 422,
          code: 'SCHEMA_UNSAFE',
          title: 'Schema not allowed',
          detail: 'Skema memakai fitur yang tidak aman',
          errors: [{ path: '/schema/properties/nik/pattern', keyword: 'pattern', message: 'pola ini dapat membuat server lambat: (a+)+' }],
        },
      },
    });
    const first = renderApp(`/desain/${SLUG}`, newOutbox());
    await user.click(await screen.findByRole('button', { name: 'Ubah "NIK"' }));
    const pattern = screen.getByLabelText('Pola isian (regex)');
    fireEvent.change(pattern, { target: { value: '^(a+)+$' } });

    expect(await screen.findByText('Server: pola ini dapat membuat server lambat: (a+)+', undefined, SAVE_WAIT)).toBeInTheDocument();
    expect(screen.getByLabelText('Pola isian (regex)')).toHaveAttribute('aria-invalid', 'true');
    expect(within(screen.getByRole('button', { name: 'Ubah "NIK"' })).getByText('ada masalah')).toBeInTheDocument();
    expect(screen.getByText(/server menolak draf ini/)).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(1);

    // A reload: the refused draft is not on the server, but what was typed comes back from the device.
    first.unmount();
    renderApp(`/desain/${SLUG}`, newOutbox());
    expect(await screen.findByText(/belum tersimpan sebelumnya dipulihkan/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ubah "NIK"' }));
    expect(screen.getByLabelText('Pola isian (regex)')).toHaveValue('^(a+)+$');
  });

  it('keeps the JSON tab and the builder in step both ways, and says when the JSON does not parse', async () => {
    const user = userEvent.setup();
    routes({
      [`GET /api/themes/${SLUG}`]: themeAnswer(),
      [`PUT /api/themes/${SLUG}/draft`]: { body: { slug: SLUG, latestVersion: null, versions: [], draftUpdatedAt: '2026-12-01T03:01:00.000Z' }, headers: { etag: '"e9"' } },
    });
    renderApp(`/desain/${SLUG}`, newOutbox());
    await screen.findByRole('button', { name: 'Ubah "Nama"' });
    await user.selectOptions(screen.getByLabelText('Jenis isian', { selector: '#kind-root' }), 'Bilangan bulat');
    await user.click(screen.getByRole('button', { name: 'Tambah isian ke formulir' }));
    const label = screen.getByLabelText('Label (yang dibaca kader)');
    await user.clear(label);
    await user.type(label, 'Jumlah Anak');

    await user.click(screen.getByRole('tab', { name: 'JSON' }));
    const schemaText = screen.getByLabelText('Skema', { exact: true }) as HTMLTextAreaElement;
    const schema = JSON.parse(schemaText.value) as { properties: Record<string, unknown> };
    expect(schema.properties.jumlah_anak).toEqual({ type: 'integer', title: 'Jumlah Anak' });

    fireEvent.change(schemaText, { target: { value: '{"type": "object", "properties": {' } });
    expect(screen.getByRole('alert')).toHaveTextContent('JSON belum valid');
    const edited = { ...schema, properties: { ...schema.properties, alamat: { type: 'string', title: 'Alamat rumah' } } };
    fireEvent.change(schemaText, { target: { value: JSON.stringify(edited, null, 2) } });
    expect(screen.queryByText(/JSON belum valid/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Formulir' }));
    expect(screen.getByRole('button', { name: 'Ubah "Alamat rumah"' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ubah "Jumlah Anak"' })).toBeInTheDocument();
  });
});
