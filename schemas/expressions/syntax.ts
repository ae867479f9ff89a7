/**
 * The text of a calculation (`calculations[].expression`) turned into a tree: a hand-written
 * tokenizer and a Pratt parser, so nothing is ever `eval`ed and every limit below is checked while
 * reading, before any work grows with the input. The language is small on purpose:
 *
 *   literals   12  3.5  'teks'  "teks"  true  false  null
 *   fields     ${nama_field}  ${/objek/kolom}   (a name or a JSON Pointer into the submission)
 *   operators  + - * /   = != < <= > >=   and or not   ( )
 *   functions  if round min max abs days_between months_between coalesce who_zscore
 */
import { pointerTokens } from '../theme-definition';

/** Bounds on one expression: what an admin may write, and so what one evaluation may cost. */
export const EXPRESSION_LIMITS = {
  /** Characters of expression text. */
  length: 2000,
  /** Nesting of parentheses, calls and operators. */
  depth: 32,
  /** Nodes of the tree (each literal, field, operator and call counts one). */
  nodes: 400,
  /** Characters of one string literal. */
  stringLength: 200,
  /** Digits of one number literal. */
  numberLength: 24,
  /** Arguments of one call (if, min, max, coalesce). */
  arguments: 41,
} as const;

export type BinaryOperator = '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';
export type UnaryOperator = '-' | 'not';

/** `at` is the offset of the node's first character in the expression text. */
export type ExpressionNode =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number }
  | { kind: 'null'; at: number }
  | { kind: 'field'; pointer: string; tokens: readonly string[]; at: number }
  | { kind: 'unary'; operator: UnaryOperator; operand: ExpressionNode; at: number }
  | { kind: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode; at: number }
  | { kind: 'call'; name: string; args: ExpressionNode[]; at: number };

/** A problem in an expression, worded for the admin who wrote it; `at` is the character offset. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { type: 'number'; value: number; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'field'; pointer: string; at: number }
  | { type: 'word'; value: string; at: number }
  | { type: 'symbol'; value: string; at: number }
  | { type: 'end'; at: number };

const SYMBOLS = ['<=', '>=', '!=', '==', '+', '-', '*', '/', '(', ')', ',', '=', '<', '>'];
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const WORD_START = /[a-z_]/i;
const WORD_PART = /[a-z0-9_]/i;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index += 1;
      continue;
    }
    const at = index;
    if ((char >= '0' && char <= '9') || (char === '.' && text[index + 1] >= '0' && text[index + 1] <= '9')) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(index, index + EXPRESSION_LIMITS.numberLength + 1));
      const literal = match ? match[0] : '';
      if (literal.length > EXPRESSION_LIMITS.numberLength) throw new ExpressionError(`angka terlalu panjang (paling banyak ${EXPRESSION_LIMITS.numberLength} karakter)`, at);
      const value = Number(literal);
      if (!Number.isFinite(value)) throw new ExpressionError('angka terlalu besar', at);
      tokens.push({ type: 'number', value, at });
      index += literal.length;
      continue;
    }
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      if (close < 0) throw new ExpressionError('teks tidak ditutup dengan tanda kutip', at);
      const value = text.slice(index + 1, close);
      if (value.length > EXPRESSION_LIMITS.stringLength) throw new ExpressionError(`teks terlalu panjang (paling banyak ${EXPRESSION_LIMITS.stringLength} karakter)`, at);
      tokens.push({ type: 'string', value, at });
      index = close + 1;
      continue;
    }
    if (char === '$' && text[index + 1] === '{') {
      const close = text.indexOf('}', index + 2);
      if (close < 0) throw new ExpressionError('nama kolom ${…} tidak ditutup dengan }', at);
      const name = text.slice(index + 2, close).trim();
      tokens.push({ type: 'field', pointer: fieldPointer(name, at), at });
      index = close + 1;
      continue;
    }
    if (WORD_START.test(char)) {
      let end = index + 1;
      while (end < text.length && WORD_PART.test(text[end])) end += 1;
      tokens.push({ type: 'word', value: text.slice(index, end), at });
      index = end;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
    if (!symbol) throw new ExpressionError(`tanda "${char}" tidak dikenal`, at);
    tokens.push({ type: 'symbol', value: symbol === '==' ? '=' : symbol, at });
    index += symbol.length;
  }
  tokens.push({ type: 'end', at: text.length });
  return tokens;
}

/** `${nama}` names a top-level field; `${/a/b}` is a JSON Pointer (RFC 6901) into the submission. */
function fieldPointer(name: string, at: number): string {
  if (name.startsWith('/')) {
    if (/~(?![01])/.test(name)) throw new ExpressionError(`penunjuk kolom ${name} tidak sah (~ harus ~0 atau ~1)`, at);
    return name;
  }
  if (!FIELD_NAME.test(name)) throw new ExpressionError(`nama kolom "${name}" tidak sah: huruf kecil, angka dan garis bawah, atau penunjuk /kolom`, at);
  return `/${name}`;
}

// Binding powers: a higher number binds tighter.
const BINARY: Record<string, { power: number; operator: BinaryOperator }> = {
  or: { power: 1, operator: 'or' },
  and: { power: 2, operator: 'and' },
  '=': { power: 3, operator: '=' },
  '!=': { power: 3, operator: '!=' },
  '<': { power: 4, operator: '<' },
  '<=': { power: 4, operator: '<=' },
  '>': { power: 4, operator: '>' },
  '>=': { power: 4, operator: '>=' },
  '+': { power: 5, operator: '+' },
  '-': { power: 5, operator: '-' },
  '*': { power: 6, operator: '*' },
  '/': { power: 6, operator: '/' },
};
const NOT_POWER = 2.5;
const NEGATE_POWER = 7;

class Parser {
  private position = 0;
  private nodes = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExpressionNode {
    const node = this.expression(0, 0);
    const next = this.peek();
    if (next.type !== 'end') throw new ExpressionError(`"${describe(next)}" tidak diharapkan di sini`, next.at);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.type !== 'end') this.position += 1;
    return token;
  }

  private count(at: number, depth: number): void {
    this.nodes += 1;
    if (this.nodes > EXPRESSION_LIMITS.nodes) throw new ExpressionError(`rumus terlalu besar (paling banyak ${EXPRESSION_LIMITS.nodes} bagian)`, at);
    if (depth > EXPRESSION_LIMITS.depth) throw new ExpressionError(`rumus terlalu bersarang (paling dalam ${EXPRESSION_LIMITS.depth} tingkat)`, at);
  }

  private expression(minPower: number, depth: number): ExpressionNode {
    let left = this.prefix(depth);
    for (;;) {
      const token = this.peek();
      const key = token.type === 'symbol' ? token.value : token.type === 'word' ? token.value.toLowerCase() : null;
      const binary = key !== null && Object.hasOwn(BINARY, key) ? BINARY[key] : undefined;
      if (!binary || binary.power <= minPower) return left;
      this.next();
      this.count(token.at, depth);
      const right = this.expression(binary.power, depth + 1);
      left = { kind: 'binary', operator: binary.operator, left, right, at: left.at };
    }
  }

  private prefix(depth: number): ExpressionNode {
    const token = this.next();
    this.count(token.at, depth);
    switch (token.type) {
      case 'number':
        return { kind: 'number', value: token.value, at: token.at };
      case 'string':
        return { kind: 'string', value: token.value, at: token.at };
      case 'field':
        return { kind: 'field', pointer: token.pointer, tokens: pointerTokens(token.pointer), at: token.at };
      case 'end':
        throw new ExpressionError('rumus berakhir sebelum selesai', token.at);
      case 'symbol':
        if (token.value === '-') return { kind: 'unary', operator: '-', operand: this.expression(NEGATE_POWER, depth + 1), at: token.at };
        if (token.value === '(') {
          const inner = this.expression(0, depth + 1);
          this.expect(')');
          return inner;
        }
        throw new ExpressionError(`"${token.value}" tidak diharapkan di sini`, token.at);
      case 'word': {
        const word = token.value.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true', at: token.at };
        if (word === 'null') return { kind: 'null', at: token.at };
        if (word === 'not') return { kind: 'unary', operator: 'not', operand: this.expression(NOT_POWER, depth + 1), at: token.at };
        const open = this.peek();
        if (open.type === 'symbol' && open.value === '(') {
          this.next();
          return { kind: 'call', name: word, args: this.callArguments(depth + 1), at: token.at };
        }
        throw new ExpressionError(`"${token.value}" tidak dikenal: tulis kolom sebagai \${nama_kolom} dan teks di antara tanda kutip`, token.at);
      }
    }
  }

  private callArguments(depth: number): ExpressionNode[] {
    const args: ExpressionNode[] = [];
    const first = this.peek();
    if (first.type === 'symbol' && first.value === ')') {
      this.next();
      return args;
    }
    for (;;) {
      if (args.length >= EXPRESSION_LIMITS.arguments) throw new ExpressionError(`terlalu banyak argumen (paling banyak ${EXPRESSION_LIMITS.arguments})`, this.peek().at);
      args.push(this.expression(0, depth));
      const separator = this.next();
      if (separator.type === 'symbol' && separator.value === ')') return args;
      if (separator.type !== 'symbol' || separator.value !== ',') throw new ExpressionError('diharapkan "," atau ")"', separator.at);
    }
  }

  private expect(symbol: string): void {
    const token = this.next();
    if (token.type !== 'symbol' || token.value !== symbol) throw new ExpressionError(`diharapkan "${symbol}"`, token.at);
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'number':
      return String(token.value);
    case 'string':
      return `'${token.value}'`;
    case 'field':
      return `\${${token.pointer}}`;
    case 'end':
      return 'akhir rumus';
    default:
      return token.value;
  }
}

/** The tree of one expression; throws ExpressionError (with the offset) on anything malformed or too big. */
export function parseExpression(text: string): ExpressionNode {
  if (typeof text !== 'string') throw new ExpressionError('rumus harus berupa teks', 0);
  if (text.length > EXPRESSION_LIMITS.length) throw new ExpressionError(`rumus terlalu panjang (paling banyak ${EXPRESSION_LIMITS.length} karakter)`, EXPRESSION_LIMITS.length);
  return new Parser(tokenize(text)).parseAll();
}

/** Every field pointer an expression reads, in order of appearance, without repeats. */
export function fieldsRead(node: ExpressionNode): string[] {
  const found = new Set<string>();
  const walk = (current: ExpressionNode): void => {
    if (current.kind === 'field') found.add(current.pointer);
    else if (current.kind === 'unary') walk(current.operand);
    else if (current.kind === 'binary') {
      walk(current.left);
      walk(current.right);
    } else if (current.kind === 'call') current.args.forEach(walk);
  };
  walk(node);
  return [...found];
}
