import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { isRe2Loaded } from '../../schemas/validator/linear-regexp';
import type { JsonObject } from '../../client/src/api/types';
import { prepareValidator, validatorReadyFor } from '../../client/src/forms/validator';
import { renderThemeForm } from './helpers/harness';

const submit = (container: HTMLElement): void => {
  fireEvent.submit(container.querySelector('form') as HTMLFormElement);
};

// Runs first in this file (its own module registry), while nothing has loaded RE2 yet.
describe('RE2 for patterns', () => {
  const nik: JsonObject = { type: 'object', properties: { nik: { type: 'string', title: 'NIK', pattern: '^[0-9]{16}$' } } };
  const phone: JsonObject = { type: 'object', properties: { hp: { type: 'string', title: 'Nomor HP', pattern: '^(\\+62|0)8[0-9]{8,12}$' } } };

  it('is not loaded for a pattern the native engine runs in linear time', async () => {
    const onSubmit = jest.fn();
    const { container } = await renderThemeForm(nik, {}, { initialData: { nik: '12345' }, onSubmit });
    submit(container);
    expect(await screen.findByRole('alert')).toHaveTextContent('NIK harus 16 angka');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(isRe2Loaded()).toBe(false);
  });

  it('is loaded before a pattern that needs it is compiled, and then checks it', async () => {
    const onSubmit = jest.fn();
    const { container, unmount } = await renderThemeForm(phone, {}, { initialData: { hp: '08-123' }, onSubmit });
    submit(container);
    expect(await screen.findByRole('alert')).toHaveTextContent('Periksa Nomor HP: bentuknya belum sesuai');
    expect(isRe2Loaded()).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
    unmount();

    const valid = await renderThemeForm(phone, {}, { initialData: { hp: '081234567890' }, onSubmit });
    submit(valid.container);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });
});

describe('the validator of a form', () => {
  const schema: JsonObject = {
    type: 'object',
    required: ['jumlah'],
    properties: { jumlah: { type: 'integer', title: 'Jumlah balita', minimum: 0 }, catatan: { type: 'string', title: 'Catatan' } },
  };

  it('is not needed to draw the form, and is ready soon after it is drawn', async () => {
    const copy = structuredClone(schema);
    await renderThemeForm(copy);
    // Drawn at once, before Ajv has been loaded for it.
    expect(screen.getByLabelText(/Jumlah balita/)).toBeInTheDocument();
    expect(validatorReadyFor(copy)).toBe(false);
    // Warmed up after the first paint, in idle time: ready before anyone presses "Kirim".
    await waitFor(() => expect(validatorReadyFor(copy)).toBe(true));
  });

  it('checks a submit pressed before it was ready, and sends only valid data', async () => {
    const invalid = jest.fn();
    const first = await renderThemeForm(structuredClone(schema), {}, { initialData: { jumlah: -1 }, onSubmit: invalid });
    submit(first.container);
    expect(await screen.findByRole('alert')).toHaveTextContent('Jumlah balita paling sedikit 0');
    expect(invalid).not.toHaveBeenCalled();
    first.unmount();

    const valid = jest.fn();
    const second = await renderThemeForm(structuredClone(schema), {}, { initialData: { jumlah: 3 }, onSubmit: valid });
    submit(second.container);
    await waitFor(() => expect(valid).toHaveBeenCalledTimes(1));
    expect(valid).toHaveBeenCalledWith({ jumlah: 3 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is prepared once per theme version (one schema object)', async () => {
    const copy = structuredClone(schema);
    const first = prepareValidator(copy);
    expect(prepareValidator(copy)).toBe(first);
    await first;
    expect(validatorReadyFor(copy)).toBe(true);
  });
});

describe('the bundle', () => {
  // What a browser loads with the form's validator, followed through static imports only: re2js
  // (~45 KB gzip) must be reachable only through the dynamic import in loadRe2.
  it('reaches re2js from the client validator only through a dynamic import', () => {
    const root = resolve(__dirname, '../..');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = ['ajv-validator.ts', 'validator.ts', 'compiled-validator.ts', 'pattern-engine.ts'].map((file) => join(root, 'client/src/forms', file));
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/^\s*import\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          queue.push(target.endsWith('.ts') || target.endsWith('.tsx') ? target : `${target}.ts`);
        } else {
          packages.add(specifier);
        }
      }
    }
    expect([...seen].some((file) => file.endsWith('schemas/validator/linear-regexp.ts'))).toBe(true);
    expect([...seen].filter((file) => /re2-(engine|default)\.ts$|schemas\/validator\/index\.ts$/.test(file))).toEqual([]);
    expect(packages.has('re2js')).toBe(false);
  });
});
