import { useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import Form, { type IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import type { JsonObject } from '../api/types';
import { type FormRecord, SectionController, type FormContext } from './form-context';
import type { PreparedForm } from './prepare';
import { focusField } from './theme/ErrorListTemplate';
import { buttonTemplates, fields, templates, translateString, widgets } from './theme/registry';
import { canCompileValidators, formValidator, warmUpValidator } from './validator';

/** RJSF hands back what it was given plus what the widgets set: JSON values only. */
const asJson = (data: FormRecord | undefined): JsonObject => (data ?? {}) as JsonObject;

/** A required yes/no question stays unanswered until the cadre answers it; RJSF would otherwise fill in "no". */
const DEFAULT_FORM_STATE = { requiredBooleanDefault: 'skip' } as const;

const FORM_TEMPLATES = { ...templates, ButtonTemplates: buttonTemplates };

export interface ThemeFormProps {
  prepared: PreparedForm;
  initialData: JsonObject;
  rootRegionCode: string;
  userId: string;
  onChange?: (data: JsonObject) => void;
  onSubmit?: (data: JsonObject) => void;
  /** Errors the server answered (422), shown under their fields until the next submit. */
  serverErrors?: ErrorSchema;
  readonly?: boolean;
  /** The form's buttons; a `type="submit"` one submits through validation. */
  children?: ReactNode;
  id?: string;
}

/**
 * A published theme version rendered with Wakuncar's RJSF theme. Uncontrolled (RJSF keeps the data),
 * so a keystroke does not travel through the page; `onChange` reports each committed change.
 */
export function ThemeForm({
  prepared,
  initialData,
  rootRegionCode,
  userId,
  onChange,
  onSubmit,
  serverErrors,
  readonly = false,
  children,
  id,
}: ThemeFormProps): ReactElement {
  const [attempted, setAttempted] = useState(false);
  const context = useMemo<FormContext>(
    () => ({ rootRegionCode, userId, sections: prepared.sections, sectionController: new SectionController() }),
    [rootRegionCode, userId, prepared.sections],
  );

  useEffect(() => (readonly || !canCompileValidators ? undefined : warmUpValidator(prepared.schema)), [prepared.schema, readonly]);

  return (
    <Form<FormRecord, JsonObject, FormContext>
      id={id}
      className={`theme-form${readonly ? ' theme-form--readonly' : ''}`}
      schema={prepared.schema}
      uiSchema={prepared.uiSchema}
      validator={formValidator}
      initialFormData={initialData}
      formContext={context}
      templates={FORM_TEMPLATES}
      widgets={widgets}
      fields={fields}
      translateString={translateString}
      experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE}
      noHtml5Validate
      noValidate={readonly || !canCompileValidators}
      showErrorList="top"
      // After a first failed submit, each field re-checks itself when left, so fixed errors disappear.
      liveValidate={attempted ? 'onBlur' : false}
      focusOnFirstError={(error: RJSFValidationError) => focusField(error, context)}
      extraErrors={serverErrors}
      readonly={readonly}
      onChange={(event: IChangeEvent<FormRecord, JsonObject, FormContext>) => onChange?.(asJson(event.formData))}
      onError={() => setAttempted(true)}
      onSubmit={(event: IChangeEvent<FormRecord, JsonObject, FormContext>) => {
        setAttempted(true);
        onSubmit?.(asJson(event.formData));
      }}
    >
      {children ?? <></>}
    </Form>
  );
}
