import { _, str, type CodeKeywordDefinition, type KeywordCxt } from 'ajv/dist/2020';
import { findDuplicateItems } from './duplicate-items';
import { STANDALONE_RUNTIME_MODULE } from './runtime-name';

// The search lives in duplicate-items.ts, without Ajv, so precompiled validators in the browser use it alone.
export { findDuplicateItems } from './duplicate-items';

/** Replaces Ajv's `uniqueItems`; same error shape (`params.i`, `params.j`), so toFieldErrors words it like the original. */
export const linearUniqueItemsKeyword: CodeKeywordDefinition = {
  keyword: 'uniqueItems',
  type: 'array',
  schemaType: 'boolean',
  error: {
    message: ({ params: { i, j } }) => str`must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
    params: ({ params: { i, j } }) => _`{i: ${i}, j: ${j}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema } = cxt;
    if (schema !== true) return;
    // `code` is what standalone output (validators precompiled for the browser) writes instead of the reference.
    const find = gen.scopeValue('func', { ref: findDuplicateItems, code: _`require(${STANDALONE_RUNTIME_MODULE}).findDuplicateItems` });
    const duplicate = gen.const('duplicate', _`${find}(${data})`);
    cxt.setParams({ i: _`${duplicate}[0]`, j: _`${duplicate}[1]` });
    cxt.fail(_`${duplicate} !== null`);
  },
};
