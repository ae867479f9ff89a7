import { memo, startTransition, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import Form, { type IChangeEvent } from '@rjsf/core';
import type { RJSFValidationError } from '@rjsf/utils';
import type { FieldProblem, JsonObject } from '../api/types';
import { PageState } from '../app/PageState';
import { useSettled } from '../lib/use-settled';
import { CalculatedStore, type FormRecord, SectionController, topLevelField, type FormContext } from './form-context';
import { orderedFields, type PreparedForm } from './prepare';
import { focusField } from './rjsf-look/ErrorListTemplate';
import { problemsToErrorSchema } from './server-errors';
import { loadFormModules } from './rjsf-look/default-registry';
import { calculatedModule } from './rjsf-look/registry';
import { withoutUntouchedGroups } from './untouched-groups';
import {
  canCompileValidators,
  formValidator,
  prepareValidator,
  validatorNeededToRender,
  validatorReadyFor,
  warmUpValidator,
  type ValidatorSource,
} from './validator';

/** RJSF hands back what it was given plus what the widgets set: JSON values only. */
const asJson = (data: FormRecord | undefined): JsonObject => (data ?? {}) as JsonObject;

/** A required yes/no question stays unanswered until the cadre answers it; RJSF would otherwise fill in "no". */
const DEFAULT_FORM_STATE = { requiredBooleanDefault: 'skip' } as const;

export interface ThemeFormProps {
  prepared: PreparedForm;
  initialData: JsonObject;
  rootRegionCode: string;
  userId: string;
  onChange?: (data: JsonObject) => void;
  onSubmit?: (data: JsonObject) => void;
  /** Errors the server answered (422), shown under their fields until the next submit. */
  serverErrors?: readonly FieldProblem[];
  readonly?: boolean;
  /** The theme version's precompiled validator (the fill page); without it the form compiles its own with Ajv. */
  validatorSource?: ValidatorSource;
  /** The form's buttons; a `type="submit"` one submits through validation. */
  children?: ReactNode;
  id?: string;
}

/**
 * A published theme version rendered with Wakuncar's look (rjsf-look/). Uncontrolled (RJSF keeps the data),
 * so a keystroke does not travel through the page; `onChange` reports each committed change.
 * Memoised: RJSF recomputes its whole state whenever one of its props changes, so a parent redrawn
 * with the same props (stable callbacks and children) leaves the form alone.
 */
export const ThemeForm = memo(function ThemeForm({
  prepared,
  initialData,
  rootRegionCode,
  userId,
  onChange,
  onSubmit,
  serverErrors,
  readonly = false,
  validatorSource,
  children,
  id,
}: ThemeFormProps): ReactElement {
  const [attempted, setAttempted] = useState(false);
  const form = useRef<Form<FormRecord, JsonObject, FormContext>>(null);
  // Before any check: this form's errors are worded from its labels, messages and translations.
  useMemo(() => formValidator.describe(prepared.schema, prepared.texts), [prepared]);
  const extraErrors = useMemo(() => (serverErrors?.length ? problemsToErrorSchema(serverErrors) : undefined), [serverErrors]);
  // Calculated fields' values live beside RJSF's data; computed on each change once their code is in.
  const calculated = useMemo(() => (prepared.calculations.length > 0 ? new CalculatedStore() : undefined), [prepared.calculations]);
  const context = useMemo<FormContext>(
    () => ({ rootRegionCode, userId, sections: prepared.sections, sectionController: new SectionController(), calculated }),
    [rootRegionCode, userId, prepared.sections, calculated],
  );
  // Errors listed top to bottom as the fields stand (Ajv lists every missing required field first),
  // so the summary reads in form order and "Kirim" takes the cadre to the topmost problem.
  const sortErrors = useMemo(() => {
    const order = prepared.sections.length > 0 ? prepared.sections.flatMap((section) => section.fields) : orderedFields(prepared.schema, prepared.uiSchema);
    const position = new Map(order.map((name, index) => [name, index]));
    const rank = (error: RJSFValidationError): number => position.get(topLevelField(error.property ?? '') ?? '') ?? order.length;
    return (errors: RJSFValidationError[]): RJSFValidationError[] => [...errors].sort((left, right) => rank(left) - rank(right));
  }, [prepared]);

  // A schema RJSF needs the validator to draw (oneOf, if/then…) waits for it; any other is drawn at
  // once and the validator arrives after the first paint.
  const drawnFirst = useMemo(() => !validatorNeededToRender(prepared.schema), [prepared.schema]);
  // A precompiled validator (only ever of a schema drawn first) needs no compiling in the page, so it
  // checks even where the CSP forbids eval.
  const validating = !readonly && (canCompileValidators || (validatorSource !== undefined && drawnFirst));
  // Without the validator RJSF draws as if no option matched: worse, but the cadre can still fill it.
  const validatorLoading = useMemo(
    () => (drawnFirst || validatorReadyFor(prepared.schema) ? null : prepareValidator(prepared.schema, validatorSource)),
    [drawnFirst, prepared.schema, validatorSource],
  );
  const validatorLoaded = useSettled(validatorLoading);
  // The code of the parts this form draws beyond plain fields (a list, the camera, GPS…), fetched
  // before the first draw so nothing appears empty and then jumps. Code that cannot be fetched (the
  // service worker keeps every chunk, so only a broken install) is asked for once more where the
  // part is drawn, and its failure is shown there.
  const partsLoaded = useSettled(useMemo(() => loadFormModules(prepared), [prepared]));
  const calculate = (data: JsonObject): void => {
    const runtime = calculatedModule.loaded;
    if (!calculated || !runtime) return;
    try {
      calculated.set(runtime.calculatedValues(prepared.calculations, data));
    } catch {
      // A draft's expression may not parse yet (the designer's preview): its fields stay empty.
      calculated.set(new Map());
    }
  };
  // The values for the answers the form starts from (a draft, a revision), before the first keystroke.
  useEffect(() => {
    if (partsLoaded) calculate(initialData);
  }, [partsLoaded, calculated, initialData]);

  useEffect(
    () => (validating && drawnFirst ? warmUpValidator(prepared.schema, validatorSource) : undefined),
    [prepared.schema, validating, drawnFirst, validatorSource],
  );

  // Turning on re-checks when a field is left makes RJSF rebuild its whole state (a long task on a
  // long form): done once the errors are on screen, not before.
  const markAttempted = (): void => {
    requestAnimationFrame(() => setTimeout(() => startTransition(() => setAttempted(true)), 0));
  };
  const submitChecked = (checked: JsonObject): void => {
    markAttempted();
    const data = withoutUntouchedGroups(prepared.schema, checked);
    // Sent with the values the cadre saw, so the outbox and "Kiriman saya" show them before the
    // server answers; the server computes them again and stores its own.
    const runtime = calculatedModule.loaded;
    let sent = data;
    if (runtime && prepared.calculations.length > 0) {
      try {
        sent = runtime.withCalculations(prepared.calculations, data);
      } catch {
        sent = data;
      }
    }
    onSubmit?.(sent);
  };

  if (!validatorLoaded || !partsLoaded) return <PageState pending error={null}>{null}</PageState>;

  return (
    <Form<FormRecord, JsonObject, FormContext>
      ref={form}
      id={id}
      className={`theme-form${readonly ? ' theme-form--readonly' : ''}`}
      schema={prepared.schema}
      uiSchema={prepared.uiSchema}
      validator={formValidator}
      transformErrors={sortErrors}
      initialFormData={initialData}
      formContext={context}
      experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE}
      noHtml5Validate
      noValidate={!validating}
      showErrorList="top"
      // After a first failed submit, each field re-checks itself when left, so fixed errors disappear.
      liveValidate={attempted ? 'onBlur' : false}
      focusOnFirstError={(error: RJSFValidationError) => focusField(error, context)}
      extraErrors={extraErrors}
      readonly={readonly}
      onChange={(event: IChangeEvent<FormRecord, JsonObject, FormContext>) => {
        const data = withoutUntouchedGroups(prepared.schema, asJson(event.formData));
        calculate(data);
        onChange?.(data);
      }}
      onError={markAttempted}
      onSubmit={(event: IChangeEvent<FormRecord, JsonObject, FormContext>) => {
        const data = asJson(event.formData);
        if (validating && !validatorReadyFor(prepared.schema)) {
          // "Kirim" pressed before the validator was ready for this form, so nothing was checked (or
          // checking failed for want of RE2): check now, then send.
          // If it cannot load (no network and no cached copy), the server checks, as without 'unsafe-eval'.
          void prepareValidator(prepared.schema, validatorSource).then(
            () => {
              if (form.current?.validateForm()) submitChecked(data);
            },
            () => submitChecked(data),
          );
          return;
        }
        submitChecked(data);
      }}
    >
      {children ?? <></>}
    </Form>
  );
});
