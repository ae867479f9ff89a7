import { fireEvent, screen } from '@testing-library/react';
import type { ValidateFunction } from 'ajv';
import type { JsonObject } from '../../client/src/api/types';
import { NetworkError } from '../../client/src/api/http';
import { createCompiledValidator } from '../../client/src/forms/compiled-validator';
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

  it('gives the form the server\'s Indonesian messages, under the fields they belong to', () => {
    const validator = createCompiledValidator(precompiled(schema), schema);
    const { errors, errorSchema } = validator.validateFormData({ berat: 12.34 }, schema);
    expect(errors.map((error) => error.message)).toEqual(['harus memiliki properti jumlah', 'harus merupakan kelipatan dari 0.1']);
    expect(errorSchema).toMatchObject({ jumlah: { __errors: ['harus memiliki properti jumlah'] }, berat: { __errors: ['harus merupakan kelipatan dari 0.1'] } });
    expect(validator.validateFormData({ jumlah: 2, berat: 12.3 }, schema).errors).toEqual([]);
  });

  it('that cannot be had (offline, never kept) leaves the form checking itself all the same', async () => {
    const onSubmit = jest.fn();
    const unavailable = (): Promise<string> => Promise.reject(new NetworkError(new TypeError('offline')));
    const { container } = await renderThemeForm(structuredClone(schema), {}, { initialData: { jumlah: -1 }, onSubmit, validatorSource: unavailable });
    submit(container);
    expect(await screen.findByRole('alert')).toHaveTextContent(/harus >= 0/);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

