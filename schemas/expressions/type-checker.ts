import { GROWTH_INDICATORS } from '../growth/who-zscore';
import { parseDate } from './dates';
import { ExpressionError, type ExpressionNode } from './syntax';

/**
 * Static types of the expression language, checked when a draft is saved so an admin learns of a
 * mistake then, not a cadre when a form silently shows nothing. Every value may also be null (an
 * empty field, a z-score outside the tables), which the evaluator propagates.
 */
export type ValueType = 'number' | 'integer' | 'string' | 'date' | 'boolean' | 'null';

export interface TypeInfo {
  type: ValueType;
  /** For strings: every value the expression can produce, when they are all known (literals, an enum). */
  values?: string[];
}

/** The type of the field a pointer names, or why it cannot be read by an expression. */
export type FieldTypeOf = (pointer: string) => TypeInfo | { problem: string };

/** The functions of the language, with how many arguments each takes. */
export const EXPRESSION_FUNCTIONS = {
  if: { min: 3, max: 41 },
  round: { min: 1, max: 2 },
  min: { min: 1, max: 41 },
  max: { min: 1, max: 41 },
  abs: { min: 1, max: 1 },
  days_between: { min: 2, max: 2 },
  months_between: { min: 2, max: 2 },
  coalesce: { min: 1, max: 41 },
  who_zscore: { min: 5, max: 6 },
} as const;
export type ExpressionFunction = keyof typeof EXPRESSION_FUNCTIONS;

export const isExpressionFunction = (name: string): name is ExpressionFunction => Object.hasOwn(EXPRESSION_FUNCTIONS, name);

/** Round takes at most this many decimals. */
export const MAX_ROUND_DIGITS = 10;

const TYPE_WORDS: Record<ValueType, string> = {
  number: 'angka',
  integer: 'bilangan bulat',
  string: 'teks',
  date: 'tanggal',
  boolean: 'benar/salah',
  null: 'kosong (null)',
};

export const describeType = (type: ValueType): string => TYPE_WORDS[type];

type Family = 'number' | 'string' | 'boolean' | 'null';
const familyOf = (type: ValueType): Family => (type === 'integer' ? 'number' : type === 'date' ? 'string' : type);

const isNumeric = (info: TypeInfo): boolean => info.type === 'number' || info.type === 'integer' || info.type === 'null';
const isBoolean = (info: TypeInfo): boolean => info.type === 'boolean' || info.type === 'null';
const isDateLike = (info: TypeInfo): boolean => info.type === 'date' || info.type === 'string' || info.type === 'null';

/** The common type of values that may be used in each other's place (if's branches, coalesce's arguments). */
function join(infos: { info: TypeInfo; at: number }[], what: string): TypeInfo {
  let result: TypeInfo = { type: 'null', values: [] };
  for (const { info, at } of infos) {
    if (info.type === 'null') continue;
    if (result.type === 'null') {
      result = { ...info };
      continue;
    }
    if (familyOf(info.type) !== familyOf(result.type)) {
      throw new ExpressionError(`${what} mencampur ${describeType(result.type)} dengan ${describeType(info.type)}`, at);
    }
    const type: ValueType = result.type === info.type ? info.type : familyOf(info.type) === 'number' ? 'number' : 'string';
    const values = result.values && info.values ? [...new Set([...result.values, ...info.values])] : undefined;
    result = values ? { type, values } : { type };
  }
  return result.type === 'null' ? { type: 'null' } : result;
}

function expect(node: ExpressionNode, info: TypeInfo, accepts: (info: TypeInfo) => boolean, wanted: string, where: string): void {
  if (!accepts(info)) throw new ExpressionError(`${where} membutuhkan ${wanted}, bukan ${describeType(info.type)}`, node.at);
}

/** The type of an expression, or an ExpressionError at the offending part. */
export function typeOf(node: ExpressionNode, fieldType: FieldTypeOf): TypeInfo {
  const check = (child: ExpressionNode): TypeInfo => typeOf(child, fieldType);
  switch (node.kind) {
    case 'number':
      return { type: Number.isInteger(node.value) ? 'integer' : 'number' };
    case 'string':
      return { type: 'string', values: [node.value] };
    case 'boolean':
      return { type: 'boolean' };
    case 'null':
      return { type: 'null' };
    case 'field': {
      const found = fieldType(node.pointer);
      if ('problem' in found) throw new ExpressionError(found.problem, node.at);
      return found;
    }
    case 'unary': {
      const operand = check(node.operand);
      if (node.operator === 'not') {
        expect(node.operand, operand, isBoolean, 'benar/salah', '"not"');
        return { type: 'boolean' };
      }
      expect(node.operand, operand, isNumeric, 'angka', 'tanda minus');
      return { type: operand.type === 'integer' ? 'integer' : 'number' };
    }
    case 'binary': {
      const left = check(node.left);
      const right = check(node.right);
      const where = `"${node.operator}"`;
      switch (node.operator) {
        case 'and':
        case 'or':
          expect(node.left, left, isBoolean, 'benar/salah', where);
          expect(node.right, right, isBoolean, 'benar/salah', where);
          return { type: 'boolean' };
        case '+':
        case '-':
        case '*':
        case '/':
          expect(node.left, left, isNumeric, 'angka', where);
          expect(node.right, right, isNumeric, 'angka', where);
          return { type: node.operator !== '/' && left.type === 'integer' && right.type === 'integer' ? 'integer' : 'number' };
        case '<':
        case '<=':
        case '>':
        case '>=':
          if (left.type === 'boolean' || right.type === 'boolean') throw new ExpressionError(`${where} tidak membandingkan benar/salah`, node.at);
          comparable(node, left, right);
          return { type: 'boolean' };
        default:
          // = and != compare any two values of one kind.
          comparable(node, left, right);
          neverEqual(node, left, right);
          return { type: 'boolean' };
      }
    }
    case 'call':
      return callType(node, check);
  }
}

function comparable(node: Extract<ExpressionNode, { kind: 'binary' }>, left: TypeInfo, right: TypeInfo): void {
  if (left.type === 'null' || right.type === 'null') return;
  if (familyOf(left.type) !== familyOf(right.type)) {
    throw new ExpressionError(`"${node.operator}" membandingkan ${describeType(left.type)} dengan ${describeType(right.type)}`, node.at);
  }
}

/** A text compared with a choice it can never be (a typo such as 'laki-laki' for laki_laki) is refused. */
function neverEqual(node: Extract<ExpressionNode, { kind: 'binary' }>, left: TypeInfo, right: TypeInfo): void {
  if (!left.values || !right.values || left.values.some((value) => right.values!.includes(value))) return;
  const [literal, choices] = left.values.length <= right.values.length ? [left.values, right.values] : [right.values, left.values];
  throw new ExpressionError(
    `perbandingan "${node.operator}" selalu sama hasilnya: ${literal.map((value) => `'${value}'`).join(', ')} bukan salah satu nilai ${choices.map((value) => `'${value}'`).join(', ')}`,
    node.at,
  );
}

function callType(node: Extract<ExpressionNode, { kind: 'call' }>, check: (child: ExpressionNode) => TypeInfo): TypeInfo {
  const { name, args } = node;
  if (!isExpressionFunction(name)) throw new ExpressionError(`fungsi "${name}" tidak dikenal`, node.at);
  const arity = EXPRESSION_FUNCTIONS[name];
  if (args.length < arity.min || args.length > arity.max) {
    const wanted = arity.min === arity.max ? `${arity.min}` : `${arity.min} sampai ${arity.max}`;
    throw new ExpressionError(`${name}() menerima ${wanted} argumen, bukan ${args.length}`, node.at);
  }
  const types = args.map(check);
  const where = `${name}()`;
  const numeric = (index: number): void => expect(args[index], types[index], isNumeric, 'angka', where);
  switch (name) {
    case 'if': {
      if (args.length % 2 === 0) throw new ExpressionError('if() perlu pasangan syarat, nilai, … dan satu nilai "selain itu" di akhir', node.at);
      const branches: { info: TypeInfo; at: number }[] = [];
      for (let index = 0; index < args.length - 1; index += 2) {
        expect(args[index], types[index], isBoolean, 'syarat benar/salah', where);
        branches.push({ info: types[index + 1], at: args[index + 1].at });
      }
      branches.push({ info: types[args.length - 1], at: args[args.length - 1].at });
      return join(branches, where);
    }
    case 'round': {
      numeric(0);
      if (args.length === 2) {
        const digits = args[1];
        if (digits.kind !== 'number' || !Number.isInteger(digits.value) || digits.value < 0 || digits.value > MAX_ROUND_DIGITS) {
          throw new ExpressionError(`banyaknya desimal round() harus bilangan bulat 0 sampai ${MAX_ROUND_DIGITS}`, digits.at);
        }
        return { type: digits.value === 0 ? 'integer' : 'number' };
      }
      return { type: 'integer' };
    }
    case 'min':
    case 'max':
      args.forEach((_, index) => numeric(index));
      return { type: types.every((info) => info.type === 'integer' || info.type === 'null') ? 'integer' : 'number' };
    case 'abs':
      numeric(0);
      return { type: types[0].type === 'integer' ? 'integer' : 'number' };
    case 'days_between':
    case 'months_between':
      args.forEach((argument, index) => {
        expect(argument, types[index], isDateLike, 'tanggal', where);
        if (argument.kind === 'string' && parseDate(argument.value) === null) {
          throw new ExpressionError(`"${argument.value}" bukan tanggal TTTT-BB-HH`, argument.at);
        }
      });
      return { type: 'integer' };
    case 'coalesce':
      return join(
        types.map((info, index) => ({ info, at: args[index].at })),
        where,
      );
    case 'who_zscore': {
      const indicator = args[0];
      if (indicator.kind !== 'string' || !(GROWTH_INDICATORS as readonly string[]).includes(indicator.value)) {
        throw new ExpressionError(`indikator who_zscore() harus ditulis 'lhfa', 'wfa' atau 'wflh'`, indicator.at);
      }
      if (types[1].type === 'boolean') throw new ExpressionError('jenis kelamin who_zscore() harus 1/2 atau \'L\'/\'P\'', args[1].at);
      numeric(2);
      numeric(3);
      if (types[4].type !== 'string' && types[4].type !== 'null') throw new ExpressionError("cara ukur who_zscore() harus teks 'L' (terlentang) atau 'H' (berdiri)", args[4].at);
      if (indicator.value === 'wflh' && args.length !== 6) throw new ExpressionError("who_zscore('wflh', …) membutuhkan panjang/tinggi badan (cm) sebagai argumen keenam", node.at);
      if (args.length === 6) numeric(5);
      return { type: 'number' };
    }
  }
}
