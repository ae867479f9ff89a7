import type { CSSProperties, ReactElement } from 'react';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import { useBufferedValue } from './use-buffered-value';

export function TextareaWidget(props: WidgetProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const { id, htmlName, value, disabled, readonly, autofocus, placeholder, onChange, onBlur, onFocus, options, rawErrors, schema } = props;
  const buffered = useBufferedValue(value, onChange, options.emptyValue);
  const rows = typeof options.rows === 'number' ? options.rows : 4;
  return (
    <textarea
      id={id}
      name={htmlName || id}
      className="input textarea"
      rows={rows}
      style={{ '--rows': rows } as CSSProperties}
      ref={buffered.ref}
      defaultValue={buffered.initialText}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      placeholder={placeholder || undefined}
      maxLength={typeof schema.maxLength === 'number' ? schema.maxLength : undefined}
      onChange={(event) => buffered.type(event.target.value)}
      onBlur={(event) => {
        buffered.commit();
        onBlur(id, event.target.value);
      }}
      onFocus={(event) => onFocus(id, event.target.value)}
      aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
