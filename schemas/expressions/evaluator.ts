import { roundTo, whoZScore, type GrowthIndicator } from '../growth/who-zscore';
import { daysBetween, monthsBetween, parseDate } from './dates';
import type { ExpressionNode } from './syntax';
import { MAX_ROUND_DIGITS } from './type-checker';

/** What an expression yields. Dates are `YYYY-MM-DD` strings. */
export type ExpressionValue = number | string | boolean | null;

/** A submission's data as read by an expression: only own properties, only scalar values. */
export type ExpressionData = Readonly<Record<string, unknown>>;

/**
 * The value of a parsed expression against a submission's data. Total: it never throws and never
 * loops (the tree is bounded by the parser, every function is constant work). Null propagates: an empty
 * field, a value of an unexpected type (data not yet validated), a division by zero or a number
 * beyond double range all make the result null rather than a wrong number.
 */
export function evaluate(node: ExpressionNode, data: ExpressionData): ExpressionValue {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'field':
      return readTokens(data, node.tokens);
    case 'unary': {
      const operand = evaluate(node.operand, data);
      if (node.operator === 'not') return typeof operand === 'boolean' ? !operand : null;
      return typeof operand === 'number' ? finite(-operand) : null;
    }
    case 'binary':
      return binary(node, data);
    case 'call':
      return call(node, data);
  }
}

function finite(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return Object.is(value, -0) ? 0 : value;
}

const isNumber = (value: ExpressionValue): value is number => typeof value === 'number';

/** A field's value in the data, walking own properties only, so `__proto__` or `constructor` is just absent. */
function readTokens(data: ExpressionData, tokens: readonly string[]): ExpressionValue {
  let node: unknown = data;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, token)) return null;
    node = (node as Record<string, unknown>)[token];
  }
  if (typeof node === 'number') return finite(node);
  return typeof node === 'string' || typeof node === 'boolean' ? node : null;
}

function binary(node: Extract<ExpressionNode, { kind: 'binary' }>, data: ExpressionData): ExpressionValue {
  const left = evaluate(node.left, data);
  // and/or read the right side only when it can still change the answer (Kleene logic: null is unknown).
  if (node.operator === 'and') {
    if (left === false) return false;
    const right = evaluate(node.right, data);
    if (right === false) return false;
    return left === true && right === true ? true : null;
  }
  if (node.operator === 'or') {
    if (left === true) return true;
    const right = evaluate(node.right, data);
    if (right === true) return true;
    return left === false && right === false ? false : null;
  }
  const right = evaluate(node.right, data);
  switch (node.operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '+':
    case '-':
    case '*':
    case '/':
      if (!isNumber(left) || !isNumber(right)) return null;
      if (node.operator === '/') return right === 0 ? null : finite(left / right);
      return finite(node.operator === '+' ? left + right : node.operator === '-' ? left - right : left * right);
    default: {
      // Ordered comparison of two numbers or two texts (ISO dates order as texts); anything else is unknown.
      if (left === null || right === null || typeof left !== typeof right || typeof left === 'boolean') return null;
      const [a, b] = [left as number | string, right as number | string];
      if (node.operator === '<') return a < b;
      if (node.operator === '<=') return a <= b;
      if (node.operator === '>') return a > b;
      return a >= b;
    }
  }
}

function call(node: Extract<ExpressionNode, { kind: 'call' }>, data: ExpressionData): ExpressionValue {
  const { args } = node;
  const value = (index: number): ExpressionValue => evaluate(args[index], data);
  const number = (index: number): number | null => {
    const found = value(index);
    return isNumber(found) ? found : null;
  };
  switch (node.name) {
    case 'if': {
      // Only the branch taken is computed. An unknown (null) condition makes the answer unknown: a
      // category must not fall through to its "else" because the z-score it tests is empty.
      for (let index = 0; index < args.length - 1; index += 2) {
        const condition = value(index);
        if (condition === true) return value(index + 1);
        if (condition !== false) return null;
      }
      return value(args.length - 1);
    }
    case 'round': {
      const x = number(0);
      const digits = args.length === 2 ? number(1) : 0;
      if (x === null || digits === null || !Number.isInteger(digits) || digits < 0 || digits > MAX_ROUND_DIGITS) return null;
      return finite(roundTo(x, digits));
    }
    case 'min':
    case 'max': {
      const values = args.map((_, index) => number(index));
      if (values.some((found) => found === null)) return null;
      return node.name === 'min' ? Math.min(...(values as number[])) : Math.max(...(values as number[]));
    }
    case 'abs': {
      const x = number(0);
      return x === null ? null : Math.abs(x);
    }
    case 'days_between':
    case 'months_between': {
      const from = parseDate(value(0));
      const to = parseDate(value(1));
      if (!from || !to) return null;
      return node.name === 'days_between' ? daysBetween(from, to) : monthsBetween(from, to);
    }
    case 'coalesce':
      for (let index = 0; index < args.length; index += 1) {
        const found = value(index);
        if (found !== null) return found;
      }
      return null;
    case 'who_zscore': {
      const indicator = args[0].kind === 'string' ? (args[0].value as GrowthIndicator) : null;
      if (indicator === null) return null;
      return whoZScore({
        indicator,
        sex: value(1),
        ageDays: number(2),
        value: number(3),
        measured: value(4),
        lengthCm: args.length > 5 ? number(5) : null,
      });
    }
    default:
      return null;
  }
}
