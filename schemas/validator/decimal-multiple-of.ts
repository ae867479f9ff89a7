import { _, str, type CodeKeywordDefinition, type KeywordCxt } from 'ajv/dist/2020';
import { decimalMultipleCheck } from './decimal-multiple';
import { STANDALONE_RUNTIME_MODULE } from './runtime-name';

// The arithmetic lives in decimal-multiple.ts, without Ajv, so precompiled validators in the browser use it alone.
export { decimalMultipleCheck, isDecimalMultiple } from './decimal-multiple';

/** Replaces Ajv's `multipleOf`; same error shape (`params.multipleOf`), so toFieldErrors words it like the original. */
export const decimalMultipleOfKeyword: CodeKeywordDefinition = {
  keyword: 'multipleOf',
  type: 'number',
  schemaType: 'number',
  error: {
    message: ({ schemaCode }) => str`must be multiple of ${schemaCode}`,
    params: ({ schemaCode }) => _`{multipleOf: ${schemaCode}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    const divisor = schema as number;
    // `code` is what standalone output (validators precompiled for the browser) writes instead of the reference.
    const checkName = gen.scopeValue('func', {
      ref: decimalMultipleCheck(divisor),
      code: _`require(${STANDALONE_RUNTIME_MODULE}).decimalMultipleCheck(${divisor})`,
    });
    cxt.fail(_`!${checkName}(${data})`);
  },
};
