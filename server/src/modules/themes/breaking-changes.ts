import {
  Aggregation,
  AggregationOp,
  FieldSchema,
  JsonType,
  DEFAULT_SUPPRESS_BELOW,
  ThemeDefinition,
  aggregationInputs,
  fieldTypes,
  resolvePointer,
} from './theme-definition';

/** Ops whose stored components are the same for one field (count, sum, min, max), so they can swap. */
const FIELD_OPS: AggregationOp[] = ['sum', 'avg', 'min', 'max'];

const FRAME_LABELS = {
  unit: 'satuan kiriman (unit)',
  period: 'periode (period)',
  regionLevel: 'tingkat wilayah (regionLevel)',
} as const;

/**
 * Why publishing `next` over `previous` would break data already collected (Bahasa Indonesia);
 * empty when it is safe. Both definitions are assumed to have passed `checkDefinition`.
 *
 * Breaking:
 * - a changed slug, unit, period or regionLevel: old submissions and aggregate cells are keyed by them;
 * - a field read by any measure of `previous` that is removed or retyped in `next`, even when the
 *   measure goes too: submissions of earlier versions keep feeding those series, so the field stays
 *   (it can be hidden in the form) until old data can be mapped;
 * - a measure kept under the same key that reads something else (field, where, groupBy, numerator,
 *   denominator, op) — old and new numbers would mix under one key; use a new key. Swapping among
 *   sum/avg/min/max over the same inputs is fine: they read the same stored components.
 * - a lower sensitivity, a personal field no longer marked personal (or removed), a lower
 *   `suppressBelow`: data collected under a promise of protection would be shown with less of it.
 * Not breaking: removing a measure whose fields stay, new fields or measures, labels, limits,
 * enum values, `scale` and `overTime` (both applied when reading), a higher sensitivity, reminders, dueAfter.
 */
export function breakingChanges(previous: ThemeDefinition, next: ThemeDefinition): string[] {
  const reasons: string[] = [];
  if (previous.slug !== next.slug) {
    reasons.push(`slug berubah dari "${previous.slug}" menjadi "${next.slug}"; versi baru harus untuk tematik yang sama`);
  }
  for (const frame of ['unit', 'period', 'regionLevel'] as const) {
    if (previous[frame] !== next[frame]) {
      reasons.push(
        `${FRAME_LABELS[frame]} berubah dari "${previous[frame]}" menjadi "${next[frame]}"; kiriman dan agregat lama tidak bisa dipetakan ke yang baru`,
      );
    }
  }
  reasons.push(...protectionReasons(previous, next));
  const successors = new Map(next.aggregations.map((aggregation) => [aggregation.key, aggregation]));
  for (const aggregation of previous.aggregations) {
    reasons.push(...fieldReasons(aggregation, previous, next));
    const successor = successors.get(aggregation.key);
    if (successor && inputsSignature(aggregation) !== inputsSignature(successor)) {
      reasons.push(
        `ukuran "${aggregation.key}" mengubah cara hitungnya (op, field, where, groupBy, numerator atau denominator); pakai kunci ukuran baru agar angka lama dan baru tidak tercampur`,
      );
    }
  }
  return [...new Set(reasons)];
}

const SENSITIVITY_ORDER: ThemeDefinition['sensitivity'][] = ['public', 'personal', 'sensitive'];

function protectionReasons(previous: ThemeDefinition, next: ThemeDefinition): string[] {
  const reasons: string[] = [];
  if (SENSITIVITY_ORDER.indexOf(next.sensitivity) < SENSITIVITY_ORDER.indexOf(previous.sensitivity)) {
    reasons.push(`tingkat kerahasiaan diturunkan dari "${previous.sensitivity}" menjadi "${next.sensitivity}"; data yang sudah terkumpul dijanjikan perlindungan yang lebih tinggi`);
  }
  const stillPersonal = new Set(next.personalFields ?? []);
  for (const pointer of previous.personalFields ?? []) {
    if (!stillPersonal.has(pointer)) reasons.push(`kolom data pribadi ${pointer} dihapus atau tidak lagi ditandai pribadi; data lama tetap memuatnya`);
  }
  const before = previous.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  const after = next.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  if (previous.sensitivity !== 'public' && after < before) {
    reasons.push(`batas sel kecil (suppressBelow) diturunkan dari ${before} menjadi ${after}; angka yang dulu disembunyikan akan terlihat`);
  }
  return reasons;
}

function fieldReasons(aggregation: Aggregation, previous: ThemeDefinition, next: ThemeDefinition): string[] {
  const reasons: string[] = [];
  for (const { pointer } of aggregationInputs(aggregation)) {
    const before = resolvePointer(previous.schema, pointer);
    const after = resolvePointer(next.schema, pointer);
    if (!before) continue;
    if (!after) {
      reasons.push(`kolom ${pointer} dipakai ukuran "${aggregation.key}" tetapi dihapus; pertahankan kolom itu (boleh disembunyikan di formulir) agar data lama tetap terhitung`);
      continue;
    }
    if (typeFamilies(before) !== typeFamilies(after)) {
      reasons.push(
        `kolom ${pointer} dipakai ukuran "${aggregation.key}" tetapi tipenya berubah dari ${describeTypes(before)} menjadi ${describeTypes(after)}`,
      );
    }
  }
  return reasons;
}

/** What a measure reads, canonically; sum/avg/min/max share one op class. */
function inputsSignature(aggregation: Aggregation): string {
  const { field, where, groupBy, numerator, denominator } = aggregation;
  const opClass = FIELD_OPS.includes(aggregation.op) ? 'field' : aggregation.op;
  return JSON.stringify(canonical({ opClass, field, where, groupBy, numerator, denominator }));
}

/** Sorted keys, and `in` lists as sets, so a reordering is not mistaken for a change. */
function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => canonical(item));
    return key === 'in' ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([name, item]) => [name, canonical(item, name)]));
}

/** integer and number are one family (widening keeps every sum valid); null is ignored. */
function typeFamilies(field: FieldSchema): string {
  const families = new Set<JsonType>();
  for (const type of fieldTypes(field)) {
    if (type !== 'null') families.add(type === 'integer' ? 'number' : type);
  }
  return [...families].sort().join('|');
}

function describeTypes(field: FieldSchema): string {
  const types = [...fieldTypes(field)].sort();
  return types.length === 0 ? 'tanpa tipe' : types.join('|');
}
