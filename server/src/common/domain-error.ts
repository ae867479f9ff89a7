/** One field-level problem, `path` a JSON Pointer into the submitted data. */
export interface FieldError {
  path: string;
  keyword: string;
  message: string;
}

/**
 * An error the product means to answer with. The `code` is part of the API contract and never
 * changes once shipped; `detail` may.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', 'Not found', `${what} tidak ditemukan`);
  }
}

export class RegionOutOfScope extends DomainError {
  constructor(code: string) {
    super(404, 'REGION_OUT_OF_SCOPE', 'Region not found', `Wilayah ${code} tidak ditemukan di wilayah Anda`);
  }
}

export class Forbidden extends DomainError {
  constructor(detail = 'Peran Anda tidak boleh melakukan tindakan ini', code = 'FORBIDDEN') {
    super(403, code, 'Forbidden', detail);
  }
}

export class Unauthorized extends DomainError {
  constructor(code = 'UNAUTHENTICATED', detail = 'Silakan masuk terlebih dahulu') {
    super(401, code, 'Unauthorized', detail);
  }
}

export class BadRequest extends DomainError {
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(400, code, 'Bad request', detail, errors);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, detail: string, extra?: Record<string, unknown>) {
    super(409, code, 'Conflict', detail, undefined, extra);
  }
}

export class ValidationFailed extends DomainError {
  constructor(errors: FieldError[], detail = 'Data tidak valid') {
    super(422, 'VALIDATION_FAILED', 'Validation failed', detail, errors);
  }
}
