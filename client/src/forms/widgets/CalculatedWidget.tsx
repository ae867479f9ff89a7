import { useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { CalculatedValue, FormContext, FormRecord } from '../form-context';
import { formatNumber } from '../../lib/format-number';

// The calculation code comes with this widget: a form without calculated fields never fetches it.
export { calculatedValues, withCalculations } from '../calculations';

const noStore = (): (() => void) => () => undefined;
const nothing = (): CalculatedValue => null;

/** How a computed value reads on screen: a choice by its label, a number in the person's language. */
function display(value: CalculatedValue, enumOptions: WidgetProps['options']['enumOptions'], language: string): string {
  if (value === null) return '';
  const choice = enumOptions?.find((option) => option.value === value);
  if (choice) return choice.label;
  if (typeof value === 'number') return formatNumber(value, language);
  return String(value);
}

/**
 * A calculated field (`calculations[]`): read-only, showing the value computed from the answers so
 * far — it changes as the cadre types, offline too. What the cadre sees is what the server stores.
 * The value is also written into the form's data, so the form checks it (a child over five is
 * refused before sending, as the server would) and the draft and the outbox keep it.
 */
export function CalculatedWidget({ id, options, registry, value: current, onChange }: WidgetProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const { t, i18n } = useTranslation();
  const store = registry.formContext.calculated;
  const pointer = typeof options.calculation === 'string' ? options.calculation : '';
  const value = useSyncExternalStore(store?.subscribe ?? noStore, store ? () => store.get(pointer) : nothing);
  useEffect(() => {
    // Only a store-backed widget writes: without calculations loaded, the data stays as it came.
    const next = value === null ? undefined : value;
    if (store && current !== next) onChange(next);
  }, [store, value, current, onChange]);
  return (
    <input
      id={id}
      className="input input--calculated"
      readOnly
      value={display(value, options.enumOptions, i18n.language)}
      placeholder={t('form.calculatedEmpty')}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
