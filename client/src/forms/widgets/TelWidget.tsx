import type { ReactElement } from 'react';
import { getTemplate, type WidgetProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormContext, FormRecord } from '../form-context';

/** Phone numbers and digit codes (NIK, NIB): the phone shows its number pad, the value stays text. */
export function TelWidget(props: WidgetProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const BaseInputTemplate = getTemplate<'BaseInputTemplate', FormRecord, JsonObject, FormContext>('BaseInputTemplate', props.registry, props.options);
  return <BaseInputTemplate {...props} type="tel" />;
}
