import { applyCalculations, planCalculations } from '../../../../schemas/expressions';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';

/**
 * The data with the version's calculated fields computed here: what the client sent for them is
 * replaced, never trusted, and the stored values are the server's (the same code as the form's).
 * Computed before validation, so a result is checked against its field like any other value.
 */
export function withCalculatedFields<T extends Record<string, unknown>>(definition: Pick<ThemeDefinition, 'calculations'>, data: T): T {
  if (!definition.calculations?.length || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  return applyCalculations(planCalculations(definition.calculations), data);
}
