import type { ErrorObject } from 'ajv';
import i18next from 'i18next';
// File by file, not the module's index: the index hands RE2 over at once (see pattern-engine.ts).
import { toFieldErrors } from '../../../schemas/validator/error-messages';

/**
 * Gives Ajv's errors (which carry no text: `messages: false`) the message the server's 422 answer
 * has for the same error, in the language the person chose.
 */
export function localizeErrors(errors?: null | ErrorObject[]): void {
  const language = i18next.language?.startsWith('en') ? 'en' : 'id';
  for (const error of errors ?? []) {
    const [field] = toFieldErrors([error], language);
    if (field) error.message = field.message;
  }
}
