/** One problem, in the shape of a problem+json answer's `errors[]`. */
export interface FieldError {
  /** JSON Pointer: into the submitted data for validation errors, into the schema for schema errors. */
  path: string;
  keyword: string;
  message: string;
}

/** Bahasa Indonesia first; English when the caller asks for it (Accept-Language). */
export type MessageLanguage = 'id' | 'en';

/** Appends one reference token to a JSON Pointer (RFC 6901 escaping). */
export const appendPointer = (pointer: string, token: string | number): string =>
  `${pointer}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
