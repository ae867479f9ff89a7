import type { RegExpEngine, RegExpLike } from 'ajv/dist/types';
import { MAX_CODE_POINT, WHITESPACE_RANGES } from './re2-syntax';

// Every admin-written `pattern` must run in linear time. RE2 (re2js) guarantees it for anything it
// accepts, but costs about a microsecond per test. Most form patterns (`^[0-9]{16}$`,
// `^\+?[0-9]{9,15}$`) are a plain sequence of characters and classes with nothing to backtrack
// over; those run on the native engine, which is then provably linear as well (see
// `isBacktrackingFree`). Everything else runs on RE2.

type Range = readonly [number, number];

interface Atom {
  set: Range[];
  min: number;
  max: number;
}

interface SimplePattern {
  anchoredAtStart: boolean;
  atoms: Atom[];
}

const normalize = (ranges: Range[]): Range[] => {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
};

const complement = (ranges: Range[]): Range[] => {
  const result: Range[] = [];
  let next = 0;
  for (const [from, to] of normalize(ranges)) {
    if (from > next) result.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
};

const intersects = (a: Range[], b: Range[]): boolean =>
  a.some(([aFrom, aTo]) => b.some(([bFrom, bTo]) => aFrom <= bTo && bFrom <= aTo));

const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: Range[] = WHITESPACE_RANGES.map(([from, to]): Range => [from, to]);
const CLASS_ESCAPES: Readonly<Record<string, Range[]>> = {
  d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE),
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/';
const MAX_REPEAT = 1_000;
const LINE_TERMINATORS: Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

/** Reads `\…` at `index` (after the backslash); a set, a code point, or undefined (not in the subset). */
const readEscape = (pattern: string, index: number, inClass: boolean): { set: Range[]; end: number } | undefined => {
  const char = pattern[index];
  if (char === undefined) return undefined;
  const classEscape = CLASS_ESCAPES[char];
  if (classEscape) return { set: classEscape, end: index + 1 };
  const single = (codePoint: number, end: number) => ({ set: [[codePoint, codePoint] as Range], end });
  if (char in CONTROL_ESCAPES) return single(CONTROL_ESCAPES[char], index + 1);
  if (char === 'b' && inClass) return single(0x08, index + 1);
  if (char === '0' && !/[0-9]/.test(pattern[index + 1] ?? '')) return single(0, index + 1);
  if (char === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(pattern.slice(index + 1));
    return hex ? single(parseInt(hex[0], 16), index + 3) : undefined;
  }
  if (char === 'u') {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(index + 1));
    if (braced) {
      const codePoint = parseInt(braced[1], 16);
      return codePoint <= MAX_CODE_POINT ? single(codePoint, index + 1 + braced[0].length) : undefined;
    }
    const unit = /^[0-9a-fA-F]{4}/.exec(pattern.slice(index + 1));
    if (!unit) return undefined;
    const codeUnit = parseInt(unit[0], 16);
    // Surrogates (paired or lone) are left to RE2.
    return codeUnit >= 0xd800 && codeUnit <= 0xdfff ? undefined : single(codeUnit, index + 5);
  }
  if (SYNTAX_CHARACTERS.includes(char) || (inClass && char === '-')) return single(char.charCodeAt(0), index + 1);
  return undefined; // \b \B \p \k \1 \c …: not in the subset
};

/** Reads `[…]` starting after the `[`. */
const readClass = (pattern: string, start: number): { set: Range[]; end: number } | undefined => {
  let index = start;
  const negated = pattern[index] === '^';
  if (negated) index += 1;
  if (pattern[index] === ']') return undefined; // `[]` and `[^]`
  const ranges: Range[] = [];
  const readMember = (): { set: Range[]; single?: number } | undefined => {
    if (pattern[index] === '\\') {
      const escape = readEscape(pattern, index + 1, true);
      if (!escape) return undefined;
      index = escape.end;
      const [only] = escape.set;
      return escape.set.length === 1 && only[0] === only[1] ? { set: escape.set, single: only[0] } : { set: escape.set };
    }
    const codePoint = pattern.codePointAt(index);
    if (codePoint === undefined) return undefined;
    index += codePoint > 0xffff ? 2 : 1;
    return { set: [[codePoint, codePoint]], single: codePoint };
  };
  while (index < pattern.length && pattern[index] !== ']') {
    const first = readMember();
    if (!first) return undefined;
    if (pattern[index] === '-' && pattern[index + 1] !== ']' && index + 1 < pattern.length) {
      index += 1;
      const last = readMember();
      if (!last || first.single === undefined || last.single === undefined || first.single > last.single) return undefined;
      ranges.push([first.single, last.single]);
    } else {
      ranges.push(...first.set);
    }
  }
  if (pattern[index] !== ']') return undefined;
  return { set: negated ? complement(ranges) : normalize(ranges), end: index + 1 };
};

/** Reads a quantifier at `index`: `?` `*` `+` `{n}` `{n,}` `{n,m}`, greedy or lazy. */
const readQuantifier = (pattern: string, index: number): { min: number; max: number; end: number } => {
  const simple: Readonly<Record<string, [number, number]>> = { '?': [0, 1], '*': [0, Infinity], '+': [1, Infinity] };
  let result: { min: number; max: number; end: number } = { min: 1, max: 1, end: index };
  const char = pattern[index];
  if (char in simple) {
    result = { min: simple[char][0], max: simple[char][1], end: index + 1 };
  } else if (char === '{') {
    const bounds = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
    if (bounds) {
      const min = Number(bounds[1]);
      const max = bounds[2] === undefined ? min : bounds[3] === '' ? Infinity : Number(bounds[3]);
      result = { min, max, end: index + bounds[0].length };
    }
  }
  if (result.end > index && pattern[result.end] === '?') result.end += 1; // lazy: same analysis
  return result;
};

/** Parses `^? atom* $?` where every atom is one character or class, quantified or not. */
const parseSimplePattern = (pattern: string): SimplePattern | undefined => {
  const anchoredAtStart = pattern.startsWith('^');
  let index = anchoredAtStart ? 1 : 0;
  let end = pattern.length;
  // A final `$` is the end anchor unless it is escaped (preceded by an odd number of backslashes).
  if (pattern.endsWith('$') && (/\\*\$$/.exec(pattern)?.[0].length ?? 1) % 2 === 1) end -= 1;
  const atoms: Atom[] = [];
  while (index < end) {
    const char = pattern[index];
    let set: Range[];
    if (char === '\\') {
      const escape = readEscape(pattern, index + 1, false);
      if (!escape) return undefined;
      set = escape.set;
      index = escape.end;
    } else if (char === '[') {
      const characterClass = readClass(pattern, index + 1);
      if (!characterClass) return undefined;
      set = characterClass.set;
      index = characterClass.end;
    } else if (char === '.') {
      set = complement(LINE_TERMINATORS);
      index += 1;
    } else if ('^$()|*+?{}]'.includes(char)) {
      return undefined;
    } else {
      const codePoint = pattern.codePointAt(index) as number;
      set = [[codePoint, codePoint]];
      index += codePoint > 0xffff ? 2 : 1;
    }
    const quantifier = readQuantifier(pattern, index);
    // RE2's own limit: larger counts make long programs, and RE2 refuses them anyway.
    if (quantifier.end > end || quantifier.min > quantifier.max || quantifier.min > MAX_REPEAT) return undefined;
    if (quantifier.max !== Infinity && quantifier.max > MAX_REPEAT) return undefined;
    index = quantifier.end;
    atoms.push({ set, min: quantifier.min, max: quantifier.max });
  }
  return index === end ? { anchoredAtStart, atoms } : undefined;
};

/**
 * True when a backtracking engine runs `pattern` in linear time. Holds for a sequence of single
 * characters / classes in which every variable repetition (`*`, `+`, `?`, `{n,m}`) is followed
 * by characters it cannot match itself: when what follows fails, each character given back by the
 * repetition is refused by what follows at once, so no position is tried twice over. An
 * unanchored pattern with a variable repetition would be retried from every start, so it goes to
 * RE2.
 */
export const isBacktrackingFree = (pattern: string): boolean => {
  const parsed = parseSimplePattern(pattern);
  if (!parsed) return false;
  const { atoms, anchoredAtStart } = parsed;
  return atoms.every((atom, index) => {
    if (atom.min === atom.max) return true;
    if (!anchoredAtStart) return false;
    for (const next of atoms.slice(index + 1)) {
      if (intersects(atom.set, next.set)) return false;
      if (next.min > 0) break;
    }
    return true;
  });
};

/** What linear-regexp needs from RE2: compile a pattern, or throw when RE2 cannot express it. */
export type Re2Compiler = (pattern: string) => { test(input: string): boolean };

// re2js is not imported here, so a browser bundle that uses these options does not carry it: the
// server provides it when the module loads (re2-default.ts), a browser after `loadRe2()`.
let re2: Re2Compiler | undefined;

/** Hands the RE2 compiler to the engine (idempotent). */
export const provideRe2 = (compiler: Re2Compiler): void => {
  re2 ??= compiler;
};

/** Whether patterns that are not backtracking-free can be compiled now. */
export const isRe2Loaded = (): boolean => re2 !== undefined;

/** Loads re2js (a separate chunk in a browser bundle) and hands it to the engine. */
export const loadRe2 = async (): Promise<void> => {
  if (re2) return;
  const { compileRe2 } = await import('./re2-engine');
  provideRe2(compileRe2);
};

/** True when `pattern` must run on RE2: the native engine could backtrack over it. */
export const patternNeedsRe2 = (pattern: string): boolean => !isBacktrackingFree(pattern);

/**
 * True when compiling `schema` needs RE2: some `pattern` or `patternProperties` key is not
 * backtracking-free. Looks at every string under a `pattern` key, so a `pattern` inside `enum` or
 * `const` data may load RE2 for nothing, but none is ever missed.
 */
export const schemaNeedsRe2 = (schema: unknown): boolean => {
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string' && patternNeedsRe2(value)) return true;
      if (key === 'patternProperties' && typeof value === 'object' && value !== null && Object.keys(value).some(patternNeedsRe2)) return true;
      stack.push(value);
    }
  }
  return false;
};

// Patterns repeat across themes (NIK, RT, phone); compiling RE2 programs is the costly part.
// Long patterns are not kept, so the cache stays small whatever admins write.
const CACHE_LIMIT = 1_000;
const CACHEABLE_LENGTH = 1_000;
const cache = new Map<string, RegExpLike>();

/**
 * A linear-time matcher for an ECMAScript pattern; throws when none can be built (RE2 refuses it,
 * or RE2 is needed and has not been loaded).
 */
export const compileLinearPattern = (pattern: string): RegExpLike => {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let matcher: RegExpLike;
  if (isBacktrackingFree(pattern)) {
    matcher = new RegExp(pattern, 'u');
  } else {
    if (!re2) throw new Error(`RE2 is not loaded: await loadRe2() before compiling the pattern ${pattern}`);
    const program = re2(pattern);
    matcher = {
      test: (input: string): boolean => program.test(input),
      // Ajv de-duplicates compiled patterns per instance by this string, so it must be unique.
      toString: (): string => `/${pattern}/u (re2)`,
    } as RegExpLike;
  }
  if (pattern.length <= CACHEABLE_LENGTH) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(pattern, matcher);
  }
  return matcher;
};

/**
 * Ajv's `code.regExp`: `(pattern, flags) => {test(string): boolean}`. The `u` flag Ajv passes is
 * always applied (`unicodeRegExp: true`); RE2 always matches by code point anyway. `code` only
 * names the engine in standalone output, whose options set their own (standalone.ts).
 */
export const linearRegExpEngine: RegExpEngine = Object.assign(
  (pattern: string): RegExpLike => compileLinearPattern(pattern),
  { code: 'wakuncarLinearRegExp' },
);
