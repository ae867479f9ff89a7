import type { ReactElement } from 'react';
import { ariaDescribedByIds, examplesId, getInputProps, type BaseInputTemplateProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import { useBufferedValue } from '../widgets/use-buffered-value';

type Props = BaseInputTemplateProps<FormRecord, JsonObject, FormContext>;

/**
 * The keyboard a phone shows. A number in a locale with a decimal comma is a text input (RJSF's
 * choice, so the comma can be typed), and still gets the number pad.
 */
function inputModeFor(schemaType: unknown, inputType: string | undefined): 'numeric' | 'decimal' | 'tel' | undefined {
  const types = Array.isArray(schemaType) ? schemaType : [schemaType];
  if (types.includes('number')) return 'decimal';
  if (types.includes('integer')) return 'numeric';
  if (inputType === 'number') return 'decimal';
  return inputType === 'tel' ? 'tel' : undefined;
}

/** The `<input>` behind text, number, email, url and similar widgets. */
export function BaseInputTemplate(props: Props): ReactElement {
  const { id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, onChangeOverride, options, schema, type, rawErrors, placeholder } =
    props;
  const inputProps = getInputProps<FormRecord, JsonObject, FormContext>(schema, type, options);
  const buffered = useBufferedValue(value, onChange, options.emptyValue);
  const examples = Array.isArray(schema.examples) ? schema.examples : [];
  const invalid = (rawErrors?.length ?? 0) > 0;
  return (
    <>
      <input
        id={id}
        name={htmlName || id}
        className="input"
        readOnly={readonly}
        disabled={disabled}
        autoFocus={autofocus}
        placeholder={placeholder || undefined}
        {...inputProps}
        inputMode={inputModeFor(schema.type, inputProps.type)}
        list={examples.length > 0 ? examplesId(id) : undefined}
        ref={buffered.ref}
        defaultValue={buffered.initialText}
        onChange={onChangeOverride ?? ((event) => buffered.type(event.target.value))}
        onBlur={(event) => {
          buffered.commit();
          onBlur(id, event.target.value);
        }}
        onFocus={(event) => onFocus(id, event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') buffered.commit();
        }}
        aria-invalid={invalid || undefined}
        aria-describedby={ariaDescribedByIds(id, examples.length > 0)}
      />
      {examples.length > 0 && (
        <datalist id={examplesId(id)}>
          {examples.map((example) => (
            <option key={String(example)} value={String(example)} />
          ))}
        </datalist>
      )}
    </>
  );
}
