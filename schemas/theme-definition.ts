/**
 * The typed shape of a theme definition. `schemas/theme-definition.schema.json` is the source of truth
 * for what is accepted; `checkDefinition` adds the checks a schema cannot express.
 */

import type { Calculation } from './expressions/calculations';
import type { FieldMessages, ThemeTranslations } from './validator/field-texts';

export type { Calculation, FieldMessages, ThemeTranslations };

export type ThemeUnit = 'report' | 'record';
export type ThemeRegionLevel = 'kecamatan' | 'kelurahan' | 'rw' | 'rt' | 'dasawisma';
export type ThemePeriod = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'none';
export type ThemeSensitivity = 'public' | 'personal' | 'sensitive';
export type AggregationOp = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'ratio';
export type OverTime = 'sum' | 'last' | 'avg';
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export type Scalar = string | number | boolean | null;
export type JsonValue = Scalar | JsonValue[] | { [key: string]: JsonValue };

/** Conditions on one field; every condition given must hold. */
export interface Condition {
  eq?: Scalar;
  in?: Scalar[];
  gte?: number | string;
  lte?: number | string;
}

/** `{"/pointer": condition}`; every pointer's condition must hold. */
export type Where = Record<string, Condition>;

/** With `field`: the sum of that field; without: the number of submissions. `where` filters either. */
export interface RatioPart {
  field?: string;
  where?: Where;
}

export interface Aggregation {
  key: string;
  title: string;
  description?: string;
  op: AggregationOp;
  field?: string;
  where?: Where;
  groupBy?: string;
  numerator?: RatioPart;
  denominator?: RatioPart;
  /** ratio = Σnumerator ÷ Σdenominator × scale; default 1. */
  scale?: number;
  /** How base periods combine into coarser ones; default `sum`. */
  overTime?: OverTime;
  /** Satu Data metadata, carried by exports. */
  konsep?: string;
  definisi?: string;
  rumus?: string;
  satuan?: string;
  sumber?: string;
}

export interface Reminder {
  key: string;
  /** Five fields, Asia/Jakarta. */
  cron: string;
  audience: 'kader' | 'admin';
  when: 'missing' | 'always';
  message?: string;
}

export type AlertLevel = 'provinsi' | 'kota' | ThemeRegionLevel;
export type AlertOp = 'gte' | 'gt' | 'lte' | 'lt';

/**
 * Early warning on one measure: when its cell at `level` (summed over the last `window` periods)
 * crosses `threshold`, one alert opens for that region and period and `audience` is told once.
 */
export interface AlertRule {
  key: string;
  title: string;
  /** The `key` of an aggregation without `groupBy`. */
  measure: string;
  level: AlertLevel;
  op: AlertOp;
  threshold: number;
  /** ISO 8601 duration in whole periods of the theme (`P7D` on a daily theme); default one period. */
  window?: string;
  audience: 'admin' | 'kader';
  message?: string;
}

/** A JSON Schema node as far as the engine reads it; other keywords pass through untouched. */
export interface FieldSchema {
  type?: JsonType | JsonType[];
  title?: string;
  description?: string;
  format?: string;
  enum?: JsonValue[];
  const?: JsonValue;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  [keyword: string]: unknown;
}

/** The top level of a submission schema is always an object with properties. */
export interface ObjectSchema extends FieldSchema {
  type: 'object';
  properties: Record<string, FieldSchema>;
}

/** RJSF uiSchema: field names map to nested uiSchemas, `ui:*` keys to options. */
export interface UiSchema {
  [key: string]: JsonValue | UiSchema;
}

export interface ThemeDefinition {
  slug: string;
  title: string;
  description?: string;
  unit: ThemeUnit;
  regionLevel: ThemeRegionLevel;
  period: ThemePeriod;
  /** ISO 8601 duration from the start of the period, e.g. `P1DT10H`. */
  dueAfter?: string;
  sensitivity: ThemeSensitivity;
  /** JSON Pointers into the data that `opd` never sees. */
  personalFields?: string[];
  /** JSON Pointers of the short fields whose values name one record in lists. */
  summary?: string[];
  /** Published numbers resting on fewer submissions than this are suppressed (sensitive themes); default 5. */
  suppressBelow?: number;
  schema: ObjectSchema;
  uiSchema?: UiSchema;
  aggregations: Aggregation[];
  reminders?: Reminder[];
  /** Fields computed from others (expression language: schemas/expressions/); the server's result is stored. */
  calculations?: Calculation[];
  alerts?: AlertRule[];
  /** The theme's own words for a field's errors, by field pointer and keyword. */
  messages?: FieldMessages;
  /** The theme's texts in other languages; the definition itself is Indonesian. */
  translations?: ThemeTranslations;
}

/** Small-cell threshold of a theme without `suppressBelow`. */
export const DEFAULT_SUPPRESS_BELOW = 5;

/** `/a/b~1c` → `['a', 'b/c']` (RFC 6901). */
export function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one token for use inside a JSON Pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The subschema a data pointer names, walking `properties` only: aggregations read one value per
 * submission, so array items are never addressed. Own properties only, so `/constructor` is absent.
 */
export function resolvePointer(schema: FieldSchema, pointer: string): FieldSchema | undefined {
  if (!pointer.startsWith('/')) return undefined;
  let node: FieldSchema | undefined = schema;
  for (const token of pointerTokens(pointer)) {
    const properties: Record<string, FieldSchema> | undefined = node.properties;
    if (!properties || typeof properties !== 'object' || !Object.hasOwn(properties, token)) return undefined;
    const child: unknown = properties[token];
    if (!child || typeof child !== 'object' || Array.isArray(child)) return undefined;
    node = child as FieldSchema;
  }
  return node;
}

/** The JSON types a field admits: its `type`, else the types of its `const`/`enum` values. */
export function fieldTypes(field: FieldSchema): Set<JsonType> {
  if (typeof field.type === 'string') return new Set([field.type]);
  if (Array.isArray(field.type)) return new Set(field.type);
  const values = field.const !== undefined ? [field.const] : (field.enum ?? []);
  return new Set(values.map(jsonTypeOf));
}

export function jsonTypeOf(value: JsonValue): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as 'string' | 'boolean' | 'object';
}

/** One data pointer an aggregation reads, and where in the aggregation it is written. */
export interface AggregationInput {
  pointer: string;
  /** `field`: a value that is summed (also a ratio side's field); `groupBy`; `where`: a filter. */
  kind: 'field' | 'groupBy' | 'where';
  /** JSON Pointer of the reference, relative to the aggregation. */
  at: string;
  condition?: Condition;
}

export function aggregationInputs(aggregation: Aggregation): AggregationInput[] {
  const inputs: AggregationInput[] = [];
  const addWhere = (where: Where | undefined, prefix: string): void => {
    for (const [pointer, condition] of Object.entries(where ?? {})) {
      inputs.push({ pointer, kind: 'where', at: `${prefix}/where/${escapePointerToken(pointer)}`, condition });
    }
  };
  if (aggregation.field !== undefined) inputs.push({ pointer: aggregation.field, kind: 'field', at: '/field' });
  if (aggregation.groupBy !== undefined) inputs.push({ pointer: aggregation.groupBy, kind: 'groupBy', at: '/groupBy' });
  addWhere(aggregation.where, '');
  for (const side of ['numerator', 'denominator'] as const) {
    const part = aggregation[side];
    if (part?.field !== undefined) inputs.push({ pointer: part.field, kind: 'field', at: `/${side}/field` });
    addWhere(part?.where, `/${side}`);
  }
  return inputs;
}
