import { DomainError, FieldError } from '../../common/domain-error';

export class ThemeInvalid extends DomainError {
  constructor(errors: FieldError[]) {
    super(422, 'THEME_INVALID', 'Theme definition invalid', 'Definisi tematik tidak valid', errors);
  }
}

export class SchemaUnsafe extends DomainError {
  constructor(errors: FieldError[]) {
    super(422, 'SCHEMA_UNSAFE', 'Schema not allowed', 'Skema memakai fitur yang tidak aman atau melampaui batas', errors);
  }
}

export class BreakingChange extends DomainError {
  constructor(reasons: string[]) {
    super(409, 'BREAKING_CHANGE', 'Breaking change', `Versi baru merusak data lama: ${reasons.join('; ')}`, undefined, { reasons });
  }
}

export class ThemeNotFound extends DomainError {
  constructor(slug: string) {
    super(404, 'THEME_NOT_FOUND', 'Theme not found', `Tematik ${slug} tidak ditemukan`);
  }
}

export class DraftChanged extends DomainError {
  constructor() {
    super(412, 'DRAFT_CHANGED', 'Draft changed', 'Draf ini sudah diubah admin lain sejak Anda membukanya; muat versi terbaru dulu');
  }
}
