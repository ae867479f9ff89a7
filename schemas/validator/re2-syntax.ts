// JSON Schema patterns are ECMAScript regular expressions, but admin-written patterns must not be
// run by a backtracking engine (ReDoS). RE2 (re2js, pure JavaScript, so it also runs in the
// browser) matches in linear time. Its syntax is Go's, so the few ECMAScript spellings that differ
// are rewritten first; anything RE2 cannot express (backreferences, lookaround) is refused.

// ECMAScript `\s` (WhiteSpace + LineTerminator), which is wider than RE2's ASCII `\s`.
export const WHITESPACE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
export const MAX_CODE_POINT = 0x10ffff;

const hex = (codePoint: number): string => `\\x{${codePoint.toString(16)}}`;
const rangeText = ([from, to]: readonly [number, number]): string =>
  from === to ? hex(from) : `${hex(from)}-${hex(to)}`;

const complement = (ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> => {
  const result: Array<[number, number]> = [];
  let next = 0;
  for (const [from, to] of ranges) {
    if (from > next) result.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
};

const SPACE_CLASS_BODY = WHITESPACE_RANGES.map(rangeText).join('');
// Negated inside a character class cannot be written as `[^…]`, so `\S` is spelled as ranges.
const NON_SPACE_CLASS_BODY = complement(WHITESPACE_RANGES).map(rangeText).join('');
// ECMAScript `.` (without the `s` flag) excludes every line terminator, RE2's only `\n`.
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY_CHARACTER = `[${hex(0)}-${hex(MAX_CODE_POINT)}]`;
const NO_CHARACTER = `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;

// ECMAScript long General_Category names (and their aliases) → the short names RE2 knows.
const GENERAL_CATEGORIES: Readonly<Record<string, string>> = {
  Letter: 'L', Cased_Letter: 'LC', Uppercase_Letter: 'Lu', Lowercase_Letter: 'Ll',
  Titlecase_Letter: 'Lt', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Mark: 'M', Combining_Mark: 'M', Nonspacing_Mark: 'Mn', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me',
  Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No',
  Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd',
  Open_Punctuation: 'Ps', Close_Punctuation: 'Pe', Initial_Punctuation: 'Pi',
  Final_Punctuation: 'Pf', Other_Punctuation: 'Po',
  Symbol: 'S', Math_Symbol: 'Sm', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Other_Symbol: 'So',
  Separator: 'Z', Space_Separator: 'Zs', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Surrogate: 'Cs', Private_Use: 'Co',
  Unassigned: 'Cn',
};

const unicodePropertyName = (body: string): string => {
  const [key, value] = body.includes('=') ? body.split('=', 2) : ['', body];
  if (key === 'Script' || key === 'sc') return value; // RE2 names scripts directly: \p{Greek}
  if (key === '' || key === 'General_Category' || key === 'gc') return GENERAL_CATEGORIES[value] ?? value;
  return body; // e.g. Script_Extensions: left as written, RE2 refuses it
};

const HEX_4 = /^[0-9a-fA-F]{4}$/;

/** Rewrites an ECMAScript (`u` flag) pattern into RE2 syntax with the same meaning. */
export const toRe2Syntax = (pattern: string): string => {
  let out = '';
  let inClass = false;
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next === 'u') {
        const braced = /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(index));
        if (braced) {
          out += hex(parseInt(braced[1], 16));
          index += braced[0].length;
          continue;
        }
        const unit = pattern.slice(index + 2, index + 6);
        if (HEX_4.test(unit)) {
          let codePoint = parseInt(unit, 16);
          index += 6;
          // A surrogate pair written as two escapes is one code point under the `u` flag.
          const low = pattern.slice(index + 2, index + 6);
          if (codePoint >= 0xd800 && codePoint <= 0xdbff && pattern.startsWith('\\u', index) && HEX_4.test(low)) {
            const lowUnit = parseInt(low, 16);
            if (lowUnit >= 0xdc00 && lowUnit <= 0xdfff) {
              codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (lowUnit - 0xdc00);
              index += 6;
            }
          }
          out += hex(codePoint);
          continue;
        }
      } else if (next === 'c' && /^[A-Za-z]$/.test(pattern[index + 2] ?? '')) {
        out += hex(pattern.charCodeAt(index + 2) % 32);
        index += 3;
        continue;
      } else if (next === 'p' || next === 'P') {
        const property = /^\\[pP]\{([A-Za-z_=]+)\}/.exec(pattern.slice(index));
        if (property) {
          out += `\\${next}{${unicodePropertyName(property[1])}}`;
          index += property[0].length;
          continue;
        }
      } else if (next === 's') {
        out += inClass ? SPACE_CLASS_BODY : `[${SPACE_CLASS_BODY}]`;
        index += 2;
        continue;
      } else if (next === 'S') {
        out += inClass ? NON_SPACE_CLASS_BODY : `[^${SPACE_CLASS_BODY}]`;
        index += 2;
        continue;
      } else if (next === 'b' && inClass) {
        out += hex(8); // `[\b]` is backspace in ECMAScript
        index += 2;
        continue;
      }
      // Everything else (\d \w \. \x41 \n, and \1 \k<…> which RE2 refuses) is spelled alike.
      out += next === undefined ? char : char + next;
      index += 2;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      // A `[` inside a class is a literal in ECMAScript; RE2 would read `[:alpha:]`.
      out += char === '[' ? '\\[' : char;
      index += 1;
      continue;
    }
    if (char === '[') {
      if (pattern.startsWith('[^]', index)) {
        out += ANY_CHARACTER;
        index += 3;
        continue;
      }
      if (pattern.startsWith('[]', index)) {
        out += NO_CHARACTER;
        index += 2;
        continue;
      }
      inClass = true;
      const negated = pattern[index + 1] === '^';
      out += negated ? '[^' : '[';
      index += negated ? 2 : 1;
      continue;
    }
    out += char === '.' ? DOT : char;
    index += 1;
  }
  return out;
};
