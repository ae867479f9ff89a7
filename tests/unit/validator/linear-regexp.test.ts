import {
  AJV_OPTIONS,
  compileLinearPattern,
  compileRe2,
  createAjv,
  isBacktrackingFree,
  toRe2Syntax,
} from '../../../schemas/validator';

describe('the pattern engine', () => {
  it('is the code.regExp engine of the shared options', () => {
    expect(AJV_OPTIONS.code.regExp('^a$', 'u').test('a')).toBe(true);
  });

  it('answers ^(a|a)*$ against a hostile 50-character string (RE2, linear time)', () => {
    const validate = createAjv().compile({ type: 'string', pattern: '^(a|a)*$' });
    expect(validate('a'.repeat(50) + 'b')).toBe(false);
    expect(validate('a'.repeat(50))).toBe(true);
  });

  it('runs nested quantifiers in patternProperties on RE2 too', () => {
    const validate = createAjv().compile({ patternProperties: { '^(a+)+$': { type: 'integer' } } });
    expect(validate({ ['a'.repeat(40) + '!']: 'x' })).toBe(true);
    expect(validate({ ['a'.repeat(40)]: 'x' })).toBe(false);
  });

  it('gives every pattern its own matcher within one Ajv instance', () => {
    const validate = createAjv().compile({
      properties: { a: { pattern: '^x(y|z)+$' }, b: { pattern: '^q(r|s)+$' } },
    });
    expect(validate({ a: 'xyz', b: 'qrs' })).toBe(true);
    expect(validate({ a: 'qrs', b: 'xyz' })).toBe(false);
  });

  describe('native fast path', () => {
    it.each([
      '^[0-9]{16}$',
      '^\\+?[0-9]{9,15}$',
      '^[0-9]{3}$',
      '^[A-Z][a-z]*\\s[A-Z][a-z]*$',
      '^[a-z0-9._]+@[a-z0-9-]+$',
      '^\\d+\\.\\d{1,2}$',
      'RT',
    ])('takes %s: no repetition can give back what follows it', (pattern) => {
      expect(isBacktrackingFree(pattern)).toBe(true);
    });

    it.each([
      ['^(a|a)*$', 'groups'],
      ['^a*a*$', 'adjacent repetitions of the same character'],
      ['^\\d+\\d$', 'a repetition followed by what it matches'],
      ['^.+@.+$', '. also matches @'],
      ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', 'the class before \\. also matches a dot'],
      ['[0-9]+x', 'unanchored: retried from every start'],
      ['^\\p{L}+$', 'property escapes are left to RE2'],
      ['^a{2000}$', 'counts above RE2 limit'],
    ])('leaves %s to RE2 (%s)', (pattern) => {
      expect(isBacktrackingFree(pattern)).toBe(false);
    });

    it('agrees with RE2 on what matches', () => {
      const samples = ['', '1872051234560001', '187205123456000', '+6281234567890', 'Sri Wahyuni', 'a.b@desa-1', '12.5', 'x\ny', 'é'];
      for (const pattern of ['^[0-9]{16}$', '^\\+?[0-9]{9,15}$', '^[A-Z][a-z]*\\s[A-Z][a-z]*$', '^[a-z0-9._]+@[a-z0-9-]+$', '^\\d+\\.\\d{1,2}$', '^.*$']) {
        const re2 = compileRe2(pattern);
        const native = compileLinearPattern(pattern);
        for (const sample of samples) expect([pattern, sample, native.test(sample)]).toEqual([pattern, sample, re2.test(sample)]);
      }
    });
  });

  describe('ECMAScript spellings RE2 spells differently', () => {
    it.each([
      ['^\\u00e9$', 'é', true],
      ['^\\u{1F600}$', '😀', true],
      ['^\\uD83D\\uDE00$', '😀', true],
      ['^\\p{Letter}+$', 'Kelurahan', true],
      ['^\\p{Letter}+$', 'RT 01', false],
      ['^\\p{Script=Greek}$', 'α', true],
      ['^\\s$', '\u00a0', true],
      ['^\\S+$', 'a\u2028', false],
      ['^[\\s\\d]+$', ' 1\u3000', true],
      ['^.$', '\r', false],
      ['^.$', '😀', true],
      ['^[^]$', '\n', true],
      ['^[[]$', '[', true],
      ['^\\cJ$', '\n', true],
      ['^[\\b]$', '\b', true],
    ])('%s on %j → %s', (pattern, input, expected) => {
      expect(new RegExp(pattern, 'u').test(input)).toBe(expected);
      expect(compileRe2(pattern).test(input)).toBe(expected);
    });

    it('leaves backreferences and lookaround for RE2 to refuse', () => {
      expect(toRe2Syntax('(a)\\1')).toBe('(a)\\1');
      expect(() => compileRe2('(a)\\1')).toThrow();
      expect(() => compileRe2('(?=a)')).toThrow();
      expect(() => compileLinearPattern('(?<=a)b')).toThrow();
    });
  });
});
