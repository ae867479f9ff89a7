import {
  Aggregation,
  AggregationOp,
  FieldSchema,
  JsonType,
  DEFAULT_SUPPRESS_BELOW,
  ThemeDefinition,
  aggregationInputs,
  escapePointerToken,
  fieldTypes,
  pointerTokens,
  resolvePointer,
} from '../../../../schemas/theme-definition';

/** Ops whose stored components are the same for one field (count, sum, min, max), so they can swap. */
const FIELD_OPS: AggregationOp[] = ['sum', 'avg', 'min', 'max'];

const FRAME_LABELS = {
  unit: { id: 'satuan kiriman (unit)', en: 'submission unit' },
  period: { id: 'periode (period)', en: 'period' },
  regionLevel: { id: 'tingkat wilayah (regionLevel)', en: 'region level' },
} as const;

export type BreakingLanguage = 'id' | 'en';

/** One reason a publish is refused: a stable code, the definition path it is about, a sentence for people. */
export interface BreakingReason {
  code: string;
  path: string;
  message: string;
}

/**
 * Why publishing `next` over `previous` would break data already collected, worded in `lang`;
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
export function breakingReasons(previous: ThemeDefinition, next: ThemeDefinition, lang: BreakingLanguage = 'id'): BreakingReason[] {
  const en = lang === 'en';
  const reasons: BreakingReason[] = [];
  if (previous.slug !== next.slug) {
    reasons.push({
      code: 'SLUG_CHANGED',
      path: '/slug',
      message: en
        ? `the slug changed from "${previous.slug}" to "${next.slug}"; a new version must be of the same tematik`
        : `slug berubah dari "${previous.slug}" menjadi "${next.slug}"; versi baru harus untuk tematik yang sama`,
    });
  }
  for (const frame of ['unit', 'period', 'regionLevel'] as const) {
    if (previous[frame] !== next[frame]) {
      reasons.push({
        code: 'FRAME_CHANGED',
        path: `/${frame}`,
        message: en
          ? `the ${FRAME_LABELS[frame].en} changed from "${previous[frame]}" to "${next[frame]}"; earlier submissions and totals cannot be mapped to the new one`
          : `${FRAME_LABELS[frame].id} berubah dari "${previous[frame]}" menjadi "${next[frame]}"; kiriman dan agregat lama tidak bisa dipetakan ke yang baru`,
      });
    }
  }
  reasons.push(...protectionReasons(previous, next, en));
  const successors = new Map(next.aggregations.map((aggregation) => [aggregation.key, aggregation]));
  previous.aggregations.forEach((aggregation) => {
    reasons.push(...fieldReasons(aggregation, previous, next, en));
    const successor = successors.get(aggregation.key);
    if (successor && inputsSignature(aggregation) !== inputsSignature(successor)) {
      reasons.push({
        code: 'MEASURE_CHANGED',
        path: `/aggregations/${next.aggregations.indexOf(successor)}`,
        message: en
          ? `measure "${aggregation.key}" now counts differently (operation, field, filter, grouping, numerator or denominator); give it a new key so old and new numbers do not mix`
          : `ukuran "${aggregation.key}" mengubah cara hitungnya (op, field, where, groupBy, numerator atau denominator); pakai kunci ukuran baru agar angka lama dan baru tidak tercampur`,
      });
    }
  });
  const seen = new Set<string>();
  return reasons.filter((reason) => !seen.has(reason.message) && seen.add(reason.message) !== undefined);
}

/** The reasons in Bahasa Indonesia, as the 409 of a refused publish carries them. */
export function breakingChanges(previous: ThemeDefinition, next: ThemeDefinition): string[] {
  return breakingReasons(previous, next).map((reason) => reason.message);
}

const SENSITIVITY_ORDER: ThemeDefinition['sensitivity'][] = ['public', 'personal', 'sensitive'];

function protectionReasons(previous: ThemeDefinition, next: ThemeDefinition, en: boolean): BreakingReason[] {
  const reasons: BreakingReason[] = [];
  if (SENSITIVITY_ORDER.indexOf(next.sensitivity) < SENSITIVITY_ORDER.indexOf(previous.sensitivity)) {
    reasons.push({
      code: 'SENSITIVITY_LOWERED',
      path: '/sensitivity',
      message: en
        ? `the sensitivity was lowered from "${previous.sensitivity}" to "${next.sensitivity}"; data already collected was promised more protection`
        : `tingkat kerahasiaan diturunkan dari "${previous.sensitivity}" menjadi "${next.sensitivity}"; data yang sudah terkumpul dijanjikan perlindungan yang lebih tinggi`,
    });
  }
  const stillPersonal = new Set(next.personalFields ?? []);
  for (const pointer of previous.personalFields ?? []) {
    if (stillPersonal.has(pointer)) continue;
    reasons.push({
      code: 'PERSONAL_FIELD_UNMARKED',
      path: '/personalFields',
      message: en
        ? `personal field ${pointer} was removed or is no longer marked personal; earlier data still holds it`
        : `kolom data pribadi ${pointer} dihapus atau tidak lagi ditandai pribadi; data lama tetap memuatnya`,
    });
  }
  const before = previous.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  const after = next.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  if (previous.sensitivity !== 'public' && after < before) {
    reasons.push({
      code: 'SUPPRESSION_LOWERED',
      path: '/suppressBelow',
      message: en
        ? `the small-cell limit (suppressBelow) was lowered from ${before} to ${after}; numbers hidden until now would show`
        : `batas sel kecil (suppressBelow) diturunkan dari ${before} menjadi ${after}; angka yang dulu disembunyikan akan terlihat`,
    });
  }
  return reasons;
}

/** The definition path of the field at data pointer `pointer` (`/a/b` → `/schema/properties/a/properties/b`). */
function schemaPath(pointer: string): string {
  return `/schema${pointerTokens(pointer)
    .map((token) => `/properties/${escapePointerToken(token)}`)
    .join('')}`;
}

function fieldReasons(aggregation: Aggregation, previous: ThemeDefinition, next: ThemeDefinition, en: boolean): BreakingReason[] {
  const reasons: BreakingReason[] = [];
  for (const { pointer } of aggregationInputs(aggregation)) {
    const before = resolvePointer(previous.schema, pointer);
    const after = resolvePointer(next.schema, pointer);
    if (!before) continue;
    const path = schemaPath(pointer);
    if (!after) {
      reasons.push({
        code: 'MEASURED_FIELD_REMOVED',
        path,
        message: en
          ? `field ${pointer} is used by measure "${aggregation.key}" but was removed; keep it (it may be hidden in the form) so earlier data is still counted`
          : `kolom ${pointer} dipakai ukuran "${aggregation.key}" tetapi dihapus; pertahankan kolom itu (boleh disembunyikan di formulir) agar data lama tetap terhitung`,
      });
      continue;
    }
    if (typeFamilies(before) !== typeFamilies(after)) {
      reasons.push({
        code: 'MEASURED_FIELD_RETYPED',
        path,
        message: en
          ? `field ${pointer} is used by measure "${aggregation.key}" but its type changed from ${describeTypes(before)} to ${describeTypes(after)}`
          : `kolom ${pointer} dipakai ukuran "${aggregation.key}" tetapi tipenya berubah dari ${describeTypes(before)} menjadi ${describeTypes(after)}`,
      });
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
