import { jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBody } from '../../../server/src/common/json-body.parser';
import { codeOf } from '../../support/problem';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('jsonDepthExceeds', () => {
  it('allows exactly the limit and refuses one more, for arrays and objects', () => {
    expect(jsonDepthExceeds(nested(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nested(65), 64)).toBe(true);
    expect(jsonDepthExceeds(nestedObjects(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nestedObjects(65), 64)).toBe(true);
  });

  it('counts depth, not the number of containers', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(jsonDepthExceeds(wide, 3)).toBe(false);
    expect(jsonDepthExceeds(wide, 2)).toBe(true);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(200)}"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"\\"${'{'.repeat(200)}"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"\\\\","b":${nested(3)}}`, 3)).toBe(true);
    expect(jsonDepthExceeds(`{"a":"\\\\","b":${nested(2)}}`, 3)).toBe(false);
  });
});

describe('parseJsonBody', () => {
  it('parses ordinary JSON', () => {
    expect(parseJsonBody('{"username":"admin","n":[1,{"x":null}]}')).toEqual({ username: 'admin', n: [1, { x: null }] });
  });

  it('refuses nesting deeper than the limit with JSON_TOO_DEEP', () => {
    expect(codeOf(() => parseJsonBody(nested(MAX_JSON_DEPTH)))).toBe('accepted');
    expect(codeOf(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1)))).toBe('JSON_TOO_DEEP');
  });

  it.each(['{"a":', "{'a':1}", '{"a":1,}', 'undefined', '{"a":01}', '[1 2]'])('refuses malformed %s with MALFORMED_JSON', (text) => {
    expect(codeOf(() => parseJsonBody(text))).toBe('MALFORMED_JSON');
  });

  it.each(['{"__proto__":{"polluted":true}}', '{"a":{"constructor":{"prototype":{}}}}', '[{"prototype":1}]'])(
    'refuses prototype keys anywhere: %s',
    (text) => {
      expect(codeOf(() => parseJsonBody(text))).toBe('FORBIDDEN_KEY');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each(['{"a":"x\\u0000y"}', '{"a\\u0000":1}', '{"a":"\\ud800"}', '{"a":["\\udc00x"]}'])(
    'refuses text PostgreSQL cannot store (NUL, unpaired surrogates): %s',
    (text) => {
      expect(codeOf(() => parseJsonBody(text))).toBe('INVALID_TEXT');
    },
  );

  it('keeps well-formed surrogate pairs (emoji) and other control characters', () => {
    expect(parseJsonBody('{"a":"\\ud83d\\ude00 \\t\\n"}')).toEqual({ a: '😀 \t\n' });
  });
});
