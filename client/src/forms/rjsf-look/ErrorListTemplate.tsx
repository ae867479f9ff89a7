import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorListProps, RJSFValidationError } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import { type FormRecord, fieldIdFromProperty, topLevelField, type FormContext } from '../form-context';

export function focusField(error: RJSFValidationError, context: FormContext): void {
  const field = topLevelField(error.property ?? '');
  if (field) context.sectionController.reveal(field);
  const id = fieldIdFromProperty(error.property ?? '');
  // The section opens when React commits, which for a click or a submit is the microtask it queued
  // on the first state change, before this one: focusing here shares the layout of the click's own
  // task instead of forcing another one in the next frame. Later renders are waited for a frame at
  // a time.
  const attempt = (triesLeft: number): void => {
    // Composite widgets (region steps, GPS) name their first control with the field id or a suffix of it.
    const element = document.getElementById(id) ?? document.querySelector<HTMLElement>(`[id^="${id.replace(/["\\]/g, '')}"]`);
    if (element) {
      // One scroll, to the middle of the screen: focus() alone would scroll first to the edge.
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: 'center' });
    } else if (triesLeft > 0) {
      requestAnimationFrame(() => attempt(triesLeft - 1));
    }
  };
  queueMicrotask(() => attempt(5));
}

export function ErrorListTemplate({ errors, registry }: ErrorListProps<FormRecord, JsonObject, FormContext>): ReactElement | null {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="notice notice--danger error-summary" role="alert" tabIndex={-1}>
      <h2 className="notice-title">{t('form.errorSummary', { count: errors.length })}</h2>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            {error.property ? (
              // The message names the field ("Nama usaha wajib diisi"); pressing it goes there.
              <button type="button" className="link-button" onClick={() => focusField(error, registry.formContext)}>
                {error.message}
              </button>
            ) : (
              error.message ?? error.stack
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
