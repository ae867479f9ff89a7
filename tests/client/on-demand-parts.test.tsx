import type { ReactElement } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Json, JsonObject } from '../../client/src/api/types';
import { initI18n } from '../../client/src/app/i18n';
import { OnDemand } from '../../client/src/lib/on-demand';
import { prepareForm } from '../../client/src/forms/prepare';
import getDefaultRegistry, { formModules } from '../../client/src/forms/rjsf-look/default-registry';
import { gpsModule, photoModule, regionModule, searchableModule } from '../../client/src/forms/rjsf-look/registry';
import { ThemeForm } from '../../client/src/forms/ThemeForm';
import { withQueryClient } from './helpers/harness';
import { KOTA_METRO } from '../support/regions';

// RJSF's own registry, from its CommonJS bundle (the ES modules RJSF runs from here have Wakuncar's).
const rjsf = require('@rjsf/core/dist/index.cjs') as { getDefaultRegistry: () => { fields: object; widgets: object; templates: { ButtonTemplates: object } } };

const form = (properties: JsonObject, uiSchema: JsonObject = {}) => prepareForm({ type: 'object', properties }, uiSchema);
const names = (prepared: ReturnType<typeof form>): string[] =>
  formModules(prepared).map((module) =>
    module === photoModule ? 'photo' : module === gpsModule ? 'gps' : module === regionModule ? 'region' : module === searchableModule ? 'searchable' : 'rjsf-extras',
  );

describe('parts of the form engine fetched on demand', () => {
  it('keeps every field, widget and template name RJSF knows, so no definition loses its widget', () => {
    const ours = getDefaultRegistry();
    const theirs = rjsf.getDefaultRegistry();
    expect(Object.keys(ours.fields)).toEqual(expect.arrayContaining(Object.keys(theirs.fields)));
    expect(Object.keys(ours.widgets)).toEqual(expect.arrayContaining(Object.keys(theirs.widgets)));
    expect(Object.keys(ours.templates)).toEqual(expect.arrayContaining(Object.keys(theirs.templates)));
    expect(Object.keys(ours.templates.ButtonTemplates)).toEqual(expect.arrayContaining(Object.keys(theirs.templates.ButtonTemplates)));
  });

  it('needs nothing more for a form of plain fields, the kind most tematik are', () => {
    const plain = form(
      {
        jumlah: { type: 'integer', minimum: 0 },
        nama: { type: 'string', maxLength: 100 },
        kondisi: { type: 'string', enum: ['baik', 'sedang', 'rusak'] },
        jamban: { type: 'boolean' },
        tanggal: { type: 'string', format: 'date' },
        catatan: { type: 'string' },
        hp: { type: 'string' },
        umur: { type: 'integer' },
        ikut: { type: 'boolean' },
      },
      { catatan: { 'ui:widget': 'textarea' }, hp: { 'ui:widget': 'tel' }, umur: { 'ui:widget': 'updown' }, ikut: { 'ui:widget': 'radio' } },
    );
    expect(names(plain)).toEqual([]);
  });

  it('names the parts a form draws, from its schema and its uiSchema', () => {
    expect(names(form({ anggota: { type: 'array', items: { type: 'string' } } }))).toEqual(['rjsf-extras']);
    expect(names(form({ pilihan: { oneOf: [{ type: 'string' }, { type: 'integer' }] } }))).toEqual(['rjsf-extras']);
    expect(names(form({ warna: { type: 'string', format: 'color' } }))).toEqual(['rjsf-extras']);
    expect(names(form({ nilai: { type: 'integer' } }, { nilai: { 'ui:widget': 'range' } }))).toEqual(['rjsf-extras']);
    expect(names(form({ nilai: { type: 'integer' } }, { nilai: { 'ui:widget': 'RatingWidget' } }))).toEqual(['rjsf-extras']);
    expect(names(form({ foto: { type: 'string', format: 'file-id' } }))).toEqual(['photo']);
    expect(names(form({ lokasi: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } } }))).toEqual(['gps']);
    expect(names(form({ rt: { type: 'string' } }, { rt: { 'ui:widget': 'region' } }))).toEqual(['region']);
    const kelurahan: Json[] = Array.from({ length: 22 }, (_, index) => `Kelurahan ${index + 1}`);
    expect(names(form({ kelurahan: { type: 'string', enum: kelurahan } }))).toEqual(['searchable']);
  });

  it('draws a plain form at once, and a form with a list only when the list code is in', async () => {
    initI18n('id');
    const plain = render(
      withQueryClient(<ThemeForm prepared={form({ nama: { type: 'string', title: 'Nama kader' } })} initialData={{}} rootRegionCode={KOTA_METRO} userId="u" />),
    );
    // No waiting: the same render that mounts the form draws its fields.
    expect(screen.getByLabelText('Nama kader')).toBeInTheDocument();
    plain.unmount();

    const user = userEvent.setup();
    const withList = form({ anggota: { type: 'array', title: 'Anggota keluarga', items: { type: 'string', title: 'Nama' } } });
    expect(names(withList)).toEqual(['rjsf-extras']);
    const onChange = jest.fn();
    const { container } = render(
      withQueryClient(<ThemeForm prepared={withList} initialData={{}} rootRegionCode={KOTA_METRO} userId="u" onChange={onChange} />),
    );
    expect(container.querySelector('form')).toBeNull();
    expect(await screen.findByText('Anggota keluarga')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Tambah/ }));
    expect(await screen.findByLabelText(/Nama/)).toBeInTheDocument();
  });
});

describe('OnDemand', () => {
  it('draws its fallback until the code is in, then the component; once in, it draws at once', async () => {
    let release: (module: { Greeting: (props: { name: string }) => ReactElement }) => void = () => undefined;
    const module = new OnDemand(() => new Promise<{ Greeting: (props: { name: string }) => ReactElement }>((resolve) => (release = resolve)));
    const Greeting = module.component('Greeting', (loaded) => loaded.Greeting, <p>memuat…</p>);
    const first = render(<Greeting name="Sari" />);
    expect(screen.getByText('memuat…')).toBeInTheDocument();
    await act(async () => release({ Greeting: ({ name }) => <p>Halo {name}</p> }));
    expect(await screen.findByText('Halo Sari')).toBeInTheDocument();
    first.unmount();

    expect(module.ready).toBe(true);
    render(<Greeting name="Budi" />);
    expect(screen.getByText('Halo Budi')).toBeInTheDocument();
    expect(screen.queryByText('memuat…')).toBeNull();
  });

  it('asks again after a failed fetch instead of keeping the failure', async () => {
    const importer = jest
      .fn<Promise<{ value: number }>, []>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValueOnce({ value: 7 });
    const module = new OnDemand(importer);
    await expect(module.load()).rejects.toThrow('Failed to fetch');
    expect(module.ready).toBe(false);
    await expect(module.load()).resolves.toEqual({ value: 7 });
    await waitFor(() => expect(module.ready).toBe(true));
    expect(importer).toHaveBeenCalledTimes(2);
  });
});
