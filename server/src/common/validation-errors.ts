import type { ValidationError } from 'class-validator';
import { BadRequest, FieldError } from './domain-error';

/** class-validator speaks English; the API answers in Bahasa Indonesia. */
const INDONESIAN: Record<string, (message: string) => string> = {
  isString: () => 'harus berupa teks',
  isInt: () => 'harus bilangan bulat',
  isBoolean: () => 'harus true atau false',
  isObject: () => 'harus berupa objek',
  isUUID: () => 'harus UUID',
  isDateString: () => 'harus tanggal-waktu ISO 8601',
  isIn: (message) => `harus salah satu dari: ${message.replace(/^.*following values: /, '')}`,
  min: (message) => `tidak boleh kurang dari ${message.replace(/^.*less than /, '')}`,
  minLength: (message) => message.replace(/^.* must be longer than or equal to (\d+) characters$/, 'paling sedikit $1 karakter'),
  maxLength: (message) => message.replace(/^.* must be shorter than or equal to (\d+) characters$/, 'paling banyak $1 karakter'),
};

function translate(keyword: string, property: string, message: string): string {
  if (keyword === 'whitelistValidation') return `Properti ${property} tidak dikenal`;
  const indonesian = INDONESIAN[keyword];
  return indonesian ? indonesian(message) : message;
}

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([keyword, message]) => ({
      path,
      keyword: keyword === 'whitelistValidation' ? 'additionalProperties' : keyword,
      message: translate(keyword, error.property, message),
    }));
    return own.concat(flatten(error.children ?? [], path));
  });
}

/** A malformed request body: 400 `UNKNOWN_PROPERTY` when a field is not known, else `INVALID_REQUEST`. */
export function invalidRequest(fieldErrors: FieldError[]): BadRequest {
  const unknown = fieldErrors.some((error) => error.keyword === 'additionalProperties');
  return new BadRequest(unknown ? 'UNKNOWN_PROPERTY' : 'INVALID_REQUEST', 'Permintaan tidak valid', fieldErrors);
}

/** Request DTO problems answer 400 with the same `errors` shape as submission validation. */
export function validationErrors(errors: ValidationError[]): BadRequest {
  return invalidRequest(flatten(errors, ''));
}
