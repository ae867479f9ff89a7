import type { CustomValidator, ErrorTransformer, UiSchema, ValidationData, ValidatorType } from '@rjsf/utils';
import type { Json, JsonObject } from '../api/types';
import { whenIdle } from '../lib/idle';
import type { FormContext, FormRecord } from './form-context';

type FormValidator = ValidatorType<FormRecord, JsonObject, FormContext>;

/**
 * Ajv turns each schema into a function with `new Function`; a Content-Security-Policy without
 * 'unsafe-eval' forbids that. A form given its precompiled validator (ThemeForm's validatorSource)
 * does not need it; any other form then does not check itself and the server's 422, shown under
 * each field, is the only check — degraded, but nothing is blocked or lost.
 */
export const canCompileValidators: boolean = (() => {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
})();

// RJSF asks the validator while it draws these (which oneOf/anyOf option applies, if/then,
// schema dependencies), so a schema using them waits for the validator before it is drawn.
const RENDER_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'dependencies', 'dependentSchemas']);

/** True when RJSF consults the validator to draw `schema` (not only to check it). */
export function validatorNeededToRender(schema: JsonObject): boolean {
  const stack: Json[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (RENDER_KEYWORDS.has(key)) return true;
      stack.push(value);
    }
  }
  return false;
}

/** What the heavy chunk hands over: the validator, and whether it can compile a schema yet (RE2). */
export interface LoadedValidator {
  validator: FormValidator;
  canCompile: (schema: JsonObject) => boolean;
}

/** Resolves to the source of a theme version's precompiled validator module (GET …/validator.js). */
export type ValidatorSource = () => Promise<string>;

/**
 * What the form is given as its validator. The validator is loaded after the form is on screen —
 * a theme version's precompiled checks (small), or else Ajv, the shared options and the messages
 * (~45 KB gzip); until then nothing validates, and ThemeForm checks a submit made in that moment
 * once the real validator has arrived. One stable object, because RJSF rebuilds all its schema
 * state when its validator changes.
 */
export class DeferredValidator implements FormValidator {
  private real: FormValidator | null = null;
  private canCompile: (schema: JsonObject) => boolean = () => false;
  private loading: Promise<FormValidator> | null = null;
  /** Precompiled validators, by the schema they check (its first-seen copy, see `same`). */
  private readonly compiled = new Map<JsonObject, FormValidator>();
  // Ajv keeps compiled schemas by object identity, and RJSF validates copies of the same schema (its
  // retrieved schema after a change): equal schemas are mapped to the first one seen, so a theme
  // version is compiled once, however many copies RJSF makes.
  private readonly canonical = new WeakMap<object, JsonObject>();
  private readonly byText = new Map<string, JsonObject>();

  constructor(private readonly loader: () => Promise<LoadedValidator>) {}

  load(): Promise<FormValidator> {
    this.loading ??= this.loader().then(
      (loaded) => {
        this.canCompile = loaded.canCompile;
        return (this.real = loaded.validator);
      },
      (error: unknown) => {
        // A chunk that failed to download (offline, no cached copy yet) may load the next time.
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** From now on checks `schema` (and its copies) with a validator made for it alone. */
  useCompiled(schema: JsonObject, create: (schema: JsonObject) => FormValidator): void {
    const canonical = this.same(schema);
    this.compiled.set(canonical, create(canonical));
  }

  /** The validator for `schema` and the copy of it to hand that validator, or null while there is none. */
  private forSchema(schema: JsonObject): { validator: FormValidator; schema: JsonObject } | null {
    if (this.compiled.size === 0 && !this.real) return null;
    const canonical = this.same(schema);
    const compiled = this.compiled.get(canonical);
    if (compiled) return { validator: compiled, schema: canonical };
    return this.real && this.canCompile(schema) ? { validator: this.real, schema: canonical } : null;
  }

  /**
   * Compiles `schema` now, by validating empty data with it (a long task for a long form; for a
   * precompiled validator, the browser's own compiling of its code); errors in the schema report
   * themselves on validation.
   */
  compile(schema: JsonObject): void {
    this.rawValidation(schema, {});
  }

  private same(schema: JsonObject): JsonObject {
    const known = this.canonical.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const first = this.byText.get(text) ?? schema;
    if (!this.byText.has(text)) this.byText.set(text, schema);
    this.canonical.set(schema, first);
    return first;
  }

  validateFormData(
    formData: FormRecord | undefined,
    schema: JsonObject,
    customValidate?: CustomValidator<FormRecord, JsonObject, FormContext>,
    transformErrors?: ErrorTransformer<FormRecord, JsonObject, FormContext>,
    uiSchema?: UiSchema<FormRecord, JsonObject, FormContext>,
  ): ValidationData<FormRecord> {
    const found = this.forSchema(schema);
    // Nothing to check with yet: ThemeForm checks a submit made now once prepareValidator is done.
    if (!found) return { errors: [], errorSchema: {} };
    return found.validator.validateFormData(formData, found.schema, customValidate, transformErrors, uiSchema);
  }

  isValid(schema: JsonObject, formData: FormRecord | undefined, rootSchema: JsonObject): boolean {
    // Not reached before loading: a schema RJSF needs this for waits for the validator
    // (validatorNeededToRender), and is given Ajv, not a precompiled validator of the whole schema only.
    return this.real && this.canCompile(rootSchema) ? this.real.isValid(schema, formData, rootSchema) : false;
  }

  rawValidation<Result>(schema: JsonObject, formData?: FormRecord): { errors?: Result[]; validationError?: Error } {
    const found = this.forSchema(schema);
    return found ? found.validator.rawValidation<Result>(found.schema, formData) : {};
  }

  reset(): void {
    this.real?.reset?.();
  }
}

export const formValidator = new DeferredValidator(async () => {
  const [{ createAjvValidator }, { canCompile }] = await Promise.all([import('./ajv-validator'), import('./pattern-engine')]);
  return { validator: createAjvValidator(), canCompile };
});

const prepared = new WeakMap<JsonObject, Promise<void>>();
const preparedDone = new WeakSet<JsonObject>();

/**
 * Whether `schema` can be validated right now: Ajv has loaded, and so has RE2 if one of its patterns
 * needs it (else compiling would fail) — what prepareValidator does, once per schema.
 */
export function validatorReadyFor(schema: JsonObject): boolean {
  return preparedDone.has(schema);
}

// Loading and compiling (or running a module) are separate tasks, so a keystroke between them is not kept waiting.
const nextIdle = (): Promise<void> => new Promise<void>((resolve) => whenIdle(resolve, 300));

/** Loads the version's precompiled module (and RE2 first when a pattern needs it, as the module's top level compiles them). */
async function usePrecompiled(schema: JsonObject, source: ValidatorSource): Promise<void> {
  const [text, { createCompiledValidator, importValidatorModule }] = await Promise.all([
    source(),
    import('./compiled-validator'),
    import('./pattern-engine').then(({ loadPatternEngineFor }) => loadPatternEngineFor(schema)),
  ]);
  await nextIdle();
  const validate = await importValidatorModule(text);
  formValidator.useCompiled(schema, (canonical) => createCompiledValidator(validate, canonical));
  // The browser compiles a function on its first call, and this one is long: once now, in idle
  // time, rather than in the moment after "Kirim".
  await nextIdle();
  formValidator.compile(schema);
}

async function useAjv(schema: JsonObject): Promise<void> {
  await Promise.all([formValidator.load(), import('./pattern-engine').then(({ loadPatternEngineFor }) => loadPatternEngineFor(schema))]);
  await nextIdle();
  formValidator.compile(schema);
}

/**
 * Readies the validator of `schema`, once per schema object — once per theme version, which the
 * query cache keeps as one object: its precompiled module when `source` is given and the schema
 * needs no validator to be drawn (only the whole schema is precompiled), else Ajv, which loads (with
 * RE2 when one of the schema's patterns needs it) and compiles the schema. A module that cannot be
 * had (offline before it was ever kept) falls back to Ajv where the page may compile.
 */
export function prepareValidator(schema: JsonObject, source?: ValidatorSource): Promise<void> {
  let done = prepared.get(schema);
  if (!done) {
    done = (async () => {
      if (source && !validatorNeededToRender(schema)) {
        try {
          await usePrecompiled(schema, source);
          preparedDone.add(schema);
          return;
        } catch (error) {
          if (!canCompileValidators) throw error;
        }
      }
      await useAjv(schema);
      preparedDone.add(schema);
    })();
    prepared.set(schema, done);
    done.catch(() => prepared.delete(schema));
  }
  return done;
}

/**
 * Prepares the validator for `schema` strictly after the form's first paint, in idle time, so pressing
 * "Kirim" on a long form does not wait for Ajv to download or compile. Returns a cancel function.
 */
export function warmUpValidator(schema: JsonObject, source?: ValidatorSource): () => void {
  let cancelIdle: (() => void) | undefined;
  let cancelled = false;
  const frame = requestAnimationFrame(() => {
    // The frame's paint comes after this callback: start from the next task.
    setTimeout(() => {
      if (cancelled) return;
      cancelIdle = whenIdle(() => {
        void prepareValidator(schema, source).catch(() => undefined);
      }, 2000);
    }, 0);
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    cancelIdle?.();
  };
}
