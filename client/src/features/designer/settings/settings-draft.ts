import type { FieldProblem } from '../../../api/types';
import type {
  Aggregation,
  AggregationOp,
  Condition,
  OverTime,
  RatioPart,
  Reminder,
  Scalar,
  ThemePeriod,
  ThemeRegionLevel,
  ThemeSensitivity,
  ThemeUnit,
  Where,
} from '../../../../../schemas/theme-definition';

/**
 * The parts of a theme definition the settings editors read and write, as the meta-schema
 * (schemas/theme-definition.schema.json) shapes them. The designer's own draft type carries more
 * (slug, title, messages …); the editors keep whatever they do not know by spreading it.
 */

// The settings' names for the definition's parts; the shapes are the engine's own (schemas/theme-definition.ts).
export type { Aggregation, AggregationOp, Condition, OverTime, RatioPart, Reminder, Scalar, ThemePeriod, ThemeRegionLevel, ThemeSensitivity, ThemeUnit, Where };

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
