/** What standalone validator code `require`s for Wakuncar's own helpers (see standalone-runtime.ts). */
export const STANDALONE_RUNTIME_MODULE = 'wakuncar/validator-runtime';
