import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { JsonObject } from '../../client/src/api/types';
import type { FormTexts } from '../../client/src/forms/prepare';
import { INVALID_FIXTURES } from '../support/themes';
import { renderThemeForm, stubFetch } from './helpers/harness';

/** The built-in tematik and the fixtures the server's tests use: the client must agree with them. */
const themesDir = join(__dirname, '../../schemas/themes');
const fixturesDir = join(__dirname, '../fixtures/themes');
const read = (path: string): JsonObject => JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
const slugs = readdirSync(themesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''));

beforeEach(() => {
  // Photos in the fixtures point at files this test server does not have; previews simply stay empty.
  stubFetch({ 'GET /api/files/': { status: 404, body: { status: 404, code: 'NOT_FOUND', title: 'Not found', detail: '' } } });
});

describe.each(slugs)('built-in theme %s', (slug) => {
  const definition = read(join(themesDir, `${slug}.json`));
  const schema = definition.schema as JsonObject;
  const uiSchema = (definition.uiSchema ?? {}) as JsonObject;

  it('renders with every widget it names and accepts its valid fixture', async () => {
    const onSubmit = jest.fn();
    const { container } = await renderThemeForm(schema, uiSchema, { initialData: read(join(fixturesDir, `${slug}.valid.json`)), onSubmit });
    expect(container.querySelector('.unsupported-field')).toBeNull();
    fireEvent.submit(container.querySelector('form') as HTMLFormElement);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['Bahasa Indonesia', 'id'],
    ['English', 'en'],
  ] as const)('refuses its invalid fixture in %s with the server\'s message, under the field and in the summary', async (_name, language) => {
    const onSubmit = jest.fn();
    const { messages, translations } = definition as unknown as FormTexts;
    const { container } = await renderThemeForm(schema, uiSchema, {
      initialData: read(join(fixturesDir, `${slug}.invalid.json`)),
      onSubmit,
      texts: { messages, translations, language },
    });
    fireEvent.submit(container.querySelector('form') as HTMLFormElement);
    const { path, [language]: message } = INVALID_FIXTURES[slug];
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('listitem').map((item) => item.textContent)).toEqual([message]);
    const field = container.querySelector(`[data-field="${path.slice(1)}"]`) as HTMLElement;
    expect(within(field).getByText(message, { selector: '.field-errors li' })).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
