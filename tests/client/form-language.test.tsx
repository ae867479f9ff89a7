import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { clearOfflineCache } from '../../client/src/api/offline-cache';
import type { JsonObject, User } from '../../client/src/api/types';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { writeSession } from '../../client/src/features/auth/session';
import { clearDrafts } from '../../client/src/features/fill/drafts';
import { openWakuncarDb } from '../../client/src/features/offline/database';
import { Outbox, type OutboxTransport } from '../../client/src/features/offline/outbox';
import { prepareForm, type FormTexts } from '../../client/src/forms/prepare';
import { METRO_SELATAN, REJOMULYO } from '../support/regions';
import { renderApp, renderThemeForm, stubFetch } from './helpers/harness';

/** A small UMKM-like form: a label, a NIK with the theme's own words, choices, a list, help and a placeholder. */
const schema: JsonObject = {
  type: 'object',
  required: ['nama_usaha', 'nik_pemilik', 'sektor'],
  properties: {
    nama_usaha: { type: 'string', title: 'Nama usaha', minLength: 2 },
    nik_pemilik: { type: 'string', title: 'NIK pemilik', description: 'Nomor Induk Kependudukan.', pattern: '^[0-9]{16}$', minLength: 16, maxLength: 16 },
    sektor: { type: 'string', title: 'Sektor usaha', enum: ['kuliner', 'jasa'] },
    tenaga_kerja: { type: 'integer', title: 'Jumlah tenaga kerja', minimum: 1 },
    bantuan: { type: 'array', title: 'Bantuan diterima', uniqueItems: true, items: { type: 'string', enum: ['pkh', 'blt'] } },
    catatan: { type: 'string', title: 'Catatan' },
  },
};
const uiSchema: JsonObject = {
  nik_pemilik: { 'ui:help': '16 angka sesuai KTP.' },
  sektor: { 'ui:widget': 'radio', 'ui:enumNames': ['Kuliner', 'Jasa'] },
  bantuan: { 'ui:widget': 'checkboxes', 'ui:enumNames': ['PKH', 'BLT'] },
  catatan: { 'ui:placeholder': 'Mis. buka setiap hari' },
};
const texts: FormTexts = {
  messages: { '/nik_pemilik': { pattern: 'NIK pemilik harus 16 angka' } },
  translations: {
    en: {
      title: 'Micro enterprises',
      fields: {
        '/nama_usaha': { title: 'Business name' },
        '/nik_pemilik': { title: "Owner's NIK", description: 'Population identity number.', help: '16 digits as on the ID card.' },
        '/sektor': { title: 'Business sector', enumNames: ['Culinary', 'Services'] },
        '/bantuan': { enumNames: ['PKH (family hope)', 'BLT (cash)'] },
        '/catatan': { title: 'Notes', placeholder: 'E.g. open every day' },
      },
      messages: { '/nik_pemilik': { pattern: "Owner's NIK must be 16 digits" } },
    },
  },
};

const submit = async (user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> => {
  await user.click(screen.getByRole('button', { name: 'Kirim' }));
  return screen.findByRole('alert');
};
const summaryItems = (summary: HTMLElement): string[] => within(summary).getAllByRole('listitem').map((item) => item.textContent ?? '');
const fieldMessages = (name: string): string[] =>
  [...document.querySelectorAll(`[data-field="${name}"] .field-errors li`)].map((item) => item.textContent ?? '');

afterEach(async () => {
  setLanguage('id');
  await waitFor(() => expect(i18next.language).toBe('id'));
});

describe('a theme form in the person\'s language', () => {
  it('is drawn in English from the theme\'s translations, each text falling back to Indonesian on its own', async () => {
    await renderThemeForm(schema, uiSchema, { texts: { ...texts, language: 'en' } });
    expect(screen.getByLabelText(/Business name/)).toBeInTheDocument();
    expect(screen.getByText('Population identity number.')).toBeInTheDocument();
    expect(screen.getByText('16 digits as on the ID card.')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Culinary' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'BLT (cash)' })).toBeInTheDocument();
    expect(screen.getByPlaceholderText('E.g. open every day')).toBeInTheDocument();
    // No English title for these two: the Indonesian one stays.
    expect(screen.getByLabelText(/Jumlah tenaga kerja/)).toBeInTheDocument();
    expect(screen.getByText('Bantuan diterima')).toBeInTheDocument();
    expect(screen.queryByText('Nama usaha')).toBeNull();
  });

  it('is drawn in Indonesian by the definition itself, a list of choices labelled too', async () => {
    await renderThemeForm(schema, uiSchema, { texts: { ...texts, language: 'id' } });
    expect(screen.getByLabelText(/Nama usaha/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Kuliner' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'BLT' })).toBeInTheDocument();
    expect(screen.getByPlaceholderText('Mis. buka setiap hari')).toBeInTheDocument();
  });

  it('shows one Indonesian message per field, under it and in the summary, named by the label', async () => {
    const user = userEvent.setup();
    await renderThemeForm(schema, uiSchema, { texts: { ...texts, language: 'id' }, initialData: { nik_pemilik: '187201450680123', tenaga_kerja: 0 } });
    const summary = await submit(user);
    expect(summary).toHaveTextContent('Ada 4 isian yang perlu diperbaiki');
    expect(summaryItems(summary)).toEqual([
      'Nama usaha wajib diisi',
      'NIK pemilik harus 16 angka',
      'Pilih salah satu Sektor usaha',
      'Jumlah tenaga kerja paling sedikit 1',
    ]);
    expect(fieldMessages('nama_usaha')).toEqual(['Nama usaha wajib diisi']);
    // A 15-digit NIK breaks the pattern and the length: one message.
    expect(fieldMessages('nik_pemilik')).toEqual(['NIK pemilik harus 16 angka']);
  });

  it('shows the same problems in English, with the English labels and the theme\'s English words', async () => {
    const user = userEvent.setup();
    await renderThemeForm(schema, uiSchema, { texts: { ...texts, language: 'en' }, initialData: { nik_pemilik: '187201450680123', tenaga_kerja: 0 } });
    const summary = await submit(user);
    expect(summary).toHaveTextContent('4 answers need fixing');
    expect(summaryItems(summary)).toEqual([
      'Fill in Business name',
      "Owner's NIK must be 16 digits",
      'Choose one of the options for Business sector',
      'Jumlah tenaga kerja must be at least 1',
    ]);
    expect(fieldMessages('nik_pemilik')).toEqual(["Owner's NIK must be 16 digits"]);
  });

  it('leaves the schema alone, so both languages are checked by the same validator', () => {
    const indonesian = prepareForm(schema, uiSchema, { ...texts, language: 'id' });
    const english = prepareForm(schema, uiSchema, { ...texts, language: 'en' });
    expect(english.schema).toBe(indonesian.schema);
    expect(english.uiSchema.nama_usaha).toEqual({ 'ui:title': 'Business name' });
    // A list of choices is labelled from its items' uiSchema.
    expect(english.uiSchema.bantuan).toMatchObject({ items: { 'ui:enumNames': ['PKH (family hope)', 'BLT (cash)'] } });
    // The definition's own uiSchema is not changed.
    expect(uiSchema.sektor).toEqual({ 'ui:widget': 'radio', 'ui:enumNames': ['Kuliner', 'Jasa'] });
  });

  it('puts the English texts of a list item\'s field under the list\'s items, and titles sections in English', () => {
    const withList: JsonObject = {
      type: 'object',
      properties: {
        anak: { type: 'array', title: 'Anak', items: { type: 'object', properties: { nama: { type: 'string', title: 'Nama' } } } },
        alamat: { type: 'object', title: 'Alamat', properties: { rt: { type: 'string', title: 'RT' } } },
      },
    };
    const english = prepareForm(withList, {}, { language: 'en', translations: { en: { fields: { '/anak/nama': { title: 'Name' }, '/alamat': { title: 'Address' } } } } });
    expect(english.uiSchema.anak).toEqual({ items: { nama: { 'ui:title': 'Name' } } });
    expect(english.sections.map((section) => section.title)).toEqual([null, 'Address']);
  });
});

describe('the theme\'s title in the app', () => {
  const kader: User = { id: 'kader-lang', username: 'kader.rejomulyo', displayName: 'Siti Aminah', role: 'kader', regionCode: REJOMULYO };
  const umkm = {
    slug: 'umkm',
    title: 'Usaha Mikro',
    description: 'Pendataan usaha warga.',
    version: 1,
    unit: 'record',
    regionLevel: 'kelurahan',
    period: 'none',
    schema,
    uiSchema,
    ...texts,
    translations: { en: { ...texts.translations?.en, description: 'Survey of residents\' businesses.' } },
  };
  const unreachable: OutboxTransport = { send: () => Promise.reject(new TypeError('unused')), upload: () => Promise.reject(new TypeError('unused')) };

  beforeEach(async () => {
    await clearOfflineCache();
    await clearDrafts(kader.id);
    initI18n('id');
    localStorage.clear();
    writeSession({ token: 'token-lang', user: kader });
    stubFetch({
      'GET /api/auth/me': { body: kader },
      [`GET /api/regions/${REJOMULYO}`]: { body: { code: REJOMULYO, name: 'Rejomulyo', level: 'kelurahan', parentCode: METRO_SELATAN, path: [] } },
      'GET /api/themes?': {
        body: {
          items: [{ slug: 'umkm', title: umkm.title, unit: 'record', period: 'none', regionLevel: 'kelurahan', latestVersion: 1, translations: { en: { title: 'Micro enterprises' } } }],
          nextCursor: null,
        },
      },
      'GET /api/themes/umkm/versions/1': { body: umkm },
      'GET /api/themes/umkm/submissions': { body: { items: [], nextCursor: null } },
    });
  });

  it('is shown in English in Tugas saya and in the form\'s header once the person switches, and the form follows', async () => {
    const user = userEvent.setup();
    renderApp('/tugas', new Outbox(() => openWakuncarDb('form-language'), unreachable, { lockName: 'form-language' }));
    expect(await screen.findByRole('article', { name: 'Usaha Mikro' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'EN' }));
    const card = await screen.findByRole('article', { name: 'Micro enterprises' });

    await user.click(within(card).getByRole('link'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Micro enterprises' })).toBeInTheDocument();
    expect(screen.getByText('Survey of residents\' businesses.')).toBeInTheDocument();
    expect(await screen.findByLabelText(/Business name/)).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Micro enterprises — Wakuncar'));

    await user.click(screen.getByRole('button', { name: 'ID' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Usaha Mikro' })).toBeInTheDocument();
    expect(await screen.findByLabelText(/Nama usaha/)).toBeInTheDocument();
    await act(async () => undefined);
  });
});
