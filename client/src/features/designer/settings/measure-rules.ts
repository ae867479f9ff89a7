import type { FieldOption } from './field-options';
import { measureKey } from './keys';
import { withoutUndefined, type Aggregation, type AggregationOp, type Condition, type Scalar, type Where } from './settings-draft';
import { wibDate } from '../../../lib/wib';

export const OPS: AggregationOp[] = ['count', 'sum', 'avg', 'min', 'max', 'ratio'];
export const FIELD_OPS: AggregationOp[] = ['sum', 'avg', 'min', 'max'];

/** Percent by default: most PKK ratios are coverage percentages. */
const DEFAULT_RATIO_SCALE = 100;

/**
 * The measure with another operation, keeping what still applies (as the meta-schema allows it):
 * a count has no field, a sum needs a number field, a ratio has two sides and a scale, min and max
 * always take the last period's value over time.
 */
export function withOp(aggregation: Aggregation, op: AggregationOp, fields: readonly FieldOption[]): Aggregation {
  const numeric = fields.filter((field) => field.numeric);
  const isNumeric = (pointer: string | undefined): boolean => numeric.some((field) => field.pointer === pointer);
  const leavingMinMax = (aggregation.op === 'min' || aggregation.op === 'max') && op !== 'min' && op !== 'max';
  const next: Aggregation = {
    ...aggregation,
    op,
    field: undefined,
    numerator: undefined,
    denominator: undefined,
    scale: undefined,
    overTime: leavingMinMax && aggregation.overTime === 'last' ? undefined : aggregation.overTime,
  };
  if (FIELD_OPS.includes(op)) {
    const previous = aggregation.field ?? aggregation.numerator?.field;
    next.field = isNumeric(previous) ? previous : numeric[0]?.pointer;
    if (op === 'min' || op === 'max') next.overTime = 'last';
  }
  if (op === 'ratio') {
    next.numerator = aggregation.numerator ?? (aggregation.field ? { field: aggregation.field } : {});
    next.denominator = aggregation.denominator ?? {};
    next.scale = aggregation.scale ?? DEFAULT_RATIO_SCALE;
  }
  return withoutUndefined(next);
}

/**
 * The measure renamed. Its key follows the title while it is still the one made from the old title
 * (never typed by hand), unless it is published: dashboards and exports keep published keys.
 */
export function retitled(aggregation: Aggregation, title: string, otherKeys: readonly string[], locked: boolean): Aggregation {
  const madeFromTitle = aggregation.key === measureKey(aggregation.title, otherKeys);
  const key = !locked && madeFromTitle ? measureKey(title, otherKeys) : aggregation.key;
  return { ...aggregation, title, key };
}

export type ConditionOp = keyof Condition;
const CONDITION_OPS: ConditionOp[] = ['eq', 'in', 'gte', 'lte'];

/** One line of a filter: a field, how it is compared, and with what. */
export interface FilterRow {
  pointer: string;
  op: ConditionOp;
  value: Scalar | Scalar[];
}

/** `{"/a": {gte: 1, lte: 5}}` → two lines, one per comparison. */
export function filterRows(where: Where | undefined): FilterRow[] {
  return Object.entries(where ?? {}).flatMap(([pointer, condition]) =>
    CONDITION_OPS.filter((op) => condition[op] !== undefined).map((op) => ({ pointer, op, value: condition[op] as Scalar | Scalar[] })),
  );
}

/** The lines back as a `where`; absent when there are none (the meta-schema wants at least one). */
export function whereOf(rows: readonly FilterRow[]): Where | undefined {
  const where: Where = {};
  for (const row of rows) where[row.pointer] = { ...where[row.pointer], [row.op]: row.value };
  return Object.keys(where).length > 0 ? where : undefined;
}

/** The comparisons that make sense for a field. */
export function conditionOpsFor(field: FieldOption | undefined): ConditionOp[] {
  if (!field) return ['eq'];
  const ops: ConditionOp[] = ['eq'];
  if (field.choices && field.choices.length > 1 && field.kind !== 'boolean') ops.push('in');
  if (field.bounds) ops.push('gte', 'lte');
  return ops;
}

/** A first condition for a field, so a new line is already valid: its first choice, at least 1, from today. */
export function defaultRow(field: FieldOption): FilterRow {
  if (field.choices && field.choices.length > 0) return { pointer: field.pointer, op: 'eq', value: field.choices[0].value };
  if (field.bounds === 'number') return { pointer: field.pointer, op: 'gte', value: 1 };
  if (field.bounds === 'date') return { pointer: field.pointer, op: 'gte', value: wibDate(new Date()) };
  return { pointer: field.pointer, op: 'eq', value: '' };
}

/** The line with another comparison, its value carried over where it still fits. */
export function withConditionOp(row: FilterRow, op: ConditionOp, field: FieldOption | undefined): FilterRow {
  const values = Array.isArray(row.value) ? row.value : [row.value];
  if (op === 'in') return { ...row, op, value: values };
  if (op === 'eq') return { ...row, op, value: values[0] ?? (field?.choices?.[0]?.value ?? '') };
  const bound = values[0];
  const fits = field?.bounds === 'number' ? typeof bound === 'number' : typeof bound === 'string' && bound !== '';
  return { ...row, op, value: fits ? bound : field?.bounds === 'date' ? wibDate(new Date()) : 1 };
}

/** A new measure: a count, titled so its key is made from the title. */
export function newMeasure(title: string, otherKeys: readonly string[]): Aggregation {
  return { key: measureKey(title, otherKeys), title, op: 'count' };
}
