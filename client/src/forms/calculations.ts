import { applyCalculations, calculateValues, planCalculations, type Calculation } from '../../../schemas/expressions';
import type { JsonObject } from '../api/types';
import type { CalculatedValue } from './form-context';

/**
 * The form's side of `calculations[]`: the very library the server runs when it stores a submission
 * (schemas/expressions/), so what the cadre sees is what is stored. Pure code, so it works offline.
 * Fetched only with forms that have calculations (it carries the WHO growth tables).
 */

/** Each calculated field's value for the answers so far, by JSON Pointer. */
export function calculatedValues(calculations: readonly Calculation[], data: JsonObject): Map<string, CalculatedValue> {
  return calculateValues(planCalculations(calculations), data);
}

/** The answers with every calculated field set (removed when it cannot be computed), as the server will store them. */
export function withCalculations(calculations: readonly Calculation[], data: JsonObject): JsonObject {
  return applyCalculations(planCalculations(calculations), data);
}
