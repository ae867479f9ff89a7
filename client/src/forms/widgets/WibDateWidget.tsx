import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import { formatDate, parseWibDateTimeLocal, toWibIsoString, wibDate, wibDateTimeLocal } from '../../lib/wib';
import type { FormRecord, FormContext } from '../form-context';

type Props = WidgetProps<FormRecord, JsonObject, FormContext>;

/** `ui:options.noFuture: true` forbids picking a date after today (WIB). */
const noFuture = (options: Props['options']): boolean => options.noFuture === true;

/**
 * A calendar date (`format: date`). "Today" is today in WIB, not on the phone's clock zone, so a
 * cadre whose phone is set to another zone still reports the right day.
 */
export function WibDateWidget(props: Props): ReactElement {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, rawErrors } = props;
  const { t, i18n } = useTranslation();
  const today = wibDate(new Date());
  const text = typeof value === 'string' ? value : '';
  return (
    <div className="date-widget">
      <div className="inline-controls">
        <input
          id={id}
          name={htmlName || id}
          type="date"
          className="input input--date"
          value={text}
          max={noFuture(options) ? today : undefined}
          disabled={disabled}
          readOnly={readonly}
          autoFocus={autofocus}
          onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
          onBlur={(event) => onBlur(id, event.target.value)}
          onFocus={(event) => onFocus(id, event.target.value)}
          aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          aria-describedby={`${ariaDescribedByIds(id)} ${id}__wib`}
        />
        {!readonly && !disabled && (
          <button type="button" className="button button--secondary button--small" onClick={() => onChange(today)}>
            {t('widgets.date.today')}
          </button>
        )}
      </div>
      <p id={`${id}__wib`} className="field-help">
        {text ? formatDate(text, i18n.language) : t('widgets.date.hint')}
      </p>
    </div>
  );
}

/** A moment (`format: date-time`), typed and shown as WIB wall-clock time, stored as `…+07:00`. */
export function WibDateTimeWidget(props: Props): ReactElement {
  const { id, htmlName, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, rawErrors } = props;
  const { t } = useTranslation();
  const instant = typeof value === 'string' && value ? new Date(value) : null;
  const text = instant && !Number.isNaN(instant.getTime()) ? wibDateTimeLocal(instant) : '';
  const change = (next: string): void => {
    const parsed = parseWibDateTimeLocal(next);
    onChange(parsed ? toWibIsoString(parsed) : options.emptyValue);
  };
  return (
    <div className="date-widget">
      <div className="inline-controls">
        <input
          id={id}
          name={htmlName || id}
          type="datetime-local"
          className="input input--date"
          value={text}
          max={noFuture(options) ? wibDateTimeLocal(new Date()) : undefined}
          disabled={disabled}
          readOnly={readonly}
          autoFocus={autofocus}
          onChange={(event) => change(event.target.value)}
          onBlur={() => onBlur(id, value)}
          onFocus={() => onFocus(id, value)}
          aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          aria-describedby={`${ariaDescribedByIds(id)} ${id}__wib`}
        />
        {!readonly && !disabled && (
          <button type="button" className="button button--secondary button--small" onClick={() => onChange(toWibIsoString(new Date()))}>
            {t('widgets.date.now')}
          </button>
        )}
      </div>
      <p id={`${id}__wib`} className="field-help">
        {t('widgets.date.wibNote')}
      </p>
    </div>
  );
}
