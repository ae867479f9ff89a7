import type { FieldProblem } from '../../../api/types';

/**
 * The parts of a theme definition the settings editors read and write, as the meta-schema
 * (schemas/theme-definition.schema.json) shapes them. The designer's own draft type carries more
 * (slug, title, messages …); the editors keep whatever they do not know by spreading it.
 */

export type ThemeUnit = 'report' | 'record';
export type ThemeRegionLevel = 'kecamatan' | 'kelurahan' | 'rw' | 'rt' | 'dasawisma';
export type ThemePeriod = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'none';
export type ThemeSensitivity = 'public' | 'personal' | 'sensitive';
export type AggregationOp = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'ratio';
export type OverTime = 'sum' | 'last' | 'avg';

export type Scalar = string | number | boolean | null;

/** Conditions on one field; every condition given must hold. */
export interface Condition {
  eq?: Scalar;
  in?: Scalar[];
  gte?: number | string;
  lte?: number | string;
}

/** `{"/pointer": condition}`; every pointer's condition must hold. */
export type Where = Record<string, Condition>;

/** With `field`: the sum of that field; without: the number of submissions. */
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
  scale?: number;
  overTime?: OverTime;
  konsep?: string;
  definisi?: string;
  rumus?: string;
  satuan?: string;
  sumber?: string;
}

export interface Reminder {
  key: string;
  cron: string;
  audience: 'kader' | 'admin';
  when: 'missing' | 'always';
  message?: string;
}

export interface SettingsDraft {
  unit: ThemeUnit;
  regionLevel: ThemeRegionLevel;
  period: ThemePeriod;
  dueAfter?: string;
  sensitivity: ThemeSensitivity;
  personalFields?: string[];
  /** Pointers of the short fields that name one record in lists (at most three). */
  summary?: string[];
  suppressBelow?: number;
  schema: object;
  uiSchema?: object;
  /** The theme's English texts (`{en: {fields: {<pointer>: {title, enumNames}}}}`): English field labels for an English-speaking admin. */
  translations?: object;
  aggregations: Aggregation[];
  reminders?: Reminder[];
}

/** Every settings editor: controlled by the draft, told the server's errors (paths into the definition). */
export interface SettingsEditorProps<D extends SettingsDraft> {
  definition: D;
  onChange: (next: D) => void;
  errors?: readonly FieldProblem[];
}

/** A copy of `value` without the keys whose value is undefined, so the draft never carries them. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
