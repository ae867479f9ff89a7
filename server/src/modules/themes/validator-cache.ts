import { Injectable } from '@nestjs/common';
import { compileValidator } from '../../../../schemas/validator';
import type { ObjectSchema } from './theme-definition';

export type CompiledValidator = ReturnType<typeof compileValidator>;

/**
 * One compiled validator per (theme, version), made at publish (or on a replica's first use) and
 * never again: versions are immutable. Draft validators are keyed by the draft's save time.
 */
@Injectable()
export class ValidatorCache {
  private readonly validators = new Map<string, CompiledValidator>();

  get(key: string, schema: () => ObjectSchema): CompiledValidator {
    let validator = this.validators.get(key);
    if (!validator) {
      validator = compileValidator(schema());
      this.validators.set(key, validator);
    }
    return validator;
  }
}

export function versionKey(themeId: string, version: number): string {
  return `${themeId}:${version}`;
}
