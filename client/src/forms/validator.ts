import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CustomValidator, ErrorTransformer, UiSchema, ValidationData, ValidatorType } from '@rjsf/utils';
import type { ThemeTexts } from '../../../schemas/validator/field-texts';
import type { Json, JsonObject } from '../api/types';
import { whenIdle } from '../lib/idle';
import type { FormContext, FormRecord } from './form-context';
import type { Localize } from './localize-errors';
import { withoutUntouchedGroups } from './untouched-groups';

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

/** What the heavy chunk hands over: the validator, whether it can compile a schema yet (RE2), and the words of errors. */
export interface LoadedValidator {
  validator: FormValidator;
  canCompile: (schema: JsonObject) => boolean;
  localize: Localize;
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
  /** Precompiled checks, by the schema they check (its first-seen copy, see `same`). */
  private readonly compiled = new Map<JsonObject, ValidateFunction>();
  // Ajv keeps compiled schemas by object identity, and RJSF validates copies of the same schema (its
  // retrieved schema after a change): equal schemas are mapped to the first one seen, so a theme
  // version is compiled once, however many copies RJSF makes.
  private readonly canonical = new WeakMap<object, JsonObject>();
  private readonly byText = new Map<string, JsonObject>();
  /** What each schema's error messages are written from (its form's labels, messages, translations). */
  private readonly texts = new Map<JsonObject, ThemeTexts>();
  /** Words Ajv's errors; it arrives with the first validator. */
  private localize: Localize | null = null;

  constructor(private readonly loader: () => Promise<LoadedValidator>) {}

  load(): Promise<FormValidator> {
    this.loading ??= this.loader().then(
      (loaded) => {
        this.canCompile = loaded.canCompile;
        this.localize = loaded.localize;
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

  /** From now on checks `schema` (and its copies) with the checks precompiled for it alone. */
  useCompiled(schema: JsonObject, validate: ValidateFunction, localize: Localize): void {
    this.compiled.set(this.same(schema), validate);
    this.localize = localize;
  }

  /** The errors of `schema` (and its copies) are worded from these texts: what the server words them from. */
  describe(schema: JsonObject, texts: ThemeTexts): void {
    this.texts.set(this.same(schema), texts);
  }

  /** Ajv's errors for `formData`, unworded, or null while there is nothing to check `schema` with. */
  private check(schema: JsonObject, formData: FormRecord | undefined): { errors?: ErrorObject[]; validationError?: Error } | null {
    if (this.compiled.size === 0 && !this.real) return null;
    const canonical = this.same(schema);
    // Checked as it will be sent: an optional group left untouched is not there (untouched-groups.ts).
    const data = withoutUntouchedGroups(canonical, formData);
    const compiled = this.compiled.get(canonical);
    if (compiled) {
      const valid = compiled(data);
      return { errors: valid ? undefined : (compiled.errors ?? undefined) };
    }
    return this.real && this.canCompile(schema) ? this.real.rawValidation<ErrorObject>(canonical, data) : null;
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
    // A check of the client's own would refuse what the server accepts.
    if (customValidate) throw new Error('forms are checked by their schema alone, as on the server');
    const found = this.check(schema, formData);
    // Nothing to check with yet: ThemeForm checks a submit made now once prepareValidator is done.
    if (!found || !this.localize) return { errors: [], errorSchema: {} };
    // Ajv's errors are worded here, not by RJSF: one message per field, exactly the server's.
    const canonical = this.same(schema);
    return this.localize(found.errors, found.validationError, this.texts.get(canonical) ?? { schema: canonical }, transformErrors, uiSchema);
  }

  isValid(schema: JsonObject, formData: FormRecord | undefined, rootSchema: JsonObject): boolean {
    // Not reached before loading: a schema RJSF needs this for waits for the validator
    // (validatorNeededToRender), and is given Ajv, not a precompiled validator of the whole schema only.
    return this.real && this.canCompile(rootSchema) ? this.real.isValid(schema, formData, rootSchema) : false;
  }

  rawValidation<Result>(schema: JsonObject, formData?: FormRecord): { errors?: Result[]; validationError?: Error } {
    return (this.check(schema, formData) ?? {}) as { errors?: Result[]; validationError?: Error };
  }

  reset(): void {
    this.real?.reset?.();
  }
}

export const formValidator = new DeferredValidator(async () => {
  const [{ createAjvValidator }, { canCompile }, { localizeErrors }] = await Promise.all([
    import('./ajv-validator'),
    import('./pattern-engine'),
    import('./localize-errors'),
  ]);
  return { validator: createAjvValidator(), canCompile, localize: localizeErrors };
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
  const [text, { importValidatorModule }, { localizeErrors }] = await Promise.all([
    source(),
    import('./compiled-validator'),
    import('./localize-errors'),
    import('./pattern-engine').then(({ loadPatternEngineFor }) => loadPatternEngineFor(schema)),
  ]);
  await nextIdle();
  const validate = await importValidatorModule(text);
  formValidator.useCompiled(schema, validate, localizeErrors);
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
