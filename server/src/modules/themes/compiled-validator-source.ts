import { standaloneValidatorModule } from '../../../../schemas/validator/standalone';

// Versions are immutable, so each module is generated once per (theme, version) and kept; the
// bound only stops a server holding thousands of versions from keeping every module in memory.
const MAX_MODULES = 500;
const modules = new Map<string, Promise<string>>();

/**
 * The precompiled validator module of a published version (schemas/validator/standalone.ts), as the
 * fill form loads it instead of Ajv's compiler. `key` names the version (theme id and number).
 */
export function compiledValidatorSource(key: string, schema: object): Promise<string> {
  const known = modules.get(key);
  if (known !== undefined) return known;
  const source = standaloneValidatorModule(schema);
  if (modules.size >= MAX_MODULES) modules.delete(modules.keys().next().value as string);
  modules.set(key, source);
  // A failure is not kept: the next request tries again.
  source.catch(() => {
    if (modules.get(key) === source) modules.delete(key);
  });
  return source;
}
