import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import { formatDate, parseWibDateTimeLocal, toWibIsoString, wibDate, wibDateTimeLocal, wibTimeOfDay } from '../../lib/wib';
import type { FormRecord, FormContext } from '../form-context';

type Props = WidgetProps<FormRecord, JsonObject, FormContext>;

/** `ui:options.noFuture: true` forbids picking a date after today (WIB). */
const noFuture = (options: Props['options']): boolean => options.noFuture === true;

interface WibInputProps {
  widget: Props;
  type: 'date' | 'datetime-local' | 'time';
  /** What the input shows. */
  text: string;
  max: string | undefined;
  onText: (text: string) => void;
  /** What onBlur and onFocus report, given the input's text. */
  reported: (text: string) => unknown;
  nowLabel: string;
  onNow: () => void;
  help: ReactNode;
}

/** The input, its "today"/"now" button and the WIB note under it, shared by both widgets. */
function WibInput({ widget, type, text, max, onText, reported, nowLabel, onNow, help }: WibInputProps): ReactElement {
  const { id, htmlName, disabled, readonly, autofocus, onBlur, onFocus, rawErrors } = widget;
  return (
    <div className="date-widget">
      <div className="inline-controls">
        <input
          id={id}
          name={htmlName || id}
          type={type}
          className="input input--date"
          value={text}
          max={max}
          disabled={disabled}
          readOnly={readonly}
          autoFocus={autofocus}
          onChange={(event) => onText(event.target.value)}
          onBlur={(event) => onBlur(id, reported(event.target.value))}
          onFocus={(event) => onFocus(id, reported(event.target.value))}
          aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
          aria-describedby={`${ariaDescribedByIds(id)} ${id}__wib`}
        />
        {!readonly && !disabled && (
          <button type="button" className="button button--secondary button--small" onClick={onNow}>
            {nowLabel}
          </button>
        )}
      </div>
      <p id={`${id}__wib`} className="field-help">
        {help}
      </p>
    </div>
  );
}

/**
 * A calendar date (`format: date`). "Today" is today in WIB, not on the phone's clock zone, so a
 * cadre whose phone is set to another zone still reports the right day.
 */
export function WibDateWidget(props: Props): ReactElement {
  const { value, onChange, options } = props;
  const { t, i18n } = useTranslation();
  const today = wibDate(new Date());
  const text = typeof value === 'string' ? value : '';
  return (
    <WibInput
      widget={props}
      type="date"
      text={text}
      max={noFuture(options) ? today : undefined}
      onText={(next) => onChange(next === '' ? options.emptyValue : next)}
      reported={(typed) => typed}
      nowLabel={t('widgets.date.today')}
      onNow={() => onChange(today)}
      help={text ? formatDate(text, i18n.language) : t('widgets.date.hint')}
    />
  );
}

/** A moment (`format: date-time`), typed and shown as WIB wall-clock time, stored as `…+07:00`. */
export function WibDateTimeWidget(props: Props): ReactElement {
  const { value, onChange, options } = props;
  const { t } = useTranslation();
  const instant = typeof value === 'string' && value ? new Date(value) : null;
  const text = instant && !Number.isNaN(instant.getTime()) ? wibDateTimeLocal(instant) : '';
  const change = (next: string): void => {
    const parsed = parseWibDateTimeLocal(next);
    onChange(parsed ? toWibIsoString(parsed) : options.emptyValue);
  };
  return (
    <WibInput
      widget={props}
      type="datetime-local"
      text={text}
      max={noFuture(options) ? wibDateTimeLocal(new Date()) : undefined}
      onText={change}
      // The stored instant, not the wall-clock text typed.
      reported={() => value}
      nowLabel={t('widgets.date.now')}
      onNow={() => onChange(toWibIsoString(new Date()))}
      help={t('widgets.date.wibNote')}
    />
  );
}

/**
 * A time of day (`format: time`), typed as WIB wall-clock time and stored as RFC 3339 with its offset
 * (`07:15:00+07:00`): JSON Schema's `time` needs seconds and a zone, which a plain time input leaves out.
 */
export function WibTimeWidget(props: Props): ReactElement {
  const { value, onChange, options } = props;
  const { t } = useTranslation();
  const text = (typeof value === 'string' && wibTimeOfDay(value)) || '';
  return (
    <WibInput
      widget={props}
      type="time"
      text={text}
      max={undefined}
      onText={(next) => onChange(/^[0-9]{2}:[0-9]{2}$/.test(next) ? `${next}:00+07:00` : options.emptyValue)}
      reported={() => value}
      nowLabel={t('widgets.date.now')}
      onNow={() => onChange(`${wibDateTimeLocal(new Date()).slice(11)}:00+07:00`)}
      help={t('widgets.date.wibNote')}
    />
  );
}
