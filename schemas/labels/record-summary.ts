// Shared by the server (lists, the definition check) and the client (its outbox), so a record is
// named the same wherever it is listed.
import { pointerTokens, schemaKeyword, walkPointer } from '../validator/field-texts';

/** What of a theme definition naming a record needs. */
export interface SummarySource {
  schema: unknown;
  uiSchema?: unknown;
  summary?: string[];
}

/** Longer texts are notes, not names. */
const SHORT_TEXT = 200;
/** Without `summary`, this many of the first short text fields name a record. */
const DEFAULT_FIELDS = 2;
/** A summary longer than this is cut: it is one line of a list. */
const MAX_SUMMARY = 120;
const SEPARATOR = ' · ';

const typesOf = (schema: unknown, node: unknown): string[] => {
  const type = schemaKeyword(schema, node, 'type');
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : typeof type === 'string' ? [type] : [];
};

const widgetOf = (uiSchema: unknown, pointer: string): unknown => {
  let ui = uiSchema;
  for (const token of pointerTokens(pointer)) ui = typeof ui === 'object' && ui !== null ? (ui as Record<string, unknown>)[token] : undefined;
  return typeof ui === 'object' && ui !== null ? (ui as Record<string, unknown>)['ui:widget'] : undefined;
};

/**
 * Why `pointer` cannot name a record, or null when it can: it must be a short field (text of at most
 * 200 characters, or a number) of the record itself, not of a list inside it, and not a choice, a date,
 * a file or a long note, whose values do not tell records apart or are not words.
 */
export function summaryFieldProblem(source: SummarySource, pointer: string): string | null {
  const steps = walkPointer(source.schema, pointer);
  if (steps.length === 0 || steps.some((step) => step.node === undefined || step.item !== undefined)) return 'tidak ada di schema';
  // Every step but the last must be an object's property, never a list's items.
  for (const step of steps.slice(0, -1)) {
    if (!typesOf(source.schema, step.node).includes('object')) return 'berada di dalam daftar';
  }
  const node = steps[steps.length - 1].node;
  const types = typesOf(source.schema, node).filter((type) => type !== 'null');
  if (schemaKeyword(source.schema, node, 'enum') !== undefined || schemaKeyword(source.schema, node, 'const') !== undefined) return 'berupa pilihan';
  if (types.length === 1 && (types[0] === 'number' || types[0] === 'integer')) return null;
  if (types.length !== 1 || types[0] !== 'string') return 'bukan teks pendek atau angka';
  if (schemaKeyword(source.schema, node, 'format') !== undefined) return 'bukan teks biasa (tanggal, berkas …)';
  const maxLength = schemaKeyword(source.schema, node, 'maxLength');
  if (typeof maxLength === 'number' && maxLength > SHORT_TEXT) return `teks panjang (lebih dari ${SHORT_TEXT} huruf)`;
  if (widgetOf(source.uiSchema, pointer) === 'textarea') return 'teks panjang';
  return null;
}

/** The fields that name a record: the theme's `summary`, else its first short text fields. */
export function summaryPointers(source: SummarySource): string[] {
  if (source.summary?.length) return source.summary;
  const properties = schemaKeyword(source.schema, source.schema, 'properties');
  if (typeof properties !== 'object' || properties === null) return [];
  const textFields = Object.keys(properties)
    .map((name) => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .filter((pointer) => summaryFieldProblem(source, pointer) === null && typesOf(source.schema, walkPointer(source.schema, pointer)[0].node).includes('string'));
  return textFields.slice(0, DEFAULT_FIELDS);
}

const valueAt = (data: unknown, pointer: string): unknown => {
  let value = data;
  for (const token of pointerTokens(pointer)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
};

/** The words that name one record in a list ("Warung Bu Sri · Sri Wahyuni"), or null when its fields are empty. */
export function recordSummary(source: SummarySource, data: unknown): string | null {
  const parts = summaryPointers(source)
    .map((pointer) => valueAt(data, pointer))
    .filter((value): value is string | number => (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value)))
    .map((value) => String(value).trim().replace(/\s+/g, ' '));
  if (parts.length === 0) return null;
  const text = parts.join(SEPARATOR);
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1).trimEnd()}…` : text;
}
