import { pointerTokens, resolvePointer, type FieldSchema } from '../theme-definition';
import { evaluate, type ExpressionData, type ExpressionValue } from './evaluator';
import { ExpressionError, fieldsRead, parseExpression, type ExpressionNode } from './syntax';
import { describeType, typeOf, type TypeInfo, type ValueType } from './type-checker';

/**
 * A theme's calculated fields (`calculations[]`): checked when a draft is saved, computed by the server
 * when a submission is stored (the stored value is the server's) and by the cadre's form as they type —
 * the same code on both sides, so the two always agree.
 */

export interface Calculation {
  /** JSON Pointer to the schema property that holds the result. */
  field: string;
  expression: string;
}

/** The same shape as a definition check's error: `path` is a JSON Pointer into the definition. */
export interface CalculationProblem {
  path: string;
  keyword: 'calculation';
  message: string;
}

interface Step {
  pointer: string;
  tokens: readonly string[];
  node: ExpressionNode;
}

/** The calculations of one version, parsed and ordered so each reads only values already computed. */
export interface CalculationPlan {
  readonly steps: readonly Step[];
  /** The pointers computed, in `calculations[]` order. */
  readonly fields: readonly string[];
}

/** Whether the object holding the property a pointer names lists it in `required`. */
function isRequired(schema: FieldSchema, pointer: string): boolean {
  const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const parent = parentPointer === '' ? schema : resolvePointer(schema, parentPointer);
  const tokens = pointerTokens(pointer);
  return Array.isArray(parent?.required) && parent.required.includes(tokens[tokens.length - 1]);
}

/** The expression type of a schema field, or why an expression cannot use it. */
function fieldTypeInfo(field: FieldSchema): TypeInfo | { problem: string } {
  const declared = typeof field.type === 'string' ? [field.type] : Array.isArray(field.type) ? field.type : [];
  const values = Array.isArray(field.enum) ? field.enum : field.const !== undefined ? [field.const] : undefined;
  const inferred = declared.length > 0 ? declared : [...new Set((values ?? []).map((value) => (value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value)))];
  const types = inferred.filter((type) => type !== 'null');
  if (types.length !== 1) return { problem: 'hanya kolom bertipe tunggal (angka, teks, tanggal atau benar/salah) yang bisa dipakai' };
  const [type] = types;
  if (type === 'number' || type === 'integer' || type === 'boolean') return { type };
  if (type === 'string') {
    if (field.format === 'date' || field.format === 'date-time') return { type: 'date' };
    const strings = values?.filter((value): value is string => typeof value === 'string');
    return strings && strings.length === values?.length ? { type: 'string', values: strings } : { type: 'string' };
  }
  return { problem: `kolom bertipe ${String(type)} tidak bisa dipakai dalam rumus` };
}

const TARGET_ACCEPTS: Record<ValueType, readonly ValueType[]> = {
  number: ['number', 'integer', 'null'],
  integer: ['integer', 'null'],
  string: ['string', 'null'],
  date: ['date', 'null'],
  boolean: ['boolean', 'null'],
  null: ['null'],
};

function targetProblem(target: TypeInfo, result: TypeInfo): string | null {
  // A plain text field may hold a date too; a date field only a date.
  const accepts = target.type === 'string' ? [...TARGET_ACCEPTS.string, 'date'] : TARGET_ACCEPTS[target.type];
  if (!accepts.includes(result.type)) return `rumus menghasilkan ${describeType(result.type)}, padahal kolomnya ${describeType(target.type)}`;
  if (target.values && result.values) {
    const outside = result.values.filter((value) => !target.values!.includes(value));
    if (outside.length > 0) return `rumus dapat menghasilkan ${outside.map((value) => `'${value}'`).join(', ')} yang bukan pilihan kolom ini (${target.values.join(', ')})`;
  }
  if (target.values && !result.values) return 'kolom berpilihan (enum) hanya dapat diisi rumus yang hasilnya teks tertulis, mis. if(…, \'pendek\', …)';
  return null;
}

const atChar = (error: ExpressionError): string => `${error.message} (karakter ${error.at + 1})`;

/**
 * Everything wrong with a theme's calculations, `path` under `basePath` (`/calculations/2/expression`):
 * a target that is not a schema property or is computed twice, an expression that does not parse,
 * names an unknown field, mixes types or does not fit its target, and calculations that read each other
 * in a circle.
 */
export function checkCalculations(schema: FieldSchema, calculations: readonly Calculation[], basePath = '/calculations'): CalculationProblem[] {
  const problems: CalculationProblem[] = [];
  const problem = (path: string, message: string): void => {
    problems.push({ path, keyword: 'calculation', message });
  };
  const targets = new Map<string, number>();
  const reads = new Map<number, string[]>();
  calculations.forEach((calculation, index) => {
    const base = `${basePath}/${index}`;
    const target = resolvePointer(schema, calculation.field);
    const targetType = target && fieldTypeInfo(target);
    if (!target || !targetType) {
      problem(`${base}/field`, `kolom ${calculation.field} tidak ada di schema`);
    } else if ('problem' in targetType) {
      problem(`${base}/field`, `kolom ${calculation.field} tidak dapat dihitung: ${targetType.problem}`);
    } else if (isRequired(schema, calculation.field)) {
      problem(`${base}/field`, `kolom ${calculation.field} dihitung, jadi tidak boleh wajib diisi (required): kader tidak dapat mengisinya; wajibkan kolom yang dibaca rumusnya`);
    } else if (targets.has(calculation.field)) {
      problem(`${base}/field`, `kolom ${calculation.field} sudah dihitung oleh perhitungan ${targets.get(calculation.field)! + 1}`);
    } else {
      targets.set(calculation.field, index);
    }
    try {
      const node = parseExpression(calculation.expression);
      const result = typeOf(node, (pointer) => {
        const field = resolvePointer(schema, pointer);
        if (!field) return { problem: `kolom ${pointer} tidak ada di schema` };
        const info = fieldTypeInfo(field);
        return 'problem' in info ? { problem: `kolom ${pointer}: ${info.problem}` } : info;
      });
      reads.set(index, fieldsRead(node));
      const mismatch = targetType && !('problem' in targetType) ? targetProblem(targetType, result) : null;
      if (mismatch) problem(`${base}/expression`, mismatch);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problem(`${base}/expression`, atChar(error));
    }
  });
  for (const cycle of cycles(targets, reads)) {
    const names = cycle.map((index) => calculations[index].field);
    for (const index of cycle) {
      problem(`${basePath}/${index}/expression`, `perhitungan saling bergantung berputar: ${[...names, names[0]].join(' → ')}`);
    }
  }
  return problems;
}

/** Calculations that depend on each other in a circle (each circle once, by its members' indexes). */
function cycles(targets: Map<string, number>, reads: Map<number, string[]>): number[][] {
  const found: number[][] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const stack: number[] = [];
  const visit = (index: number): void => {
    state.set(index, 'visiting');
    stack.push(index);
    for (const pointer of reads.get(index) ?? []) {
      const next = targets.get(pointer);
      if (next === undefined) continue;
      if (state.get(next) === 'visiting') found.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(index, 'done');
  };
  for (const index of targets.values()) if (!state.has(index)) visit(index);
  return found;
}

const plans = new WeakMap<readonly Calculation[], CalculationPlan>();

/**
 * The plan of a version's calculations (kept per `calculations` array, so a version is parsed once).
 * Only for a checked definition: an expression that does not parse throws.
 */
export function planCalculations(calculations: readonly Calculation[] | undefined): CalculationPlan {
  if (!calculations || calculations.length === 0) return { steps: [], fields: [] };
  const kept = plans.get(calculations);
  if (kept) return kept;
  const parsed = calculations.map((calculation) => ({
    pointer: calculation.field,
    tokens: pointerTokens(calculation.field),
    node: parseExpression(calculation.expression),
  }));
  const byPointer = new Map(parsed.map((step) => [step.pointer, step]));
  const ordered: Step[] = [];
  const placed = new Set<string>();
  const place = (step: Step, depth: number): void => {
    if (placed.has(step.pointer) || depth > parsed.length) return;
    for (const pointer of fieldsRead(step.node)) {
      const dependency = byPointer.get(pointer);
      if (dependency && dependency !== step) place(dependency, depth + 1);
    }
    if (!placed.has(step.pointer)) {
      placed.add(step.pointer);
      ordered.push(step);
    }
  };
  for (const step of parsed) place(step, 0);
  const plan: CalculationPlan = { steps: ordered, fields: parsed.map((step) => step.pointer) };
  plans.set(calculations, plan);
  return plan;
}

/** Each calculated field's value for this data, by pointer (null: nothing to store). */
export function calculateValues(plan: CalculationPlan, data: ExpressionData): Map<string, ExpressionValue> {
  const results = new Map<string, ExpressionValue>();
  const writer = new CopyOnWrite(data);
  for (const step of plan.steps) {
    const value = evaluate(step.node, writer.root);
    results.set(step.pointer, value);
    writer.set(step.tokens, value);
  }
  return results;
}

/**
 * The data with every calculated field set to its computed value — whatever the client sent there is
 * replaced — and removed where the result is null. The input is not changed.
 */
export function applyCalculations<T extends ExpressionData>(plan: CalculationPlan, data: T): T {
  const writer = new CopyOnWrite(data);
  for (const step of plan.steps) writer.set(step.tokens, evaluate(step.node, writer.root));
  return writer.root as T;
}

/** Writes into a copy of the data, copying each object on the way to a write once, never the input. */
class CopyOnWrite {
  private readonly copies = new Set<object>();
  root: Record<string, unknown>;

  constructor(data: ExpressionData) {
    this.root = this.copy(data);
  }

  private copy(node: ExpressionData): Record<string, unknown> {
    const copied = { ...node };
    this.copies.add(copied);
    return copied;
  }

  /** Sets one pointer (removes it when null). A calculated field inside an object the cadre left out stays out. */
  set(tokens: readonly string[], value: ExpressionValue): void {
    if (tokens.length === 0) return;
    let node = this.root;
    for (const token of tokens.slice(0, -1)) {
      const child = Object.hasOwn(node, token) ? node[token] : undefined;
      if (child === null || typeof child !== 'object' || Array.isArray(child)) return;
      const writable = this.copies.has(child) ? (child as Record<string, unknown>) : this.copy(child as ExpressionData);
      define(node, token, writable);
      node = writable;
    }
    const last = tokens[tokens.length - 1];
    if (value === null) delete node[last];
    else define(node, last, value);
  }
}

/** defineProperty, not assignment: a key named __proto__ becomes data, never the prototype. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
