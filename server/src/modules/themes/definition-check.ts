import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { CronExpressionParser } from 'cron-parser';
import { checkCalculations } from '../../../../schemas/expressions';
import { summaryFieldProblem } from '../../../../schemas/labels/record-summary';
import themeDefinitionSchema from '../../../../schemas/theme-definition.schema.json';
import { choicesOf, fieldSchema, toFieldErrors, type FieldMessages } from '../../../../schemas/validator';
import type { FieldError } from '../../common/domain-error';
import { levelsFrom } from '../aggregation/granularity';
import { MAX_WINDOW_PERIODS, windowPeriods } from '../alerts/alert-window';
import {
  Aggregation,
  AggregationInput,
  Condition,
  FieldSchema,
  JsonType,
  Scalar,
  ThemeDefinition,
  UiSchema,
  aggregationInputs,
  escapePointerToken,
  fieldTypes,
  jsonTypeOf,
  resolvePointer,
} from '../../../../schemas/theme-definition';

export type { FieldError };

/** An integer group-by needs a bounded range, so the number of groups (and of small cells) stays small. */
const MAX_INTEGER_GROUPS = 100;
const NUMERIC: JsonType[] = ['number', 'integer'];
const ORDERED_STRING_FORMATS = ['date', 'date-time', 'time'];

// The meta-schema is ours, not admin input, so a private Ajv compiled once at load is enough.
// Regular expressions and keywords inside `schema` are the validator's job (checkSchemaSafety).
const metaAjv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateShape = metaAjv.compile<ThemeDefinition>(themeDefinitionSchema);

/**
 * Everything wrong with a theme definition, `path` a JSON Pointer into the definition; empty when it
 * may be saved. Shape errors come first; the semantic checks only run on a well-shaped definition.
 */
export function checkDefinition(definition: unknown): FieldError[] {
  if (!validateShape(definition)) return shapeErrors(validateShape.errors ?? []);
  return [
    ...checkSchemaRequired(definition),
    ...checkPersonalFields(definition),
    ...checkAggregations(definition),
    ...checkUiSchema(definition),
    ...checkReminders(definition),
    ...checkAlerts(definition),
    ...checkTexts(definition),
    ...checkSummary(definition),
    ...checkCalculations(definition.schema, definition.calculations ?? []),
  ];
}

// The meta-schema's patterns, in words an admin can act on.
const SHAPE_MESSAGES: FieldMessages = {
  '/slug': { pattern: 'Slug hanya boleh huruf kecil, angka dan tanda hubung, mis. covid-harian' },
  '/dueAfter': { pattern: 'Batas kirim harus durasi ISO 8601, mis. P1DT10H' },
  '/aggregations/key': { pattern: 'Kunci ukuran hanya boleh huruf kecil, angka dan garis bawah, diawali huruf' },
  '/reminders/key': { pattern: 'Kunci pengingat hanya boleh huruf kecil, angka dan tanda hubung' },
  '/alerts/key': { pattern: 'Kunci peringatan hanya boleh huruf kecil, angka dan tanda hubung' },
  '/alerts/window': { pattern: 'Jendela waktu harus durasi ISO 8601 dalam hari, minggu, bulan atau tahun, mis. P7D' },
};

const FIELD_NAME_RULE = 'nama kolom hanya boleh huruf kecil, angka dan garis bawah, diawali huruf (mis. jumlah_kk)';

function shapeErrors(errors: ErrorObject[]): FieldError[] {
  // The shared validator's words, named by the meta-schema's titles; one message per place.
  return toFieldErrors(errors, 'id', { schema: themeDefinitionSchema, messages: SHAPE_MESSAGES }).map((error) =>
    error.keyword === 'additionalProperties' ? { ...error, message: 'properti tidak dikenal' }
    : error.keyword === 'false schema' ? { ...error, keyword: 'not' }
    : error.keyword === 'propertyNames' && error.path.startsWith('/schema/properties/') ? { ...error, message: FIELD_NAME_RULE }
    : error,
  );
}

function checkSchemaRequired(definition: ThemeDefinition): FieldError[] {
  const required = definition.schema.required ?? [];
  return required.flatMap((name, index) =>
    Object.hasOwn(definition.schema.properties, name)
      ? []
      : [{ path: `/schema/required/${index}`, keyword: 'required', message: `kolom wajib "${name}" tidak ada di properties` }],
  );
}

function checkPersonalFields(definition: ThemeDefinition): FieldError[] {
  const personal = definition.personalFields ?? [];
  const errors: FieldError[] = personal.flatMap((pointer, index) =>
    resolvePointer(definition.schema, pointer) ? [] : [missingField(`/personalFields/${index}`, pointer)],
  );
  if (personal.length > 0 && definition.sensitivity === 'public') {
    errors.push({
      path: '/sensitivity',
      keyword: 'sensitivity',
      message: 'tematik yang memiliki kolom data pribadi tidak boleh public; pilih personal atau sensitive',
    });
  }
  if (definition.suppressBelow !== undefined && definition.sensitivity === 'public') {
    errors.push({ path: '/suppressBelow', keyword: 'sensitivity', message: 'batas sel kecil hanya berlaku untuk tematik personal atau sensitive' });
  }
  return errors;
}

function checkAggregations(definition: ThemeDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const personal = new Set(definition.personalFields ?? []);
  const seen = new Set<string>();
  definition.aggregations.forEach((aggregation, index) => {
    const base = `/aggregations/${index}`;
    if (seen.has(aggregation.key)) {
      errors.push({ path: `${base}/key`, keyword: 'uniqueKey', message: `kunci ukuran "${aggregation.key}" sudah dipakai` });
    }
    seen.add(aggregation.key);
    for (const input of aggregationInputs(aggregation)) {
      const path = `${base}${input.at}`;
      const field = resolvePointer(definition.schema, input.pointer);
      if (!field) {
        errors.push(missingField(path, input.pointer));
        continue;
      }
      // A group or a filter on NIK or a name would single out a person in aggregates OPD can read.
      if (personal.has(input.pointer) && input.kind !== 'field') {
        errors.push({ path, keyword: 'personalField', message: `kolom data pribadi ${input.pointer} tidak boleh dipakai untuk pengelompokan atau saringan` });
        continue;
      }
      const problem = inputProblem(aggregation, input, field);
      if (problem) errors.push({ path, keyword: input.kind === 'field' ? 'fieldType' : input.kind, message: problem });
    }
  });
  return errors;
}

function inputProblem(aggregation: Aggregation, input: AggregationInput, field: FieldSchema): string | null {
  if (input.kind === 'field') {
    return isNumeric(field) ? null : `operasi ${aggregation.op} membutuhkan kolom angka (number/integer), ${input.pointer} bukan angka`;
  }
  if (input.kind === 'groupBy') {
    const problem = groupProblem(field);
    return problem ? `${input.pointer} tidak bisa dikelompokkan: ${problem}` : null;
  }
  const problem = conditionProblem(input.condition ?? {}, field);
  return problem ? `syarat untuk ${input.pointer} tidak cocok: ${problem}` : null;
}

function groupProblem(field: FieldSchema): string | null {
  const types = withoutNull(fieldTypes(field));
  if (field.enum !== undefined || field.const !== undefined) {
    const groupable = [...types].every((type) => type === 'string' || type === 'integer' || type === 'boolean');
    return groupable ? null : 'nilai enum harus teks, bilangan bulat atau boolean';
  }
  if (types.size === 1 && types.has('boolean')) return null;
  if (types.size === 1 && types.has('integer')) {
    const { minimum, maximum } = field;
    if (typeof minimum !== 'number' || typeof maximum !== 'number') return 'bilangan bulat perlu minimum dan maximum';
    return maximum - minimum + 1 <= MAX_INTEGER_GROUPS ? null : `rentang bilangan bulat lebih dari ${MAX_INTEGER_GROUPS} nilai`;
  }
  return 'hanya teks dengan enum, boolean atau bilangan bulat berentang yang bisa';
}

function conditionProblem(condition: Condition, field: FieldSchema): string | null {
  const values: Scalar[] = [...(condition.eq !== undefined ? [condition.eq] : []), ...(condition.in ?? [])];
  for (const value of values) {
    if (!valueFits(value, field)) return `nilai ${JSON.stringify(value)} tidak mungkin muncul di kolom ini`;
  }
  for (const bound of [condition.gte, condition.lte]) {
    if (bound === undefined) continue;
    const fits =
      typeof bound === 'number'
        ? isNumeric(field)
        : withoutNull(fieldTypes(field)).has('string') && ORDERED_STRING_FORMATS.includes(String(field.format));
    if (!fits) return 'gte/lte hanya untuk kolom angka (dengan batas angka) atau tanggal/waktu (dengan batas teks)';
  }
  return null;
}

function valueFits(value: Scalar, field: FieldSchema): boolean {
  if (field.enum !== undefined) return field.enum.some((allowed) => allowed === value);
  if (field.const !== undefined) return field.const === value;
  const types = fieldTypes(field);
  if (types.size === 0) return true;
  const valueType = jsonTypeOf(value);
  return types.has(valueType) || (valueType === 'integer' && types.has('number'));
}

function checkUiSchema(definition: ThemeDefinition): FieldError[] {
  return definition.uiSchema ? uiSchemaProblems(definition.uiSchema, definition.schema, '/uiSchema') : [];
}

/** Walks the uiSchema beside the schema: a key that is not `ui:*` must name a field at that level. */
const isSchemaObject = (value: unknown): value is FieldSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The properties a form may show at one object level: its own, and those a condition adds
 * (`then`/`else` of the level or of its `allOf` entries), which RJSF draws while the condition holds
 * and orders by the same `ui:order`.
 */
function levelProperties(schema: FieldSchema): Record<string, FieldSchema> {
  const found: Record<string, FieldSchema> = {};
  const branches = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf : [])].filter(isSchemaObject);
  for (const branch of branches) {
    for (const side of [branch.then, branch.else]) {
      if (isSchemaObject(side) && isSchemaObject(side.properties)) Object.assign(found, side.properties);
    }
  }
  return { ...found, ...schema.properties };
}

function uiSchemaProblems(ui: UiSchema, schema: FieldSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const properties = levelProperties(schema);
  for (const [key, value] of Object.entries(ui)) {
    const keyPath = `${path}/${escapePointerToken(key)}`;
    if (key === 'ui:order') {
      errors.push(...orderProblems(value, properties, keyPath));
      continue;
    }
    if (key.startsWith('ui:')) continue;
    const child = key === 'items' && schema.items ? schema.items : Object.hasOwn(properties, key) && isSchemaObject(properties[key]) ? properties[key] : undefined;
    if (!child) {
      errors.push({ path: keyPath, keyword: 'uiSchema', message: `kolom "${key}" tidak ada di schema` });
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      errors.push(...uiSchemaProblems(value, child, keyPath));
    }
  }
  return errors;
}

function orderProblems(order: unknown, properties: Record<string, FieldSchema>, path: string): FieldError[] {
  if (!Array.isArray(order)) return [{ path, keyword: 'uiSchema', message: 'ui:order harus berupa daftar nama kolom' }];
  return order.flatMap((name: unknown, index) =>
    name === '*' || (typeof name === 'string' && Object.hasOwn(properties, name))
      ? []
      : [{ path: `${path}/${index}`, keyword: 'uiSchema', message: `ui:order menyebut kolom "${String(name)}" yang tidak ada di schema` }],
  );
}

function checkReminders(definition: ThemeDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (definition.reminders ?? []).forEach((reminder, index) => {
    const base = `/reminders/${index}`;
    if (seen.has(reminder.key)) {
      errors.push({ path: `${base}/key`, keyword: 'uniqueKey', message: `kunci pengingat "${reminder.key}" sudah dipakai` });
    }
    seen.add(reminder.key);
    const cron = cronProblem(reminder.cron);
    if (cron) errors.push({ path: `${base}/cron`, keyword: 'cron', message: cron });
    if (reminder.when === 'missing' && definition.period === 'none') {
      errors.push({ path: `${base}/when`, keyword: 'when', message: 'pengingat "missing" butuh tematik berperiode; period none tidak pernah jatuh tempo' });
    }
  });
  return errors;
}

/**
 * An alert watches one ungrouped measure at the theme's level or above (cells exist only there), over
 * a window of whole periods of the theme; a stock (`overTime: last`) or an average over periods cannot
 * be summed over a window.
 */
function checkAlerts(definition: ThemeDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const levels: readonly string[] = levelsFrom(definition.regionLevel);
  (definition.alerts ?? []).forEach((alert, index) => {
    const base = `/alerts/${index}`;
    if (seen.has(alert.key)) errors.push({ path: `${base}/key`, keyword: 'uniqueKey', message: `kunci peringatan "${alert.key}" sudah dipakai` });
    seen.add(alert.key);
    const measure = definition.aggregations.find((aggregation) => aggregation.key === alert.measure);
    if (!measure) {
      errors.push({ path: `${base}/measure`, keyword: 'measure', message: `ukuran "${alert.measure}" tidak ada di aggregations` });
    } else if (measure.groupBy !== undefined) {
      errors.push({ path: `${base}/measure`, keyword: 'measure', message: `ukuran "${alert.measure}" dikelompokkan (groupBy); peringatan hanya untuk ukuran tanpa kelompok` });
    }
    if (!levels.includes(alert.level)) {
      errors.push({ path: `${base}/level`, keyword: 'level', message: `tingkat ${alert.level} berada di bawah tingkat tematik (${definition.regionLevel}); pilih ${definition.regionLevel} atau di atasnya` });
    }
    const periods = windowPeriods(definition.period, alert.window);
    if (alert.window !== undefined && periods === null) {
      errors.push({
        path: `${base}/window`,
        keyword: 'window',
        message: definition.period === 'none' ? 'tematik tanpa periode tidak punya jendela waktu' : `jendela ${alert.window} tidak sama dengan sejumlah periode utuh (${definition.period}) tematik ini`,
      });
    } else if (periods !== null && periods > MAX_WINDOW_PERIODS) {
      errors.push({ path: `${base}/window`, keyword: 'window', message: `jendela paling panjang ${MAX_WINDOW_PERIODS} periode` });
    } else if (periods !== null && periods > 1 && measure && (measure.overTime ?? 'sum') !== 'sum') {
      errors.push({ path: `${base}/window`, keyword: 'window', message: `ukuran "${alert.measure}" tidak dijumlah antarperiode (overTime ${measure.overTime}); jendela lebih dari satu periode tidak berlaku` });
    }
  });
  return errors;
}

/** Five fields as BullMQ's cron-parser reads them, firing at most once an hour so no one is flooded. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return 'cron harus terdiri atas 5 kolom: menit jam tanggal bulan hari';
  if (!/^[0-5]?[0-9]$/.test(fields[0])) return 'kolom menit cron harus satu angka 0–59 (pengingat paling sering sekali per jam)';
  try {
    CronExpressionParser.parse(cron, { tz: 'Asia/Jakarta' });
    return null;
  } catch (error) {
    return `cron tidak valid: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** `messages` and `translations` may only name fields the schema has; enumNames label every choice. */
function checkTexts(definition: ThemeDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const checkMessages = (messages: FieldMessages | undefined, base: string): void => {
    for (const pointer of Object.keys(messages ?? {})) {
      if (!fieldSchema(definition.schema, pointer)) errors.push(missingField(`${base}/${escapePointerToken(pointer)}`, pointer));
    }
  };
  checkMessages(definition.messages, '/messages');
  const english = definition.translations?.en;
  for (const [pointer, texts] of Object.entries(english?.fields ?? {})) {
    const path = `/translations/en/fields/${escapePointerToken(pointer)}`;
    const field = fieldSchema(definition.schema, pointer);
    if (!field) {
      errors.push(missingField(path, pointer));
      continue;
    }
    if (texts.enumNames === undefined) continue;
    const choices = choicesOf(definition.schema, field);
    if (!choices) {
      errors.push({ path: `${path}/enumNames`, keyword: 'enumNames', message: `kolom ${pointer} tidak punya pilihan (enum)` });
    } else if (choices.length !== texts.enumNames.length) {
      errors.push({
        path: `${path}/enumNames`,
        keyword: 'enumNames',
        message: `enumNames berisi ${texts.enumNames.length} label, padahal kolom ${pointer} punya ${choices.length} pilihan`,
      });
    }
  }
  checkMessages(english?.messages, '/translations/en/messages');
  return errors;
}

/** `summary` names short fields of the record itself, so a list line is a name, not a note or a code. */
function checkSummary(definition: ThemeDefinition): FieldError[] {
  return (definition.summary ?? []).flatMap((pointer, index) => {
    const problem = summaryFieldProblem(definition, pointer);
    return problem ? [{ path: `/summary/${index}`, keyword: 'summary', message: `kolom ${pointer} tidak dapat menjadi ringkasan: ${problem}` }] : [];
  });
}

function missingField(path: string, pointer: string): FieldError {
  return { path, keyword: 'pointer', message: `kolom ${pointer} tidak ada di schema` };
}

function isNumeric(field: FieldSchema): boolean {
  const types = withoutNull(fieldTypes(field));
  return types.size > 0 && [...types].every((type) => NUMERIC.includes(type));
}

function withoutNull(types: Set<JsonType>): Set<JsonType> {
  return new Set([...types].filter((type) => type !== 'null'));
}
