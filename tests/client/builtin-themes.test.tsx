import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { JsonObject } from '../../client/src/api/types';
import type { FormTexts } from '../../client/src/forms/prepare';
import userEvent from '@testing-library/user-event';
import { fixtureCases, INVALID_CASES, INVALID_FIXTURES } from '../support/themes';
import { renderThemeForm, stubFetch } from './helpers/harness';

/** The built-in tematik and the fixtures the server's tests use: the client must agree with them. */
const themesDir = join(__dirname, '../../schemas/themes');
const fixturesDir = join(__dirname, '../fixtures/themes');
const read = (path: string): JsonObject => JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
const slugs = readdirSync(themesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''));

/** The form once drawn: a form with conditions waits for its validator before the first paint. */
async function drawnForm(container: HTMLElement): Promise<HTMLFormElement> {
  return waitFor(() => {
    const form = container.querySelector('form');
    if (!form) throw new Error('the form is not drawn yet');
    return form;
  });
}

beforeEach(() => {
  // Photos in the fixtures point at files this test server does not have; previews simply stay empty.
  stubFetch({ 'GET /api/files/': { status: 404, body: { status: 404, code: 'NOT_FOUND', title: 'Not found', detail: '' } } });
});

describe.each(slugs)('built-in theme %s', (slug) => {
  const definition = read(join(themesDir, `${slug}.json`));
  const schema = definition.schema as JsonObject;
  const uiSchema = (definition.uiSchema ?? {}) as JsonObject;

  it.each(['valid', ...fixtureCases(slug, 'valid')])('renders with every widget it names and accepts its fixture %s', async (kind) => {
    const onSubmit = jest.fn();
    const { container } = await renderThemeForm(schema, uiSchema, { initialData: read(join(fixturesDir, `${slug}.${kind}.json`)), onSubmit });
    const form = await drawnForm(container);
    expect(container.querySelector('.unsupported-field')).toBeNull();
    fireEvent.submit(form);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  const invalidCases = ['invalid', ...fixtureCases(slug, 'invalid')].flatMap((kind) => [
    [kind, 'Bahasa Indonesia', 'id'] as const,
    [kind, 'English', 'en'] as const,
  ]);
  it.each(invalidCases)('refuses its fixture %s in %s with the server\'s message, under the field and in the summary', async (kind, _name, language) => {
    const onSubmit = jest.fn();
    const { messages, translations } = definition as unknown as FormTexts;
    const { container } = await renderThemeForm(schema, uiSchema, {
      initialData: read(join(fixturesDir, `${slug}.${kind}.json`)),
      onSubmit,
      texts: { messages, translations, language },
    });
    fireEvent.submit(await drawnForm(container));
    const { path, [language]: message } = kind === 'invalid' ? INVALID_FIXTURES[slug] : INVALID_CASES[`${slug}.${kind}`];
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('listitem').map((item) => item.textContent)).toEqual([message]);
    // The form names a field by its path with dots (`rumah_tangga.1.nama_krt` for a list's second row).
    const field = container.querySelector(`[data-field="${path.slice(1).replace(/\//g, '.')}"]`) as HTMLElement;
    expect(within(field).getByText(message, { selector: '.field-errors li' })).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('skip logic and lists in the built-ins', () => {
  const builtIn = (slug: string): { schema: JsonObject; uiSchema: JsonObject } => {
    const definition = read(join(themesDir, `${slug}.json`));
    return { schema: definition.schema as JsonObject, uiSchema: (definition.uiSchema ?? {}) as JsonObject };
  };

  it('asks UMKM for the NIB only once the cadre answers that the business has one', async () => {
    const user = userEvent.setup();
    const { schema, uiSchema } = builtIn('umkm');
    const { container } = await renderThemeForm(schema, uiSchema);
    const hasNib = within((await drawnForm(container)).querySelector('[data-field="memiliki_nib"]') as HTMLElement);
    expect(screen.queryByLabelText(/Nomor Induk Berusaha/)).not.toBeInTheDocument();
    await user.click(hasNib.getByRole('radio', { name: 'Ya' }));
    expect(await screen.findByLabelText(/Nomor Induk Berusaha/)).toBeInTheDocument();
    await user.click(hasNib.getByRole('radio', { name: 'Tidak' }));
    await waitFor(() => expect(screen.queryByLabelText(/Nomor Induk Berusaha/)).not.toBeInTheDocument());
  });

  it('leaves UMKM\'s location out when the cadre skips it, also once the NIB question is answered', async () => {
    const user = userEvent.setup();
    const { schema, uiSchema } = builtIn('umkm');
    const changes: JsonObject[] = [];
    const { container } = await renderThemeForm(schema, uiSchema, { onChange: (data) => changes.push(data) });
    const hasNib = within((await drawnForm(container)).querySelector('[data-field="memiliki_nib"]') as HTMLElement);
    await user.click(hasNib.getByRole('radio', { name: 'Tidak' }));
    await waitFor(() => expect(changes.at(-1)).toEqual({ memiliki_nib: false }));
    await user.click(screen.getByRole('button', { name: 'Kirim' }));
    expect(await screen.findByText(/isian yang perlu diperbaiki/)).toBeInTheDocument();
    expect(screen.queryByText('Lintang wajib diisi')).not.toBeInTheDocument();
  });

  it('asks STBM for a photo of the latrine only when the household has its own', async () => {
    const user = userEvent.setup();
    const { schema, uiSchema } = builtIn('stbm');
    const { container } = await renderThemeForm(schema, uiSchema);
    await drawnForm(container);
    const photo = (): HTMLElement | null => container.querySelector('[data-field="foto_jamban"]');
    await user.selectOptions(screen.getByLabelText(/Jenis jamban/), 'Menumpang jamban tetangga/umum');
    expect(photo()).toBeNull();
    await user.selectOptions(screen.getByLabelText(/Jenis jamban/), 'Cemplung');
    await waitFor(() => expect(photo()).not.toBeNull());
  });

  it('lists dasawisma households row by row, each with its own head of household', async () => {
    const { schema, uiSchema } = builtIn('dasawisma-rekap');
    const { container } = await renderThemeForm(schema, uiSchema, { initialData: read(join(fixturesDir, 'dasawisma-rekap.valid.json')) });
    await drawnForm(container);
    // A long form is cut into parts; the list is in the last one, closed until the cadre opens it.
    await userEvent.setup().click(screen.getByRole('button', { name: /^Bagian 3/ }));
    const names = screen.getAllByLabelText(/Nama kepala rumah tangga/) as HTMLInputElement[];
    expect(names.map((input) => input.value)).toEqual(['Sumarno', 'Wagiman']);
  });
});
