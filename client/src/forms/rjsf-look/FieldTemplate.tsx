import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  descriptionId,
  errorId,
  getUiOptions,
  helpId,
  type DescriptionFieldProps,
  type FieldErrorProps,
  type FieldHelpProps,
  type FieldTemplateProps,
  type TitleFieldProps,
} from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';

/** Text written by an admin is only ever shown as text: a ReactElement from elsewhere is ignored. */
const asText = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function RequiredMark(): ReactElement {
  const { t } = useTranslation();
  return <span className="required-mark">{t('form.required')}</span>;
}

export function FieldTemplate(props: FieldTemplateProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const { id, label, children, errors, help, rawDescription, hidden, required, displayLabel, uiSchema, rawErrors, schema, fieldPathId } =
    props;
  if (hidden) return <div hidden>{children}</div>;
  const options = getUiOptions(uiSchema);
  // Checkboxes carry their label beside the box; objects and arrays title themselves.
  const ownLabel = options.widget === 'checkbox' || (schema.type === 'boolean' && options.widget === undefined);
  const invalid = (rawErrors?.length ?? 0) > 0;
  const description = asText(rawDescription);
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`} data-field={fieldPathId.path.join('.') || 'root'}>
      {displayLabel && !ownLabel && label && (
        <label className="field-label" htmlFor={id}>
          {label}
          {required && <RequiredMark />}
        </label>
      )}
      {displayLabel && description && (
        <p id={descriptionId(id)} className="field-description">
          {description}
        </p>
      )}
      {children}
      {errors}
      {help}
    </div>
  );
}

export function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps<FormRecord, JsonObject, FormContext>): ReactElement | null {
  const messages = errors.filter((error): error is string => typeof error === 'string' && error !== '');
  if (messages.length === 0) return null;
  return (
    <ul id={errorId(fieldPathId)} className="field-errors">
      {messages.map((message, index) => (
        <li key={index}>{message}</li>
      ))}
    </ul>
  );
}

export function FieldHelpTemplate({ help, fieldPathId }: FieldHelpProps<FormRecord, JsonObject, FormContext>): ReactElement | null {
  const text = asText(help);
  if (!text) return null;
  return (
    <p id={helpId(fieldPathId)} className="field-help">
      {text}
    </p>
  );
}

export function TitleFieldTemplate({ id, title, required }: TitleFieldProps<FormRecord, JsonObject, FormContext>): ReactElement | null {
  const text = asText(title);
  if (!text) return null;
  return (
    <legend id={id} className="group-title">
      {text}
      {required && <RequiredMark />}
    </legend>
  );
}

export function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps<FormRecord, JsonObject, FormContext>): ReactElement | null {
  const text = asText(description);
  if (!text) return null;
  return (
    <p id={id} className="field-description">
      {text}
    </p>
  );
}
