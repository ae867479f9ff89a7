import {
  checkSchemaSafety,
  MAX_ENUM_VALUES,
  MAX_EXPANDED_SUBSCHEMAS,
  MAX_SCHEMA_BYTES,
  MAX_SCHEMA_DEPTH,
  type FieldError,
} from '../../../schemas/validator';

const refusals = (schema: unknown): Array<Pick<FieldError, 'path' | 'keyword'>> =>
  checkSchemaSafety(schema, 'en').map(({ path, keyword }) => ({ path, keyword }));

const nestedObjects = (levels: number): unknown => {
  let schema: unknown = { type: 'string' };
  for (let level = 1; level < levels; level += 1) schema = { items: schema };
  return schema;
};

describe('checkSchemaSafety', () => {
  it('accepts a realistic theme schema', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Laporan harian COVID-19',
      type: 'object',
      additionalProperties: false,
      required: ['kasus_baru'],
      $defs: { jumlah: { type: 'integer', minimum: 0 } },
      properties: {
        kasus_baru: { $ref: '#/$defs/jumlah', title: 'Kasus baru', default: 0, examples: [3] },
        nik: { type: 'string', pattern: '^[0-9]{16}$', readOnly: false, writeOnly: false },
        foto: { type: 'string', format: 'file-id', deprecated: false, $comment: 'bukti' },
        status: { oneOf: [{ const: 'ya', title: 'Ya' }, { const: 'tidak', title: 'Tidak' }] },
        hamil: { type: 'boolean' },
      },
      if: { properties: { hamil: { const: true } }, required: ['hamil'] },
      then: { required: ['usia_kehamilan'] },
      dependencies: { hamil: ['usia_kehamilan'] },
    };
    expect(checkSchemaSafety(schema)).toEqual([]);
  });

  it('refuses a keyword outside the allow-list, naming it', () => {
    expect(refusals({ properties: { a: { type: 'string', 'x-widget': 'gps' } } })).toEqual([
      { path: '/properties/a/x-widget', keyword: 'x-widget' },
    ]);
  });

  it('refuses enumNames and points to the uiSchema instead', () => {
    const [error] = checkSchemaSafety({ enum: ['L', 'P'], enumNames: ['Laki-laki', 'Perempuan'] }, 'en');
    expect(error).toMatchObject({ path: '/enumNames', keyword: 'enumNames' });
    expect(error.message).toContain('ui:enumNames');
  });

  it('refuses $data anywhere, also inside keyword values', () => {
    expect(refusals({ properties: { a: { maximum: { $data: '1/b' } } } })).toEqual([
      { path: '/properties/a/maximum/$data', keyword: '$data' },
    ]);
    expect(refusals({ default: { $data: '/x' } })).toEqual([{ path: '/default/$data', keyword: '$data' }]);
  });

  it('refuses a remote $ref', () => {
    expect(refusals({ $ref: 'https://example.com/schema.json' })).toEqual([{ path: '/$ref', keyword: '$ref' }]);
    expect(refusals({ properties: { a: { $ref: 'other.json#/$defs/x' } } })).toEqual([
      { path: '/properties/a/$ref', keyword: '$ref' },
    ]);
  });

  it('accepts local JSON Pointer references, and refuses #anchor ones RJSF cannot follow', () => {
    expect(
      checkSchemaSafety({
        $defs: { kode: { $anchor: 'kode', type: 'string' }, 'a b': { type: 'integer' } },
        properties: { a: { $ref: '#/$defs/kode' }, b: { $ref: '#/$defs/a%20b' } },
      }),
    ).toEqual([]);
    expect(refusals({ $defs: { kode: { $anchor: 'kode' } }, properties: { a: { $ref: '#kode' } } })).toEqual([
      { path: '/properties/a/$ref', keyword: '$ref' },
    ]);
  });

  it('refuses $dynamicRef and $dynamicAnchor, local or not', () => {
    expect(refusals({ $dynamicAnchor: 'node', items: { $dynamicRef: '#node' } })).toEqual([
      { path: '/$dynamicAnchor', keyword: '$dynamicAnchor' },
      { path: '/items/$dynamicRef', keyword: '$dynamicRef' },
    ]);
    expect(refusals({ $dynamicRef: 'https://example.com/s#node' })).toEqual([{ path: '/$dynamicRef', keyword: '$dynamicRef' }]);
  });

  it('refuses $id, absolute or relative, at the root or inside', () => {
    expect(refusals({ $id: 'https://example.com/theme.json' })).toEqual([{ path: '/$id', keyword: '$id' }]);
    expect(refusals({ properties: { a: { $id: 'a.json' } } })).toEqual([{ path: '/properties/a/$id', keyword: '$id' }]);
  });

  it('accepts only the 2020-12 dialect in $schema, and only at the root', () => {
    expect(refusals({ $schema: 'http://json-schema.org/draft-07/schema#' })).toEqual([{ path: '/$schema', keyword: '$schema' }]);
    expect(refusals({ items: { $schema: 'https://json-schema.org/draft/2020-12/schema' } })).toEqual([
      { path: '/items/$schema', keyword: '$schema' },
    ]);
  });

  it(`refuses a schema larger than ${MAX_SCHEMA_BYTES} bytes`, () => {
    const schema = { description: 'x'.repeat(MAX_SCHEMA_BYTES) };
    expect(refusals(schema)).toEqual([{ path: '', keyword: 'maxSchemaSize' }]);
    // Bytes, not characters: 100,000 × "é" is 200,000 bytes in UTF-8 and stays under the limit.
    expect(checkSchemaSafety({ description: 'é'.repeat(100_000) })).toEqual([]);
    expect(refusals({ description: 'é'.repeat(140_000) })).toEqual([{ path: '', keyword: 'maxSchemaSize' }]);
  });

  it(`refuses nesting deeper than ${MAX_SCHEMA_DEPTH} levels, and accepts exactly ${MAX_SCHEMA_DEPTH}`, () => {
    expect(checkSchemaSafety(nestedObjects(MAX_SCHEMA_DEPTH))).toEqual([]);
    const [error] = refusals(nestedObjects(MAX_SCHEMA_DEPTH + 1));
    expect(error.keyword).toBe('maxSchemaDepth');
    // Data counts too: a deeply nested `const` is refused like a deep schema.
    let value: unknown = 1;
    for (let level = 0; level < MAX_SCHEMA_DEPTH; level += 1) value = [value];
    expect(refusals({ const: value })[0].keyword).toBe('maxSchemaDepth');
  });

  it(`refuses an enum with more than ${MAX_ENUM_VALUES} values`, () => {
    const values = (count: number): string[] => Array.from({ length: count }, (_, index) => `v${index}`);
    expect(checkSchemaSafety({ enum: values(MAX_ENUM_VALUES) })).toEqual([]);
    expect(refusals({ properties: { kode: { enum: values(MAX_ENUM_VALUES + 1) } } })).toEqual([
      { path: '/properties/kode/enum', keyword: 'enum' },
    ]);
  });

  it('refuses a pattern with a backreference, saying it may backtrack', () => {
    const [error] = checkSchemaSafety({ pattern: '^(a+)\\1$' }, 'en');
    expect(error).toMatchObject({ path: '/pattern', keyword: 'pattern' });
    expect(error.message).toMatch(/not allowed because it may backtrack/);
  });

  it('refuses lookahead and lookbehind', () => {
    expect(refusals({ pattern: '^(?=.*[0-9]).+$' })).toEqual([{ path: '/pattern', keyword: 'pattern' }]);
    expect(refusals({ pattern: '(?<!x)y' })).toEqual([{ path: '/pattern', keyword: 'pattern' }]);
  });

  it('refuses a patternProperties key RE2 cannot run, pointing at that key', () => {
    expect(refusals({ patternProperties: { '^(a)\\1$': { type: 'string' }, '^ok$': {} } })).toEqual([
      { path: '/patternProperties/^(a)\\1$', keyword: 'pattern' },
    ]);
  });

  it('accepts hostile-looking patterns that RE2 runs in linear time', () => {
    expect(checkSchemaSafety({ pattern: '^(a|a)*$' })).toEqual([]);
    expect(checkSchemaSafety({ pattern: '^(a+)+$' })).toEqual([]);
    expect(checkSchemaSafety({ pattern: '^\\p{Letter}+$' })).toEqual([]);
  });

  it('refuses a pattern that is not an ECMAScript regular expression', () => {
    const [error] = checkSchemaSafety({ pattern: '[a-' }, 'en');
    expect(error).toMatchObject({ path: '/pattern', keyword: 'pattern' });
    expect(error.message).toMatch(/not a valid regular expression/);
  });

  it('refuses an unknown format and accepts the custom ones', () => {
    expect(refusals({ format: 'nik' })).toEqual([{ path: '/format', keyword: 'format' }]);
    expect(checkSchemaSafety({ anyOf: [{ format: 'file-id' }, { format: 'color' }, { format: 'data-url' }, { format: 'date' }] })).toEqual([]);
  });

  it('refuses property names that every JavaScript object already has', () => {
    // JSON.parse, as the request body is read: an object literal would set the prototype instead.
    expect(refusals(JSON.parse('{"properties": {"__proto__": {"type": "number"}}}'))).toEqual([
      { path: '/properties/__proto__', keyword: 'properties' },
    ]);
    expect(refusals({ required: ['constructor'] })).toEqual([{ path: '/required', keyword: 'required' }]);
    expect(refusals({ properties: { toString: {} } })).toEqual([{ path: '/properties/toString', keyword: 'properties' }]);
  });

  it('refuses recursion through $ref, which would make the work per value unbounded', () => {
    expect(refusals({ type: 'object', properties: { anak: { $ref: '#' } } })).toEqual([
      { path: '/properties/anak/$ref', keyword: '$ref' },
    ]);
    expect(refusals({ $defs: { a: { anyOf: [{ $ref: '#/$defs/b' }] }, b: { allOf: [{ $ref: '#/$defs/a' }] } }, $ref: '#/$defs/a' })).toEqual([
      { path: '/$defs/b/allOf/0/$ref', keyword: '$ref' },
    ]);
  });

  it('refuses a $ref into data or to nowhere', () => {
    // Ajv would compile the `const` value as a schema: a cycle no check here could see.
    expect(refusals({ const: { $ref: '#' }, $ref: '#/const' })).toEqual([{ path: '/$ref', keyword: '$ref' }]);
    expect(refusals({ $ref: '#/$defs/hilang' })).toEqual([{ path: '/$ref', keyword: '$ref' }]);
  });

  it('refuses $ref chains that expand exponentially', () => {
    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let level = 1; level <= 20; level += 1) {
      $defs[`d${level}`] = { allOf: [{ $ref: `#/$defs/d${level - 1}` }, { $ref: `#/$defs/d${level - 1}` }] };
    }
    expect(2 ** 20).toBeGreaterThan(MAX_EXPANDED_SUBSCHEMAS);
    expect(refusals({ $defs, $ref: '#/$defs/d20' })).toEqual([{ path: '', keyword: '$ref' }]);
    // Re-using a definition a few times is fine.
    expect(checkSchemaSafety({ $defs: { d0: $defs.d0, d1: $defs.d1 }, properties: { a: { $ref: '#/$defs/d1' }, b: { $ref: '#/$defs/d1' } } })).toEqual([]);
  });

  it('refuses keywords that would have no effect, as Ajv strict mode does', () => {
    expect(refusals({ then: { required: ['a'] } })).toEqual([{ path: '/then', keyword: 'then' }]);
    expect(refusals({ if: { required: ['a'] } })).toEqual([{ path: '/if', keyword: 'if' }]);
    expect(refusals({ minContains: 2 })).toEqual([{ path: '/minContains', keyword: 'minContains' }]);
    expect(refusals({ contains: {}, minContains: 3, maxContains: 2 })).toEqual([{ path: '/minContains', keyword: 'minContains' }]);
    expect(refusals({ enum: [] })).toEqual([{ path: '/enum', keyword: 'enum' }]);
  });

  it('walks only schema positions: property names and data are not keywords', () => {
    const schema = {
      properties: {
        pattern: { type: 'string' }, // a field called "pattern"
        $ref: { type: 'string' }, // a field called "$ref"
        enum: { const: { 'x-anything': 1, $ref: 'https://example.com' } },
      },
      default: { $id: 'not a keyword here', unknownKey: true },
      examples: [{ $schema: 'whatever' }],
      enum: [{ pattern: '(a)\\1' }],
    };
    expect(checkSchemaSafety(schema)).toEqual([]);
  });

  it('answers in Bahasa Indonesia by default', () => {
    expect(checkSchemaSafety({ $ref: 'https://example.com/x.json' })[0].message).toMatch(/^referensi .* tidak diizinkan/);
    expect(checkSchemaSafety({ pattern: '(a)\\1' })[0].message).toMatch(/backtracking/);
  });

  it('survives input that is not a JSON document', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(refusals(cyclic)).toEqual([{ path: '', keyword: 'type' }]);
    expect(checkSchemaSafety(undefined)).toHaveLength(1);
    expect(checkSchemaSafety(true)).toEqual([]);
  });
});
