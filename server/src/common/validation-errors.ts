import type { ValidationError } from 'class-validator';
import { BadRequest, FieldError } from './domain-error';

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([keyword, message]) => ({
      path,
      keyword: keyword === 'whitelistValidation' ? 'additionalProperties' : keyword,
      message: keyword === 'whitelistValidation' ? `Properti ${error.property} tidak dikenal` : message,
    }));
    return own.concat(flatten(error.children ?? [], path));
  });
}

/** Request DTO problems answer 400 with the same `errors` shape as submission validation. */
export function validationErrors(errors: ValidationError[]): BadRequest {
  const fieldErrors = flatten(errors, '');
  const unknown = fieldErrors.some((error) => error.keyword === 'additionalProperties');
  return new BadRequest(unknown ? 'UNKNOWN_PROPERTY' : 'INVALID_REQUEST', 'Permintaan tidak valid', fieldErrors);
}
