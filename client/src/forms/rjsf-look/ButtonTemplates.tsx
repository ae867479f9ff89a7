import type { ReactElement } from 'react';
import { TranslatableString, type IconButtonProps } from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';

type ButtonProps = IconButtonProps<FormRecord, JsonObject, FormContext>;

/** Text buttons (no icon font): clear on a cheap phone, and announced properly by screen readers. */
function TextButton({ registry: _registry, uiSchema: _uiSchema, icon: _icon, iconType, className, children, ...rest }: ButtonProps): ReactElement {
  const tone = iconType === 'danger' ? 'button--danger-quiet' : 'button--quiet';
  return (
    <button type="button" className={`button button--small ${tone} ${className ?? ''}`} {...rest}>
      {children}
    </button>
  );
}

export function AddButton(props: ButtonProps): ReactElement {
  return (
    <TextButton {...props} className={`button--add ${props.className ?? ''}`}>
      + {props.registry.translateString(TranslatableString.AddItemButton)}
    </TextButton>
  );
}

export function RemoveButton(props: ButtonProps): ReactElement {
  return (
    <TextButton {...props} iconType="danger">
      {props.registry.translateString(TranslatableString.RemoveButton)}
    </TextButton>
  );
}

export function MoveUpButton(props: ButtonProps): ReactElement {
  const label = props.registry.translateString(TranslatableString.MoveUpButton);
  return (
    <TextButton {...props} aria-label={label} title={label}>
      ↑
    </TextButton>
  );
}

export function MoveDownButton(props: ButtonProps): ReactElement {
  const label = props.registry.translateString(TranslatableString.MoveDownButton);
  return (
    <TextButton {...props} aria-label={label} title={label}>
      ↓
    </TextButton>
  );
}

export function CopyButton(props: ButtonProps): ReactElement {
  return <TextButton {...props}>{props.registry.translateString(TranslatableString.CopyButton)}</TextButton>;
}

export function ClearButton(props: ButtonProps): ReactElement {
  return <TextButton {...props}>{props.registry.translateString(TranslatableString.ClearLabel)}</TextButton>;
}

/** The fill page renders its own actions; RJSF's submit button is never shown. */
export function SubmitButton(): null {
  return null;
}
