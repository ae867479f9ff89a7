import { PipeTransform } from '@nestjs/common';
import { compileValidator, type CompiledValidator } from '../../../schemas/validator';
import { invalidRequest } from './validation-errors';

/**
 * Validates a request body with a JSON Schema through the shared validator, compiled once. Used where
 * a body arrives at volume (submissions): class-transformer would walk and copy every submitted field
 * first. Errors have the same codes and shape as the class-validator DTOs' (INVALID_REQUEST /
 * UNKNOWN_PROPERTY, field paths, Indonesian).
 */
export class JsonSchemaBodyPipe<T> implements PipeTransform<unknown, T> {
  private readonly validator: CompiledValidator;

  constructor(schema: object) {
    this.validator = compileValidator(schema);
  }

  transform(value: unknown): T {
    const result = this.validator.validate(value ?? {}, 'id');
    if (result.valid) return value as T;
    throw invalidRequest(result.errors);
  }
}
