import { Injectable } from '@nestjs/common';
import type { CompiledValidator } from '../../../../schemas/validator';

export type { CompiledValidator };

/**
 * One compiled validator per (theme, version), made at publish (or on a replica's first use) and
 * never again: versions are immutable. A theme's draft has one entry, replaced when the draft is
 * saved again (`revision` is its save time), so old drafts do not pile up.
 */
@Injectable()
export class ValidatorCache {
  private readonly validators = new Map<string, { revision: string; validator: CompiledValidator }>();

  get(key: string, compile: () => CompiledValidator, revision = ''): CompiledValidator {
    const cached = this.validators.get(key);
    if (cached && cached.revision === revision) return cached.validator;
    const validator = compile();
    this.validators.set(key, { revision, validator });
    return validator;
  }

  /** Registers a validator compiled at publish, once its version is committed. */
  set(key: string, validator: CompiledValidator): void {
    this.validators.set(key, { revision: '', validator });
  }
}

export function versionKey(themeId: string, version: number): string {
  return `${themeId}:${version}`;
}
