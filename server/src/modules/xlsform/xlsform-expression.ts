/**
 * A reader for the XPath subset XLSForm cells are written in (`relevant`, `constraint`,
 * `calculation`, `required`): `${name}` references, `.`, numbers, quoted text, `or` `and` `=` `!=`
 * `<` `<=` `>` `>=` `+` `-` `*` `div` `mod`, unary minus and function calls. It only builds a tree;
 * what each tree means in a theme is decided by the translator. Bounded in length and depth, since
 * the spreadsheet is an upload.
 */

export type BinaryOperator = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

export type Expression =
  | { kind: 'ref'; name: string }
  | { kind: 'self' }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'call'; name: string; args: Expression[] };

export class ExpressionSyntaxError extends Error {}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 40;

type Token =
  | { kind: 'ref'; name: string }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'symbol'; value: string };

const SYMBOLS = ['!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '(', ')', ',', '.'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const ref = /^\$\{([^}]*)\}/.exec(rest);
    if (ref) {
      tokens.push({ kind: 'ref', name: ref[1].trim() });
      at += ref[0].length;
      continue;
    }
    const number = /^(\d+(\.\d+)?|\.\d+)/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      const end = rest.indexOf(quote, 1);
      if (end < 0) throw new ExpressionSyntaxError('tanda kutip tidak ditutup');
      tokens.push({ kind: 'string', value: rest.slice(1, end) });
      at += end + 1;
      continue;
    }
    // XPath names may hold hyphens (`string-length`, `count-selected`).
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      at += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
    if (!symbol) throw new ExpressionSyntaxError(`tanda "${rest[0]}" tidak dikenal`);
    tokens.push({ kind: 'symbol', value: symbol });
    at += symbol.length;
  }
  return tokens;
}

const LEVELS: BinaryOperator[][] = [['or'], ['and'], ['=', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', 'div', 'mod']];

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    const expression = this.binary(0);
    if (this.at < this.tokens.length) throw new ExpressionSyntaxError('ada sisa tulisan sesudah ungkapan');
    return expression;
  }

  private peekOperator(level: number): BinaryOperator | null {
    const token = this.tokens[this.at];
    if (!token || (token.kind !== 'symbol' && token.kind !== 'word')) return null;
    return LEVELS[level].find((operator) => operator === token.value) ?? null;
  }

  private binary(level: number): Expression {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (let operator = this.peekOperator(level); operator; operator = this.peekOperator(level)) {
      this.at += 1;
      left = { kind: 'binary', operator, left, right: this.binary(level + 1) };
    }
    return left;
  }

  private unary(): Expression {
    const token = this.tokens[this.at];
    if (token?.kind === 'symbol' && token.value === '-') {
      this.at += 1;
      return { kind: 'negate', operand: this.nested(() => this.unary()) };
    }
    return this.primary();
  }

  private nested<T>(read: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new ExpressionSyntaxError('ungkapan terlalu bersarang');
    try {
      return read();
    } finally {
      this.depth -= 1;
    }
  }

  private expectSymbol(value: string): void {
    const token = this.tokens[this.at];
    if (token?.kind !== 'symbol' || token.value !== value) throw new ExpressionSyntaxError(`"${value}" diharapkan`);
    this.at += 1;
  }

  private primary(): Expression {
    const token = this.tokens[this.at];
    if (!token) throw new ExpressionSyntaxError('ungkapan terputus');
    this.at += 1;
    if (token.kind === 'ref') return { kind: 'ref', name: token.name };
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'string') return { kind: 'string', value: token.value };
    if (token.kind === 'symbol' && token.value === '.') return { kind: 'self' };
    if (token.kind === 'symbol' && token.value === '(') {
      const inner = this.nested(() => this.binary(0));
      this.expectSymbol(')');
      return inner;
    }
    const next = this.tokens[this.at];
    if (token.kind === 'word' && next?.kind === 'symbol' && next.value === '(') {
      this.at += 1;
      const args: Expression[] = [];
      const first = this.tokens[this.at];
      if (!(first?.kind === 'symbol' && first.value === ')')) {
        for (;;) {
          args.push(this.nested(() => this.binary(0)));
          const separator = this.tokens[this.at];
          if (separator?.kind === 'symbol' && separator.value === ',') {
            this.at += 1;
            continue;
          }
          break;
        }
      }
      this.expectSymbol(')');
      return { kind: 'call', name: token.value, args };
    }
    throw new ExpressionSyntaxError(`"${token.value}" tidak diharapkan di sini`);
  }
}

/** The tree of one cell's expression; throws `ExpressionSyntaxError` when it cannot be read. */
export function parseExpression(text: string): Expression {
  if (text.length > MAX_LENGTH) throw new ExpressionSyntaxError(`ungkapan lebih dari ${MAX_LENGTH} karakter`);
  return new Parser(tokenize(text)).parse();
}

/** The field names a cell refers to as `${name}`, read even when the rest cannot be parsed. */
export function referencedNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1].trim());
}
