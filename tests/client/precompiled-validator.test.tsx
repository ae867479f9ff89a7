import { fireEvent, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import type { ValidateFunction } from 'ajv';
import type { JsonObject } from '../../client/src/api/types';
import { NetworkError } from '../../client/src/api/http';
import { initI18n, setLanguage } from '../../client/src/app/i18n';
import { localizeErrors } from '../../client/src/forms/localize-errors';
import { DeferredValidator } from '../../client/src/forms/validator';
import { compileValidator } from '../../schemas/validator/compile-validator';
import { standaloneValidatorCode } from '../../schemas/validator/standalone';
import { standaloneRequire } from '../../schemas/validator/standalone-runtime';
import { renderThemeForm } from './helpers/harness';

// A file of its own: compiling standalone code here brings RE2 in, which lazy-validator.test.tsx
// checks is not loaded before a pattern needs it.

const submit = (container: HTMLElement): void => {
  fireEvent.submit(container.querySelector('form') as HTMLFormElement);
};

describe('a precompiled validator', () => {
  const schema: JsonObject = {
    type: 'object',
    required: ['jumlah'],
    properties: { jumlah: { type: 'integer', title: 'Jumlah balita', minimum: 0 }, berat: { type: 'number', title: 'Berat (kg)', multipleOf: 0.1 } },
  };

  /** What the browser does with the module the API serves, without a blob: import (jsdom has none). */
  const precompiled = (forSchema: JsonObject): ValidateFunction => {
    const module: { exports: { default?: ValidateFunction } } = { exports: {} };
    new Function('require', 'module', 'exports', standaloneValidatorCode(forSchema))(standaloneRequire, module, module.exports);
    return module.exports.default as ValidateFunction;
  };

  it('gives the form the server\'s messages, in the person\'s language, under the fields they belong to', async () => {
    // Only the precompiled module: Ajv itself is never loaded here.
    const validator = new DeferredValidator(() => Promise.reject(new Error('Ajv is not needed')));
    validator.useCompiled(schema, precompiled(schema), localizeErrors);
    validator.describe(schema, { schema, translations: { en: { fields: { '/berat': { title: 'Weight (kg)' } } } } });
    const server = compileValidator(schema, { texts: { translations: { en: { fields: { '/berat': { title: 'Weight (kg)' } } } } } });
    initI18n('id');

    const { errors, errorSchema } = validator.validateFormData({ berat: 12.34 }, structuredClone(schema));
    expect(errors.map((error) => error.message)).toEqual(['Jumlah balita wajib diisi', 'Berat (kg) paling banyak 1 angka di belakang koma']);
    expect(errors.map((error) => error.message)).toEqual(server.validate({ berat: 12.34 }, 'id').errors.map((error) => error.message));
    expect(errorSchema).toMatchObject({
      jumlah: { __errors: ['Jumlah balita wajib diisi'] },
      berat: { __errors: ['Berat (kg) paling banyak 1 angka di belakang koma'] },
    });
    expect(validator.validateFormData({ jumlah: 2, berat: 12.3 }, schema).errors).toEqual([]);

    setLanguage('en');
    await waitFor(() => expect(i18next.language).toBe('en'));
    const english = validator.validateFormData({ berat: 12.34 }, schema).errors.map((error) => error.message);
    expect(english).toEqual(['Fill in Jumlah balita', 'Weight (kg) can have at most 1 decimal place']);
    expect(english).toEqual(server.validate({ berat: 12.34 }, 'en').errors.map((error) => error.message));
    setLanguage('id');
    await waitFor(() => expect(i18next.language).toBe('id'));
  });

  it('that cannot be had (offline, never kept) leaves the form checking itself all the same', async () => {
    const onSubmit = jest.fn();
    const unavailable = (): Promise<string> => Promise.reject(new NetworkError(new TypeError('offline')));
    const { container } = await renderThemeForm(structuredClone(schema), {}, { initialData: { jumlah: -1 }, onSubmit, validatorSource: unavailable });
    submit(container);
    expect(await screen.findByRole('alert')).toHaveTextContent('Jumlah balita paling sedikit 0');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

