import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buttonId,
  descriptionId,
  getUiOptions,
  titleId,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
} from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import { DescriptionFieldTemplate, TitleFieldTemplate } from './FieldTemplate';

export function ArrayFieldTemplate(props: ArrayFieldTemplateProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const { canAdd, disabled, fieldPathId, uiSchema, items, onAddClick, readonly, registry, required, schema, title } = props;
  const { t } = useTranslation();
  const options = getUiOptions(uiSchema);
  const { AddButton } = registry.templates.ButtonTemplates;
  const description = options.description ?? schema.description;
  return (
    <fieldset className="group group--array" id={fieldPathId.$id}>
      <TitleFieldTemplate id={titleId(fieldPathId)} title={options.title ?? title} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />
      {typeof description === 'string' && (
        <DescriptionFieldTemplate id={descriptionId(fieldPathId)} description={description} schema={schema} uiSchema={uiSchema} registry={registry} />
      )}
      {items.length === 0 && <p className="muted">{t('form.emptyList')}</p>}
      <ol className="array-items">{items}</ol>
      {canAdd && (
        <AddButton
          id={buttonId(fieldPathId, 'add')}
          className="array-add"
          onClick={onAddClick}
          disabled={disabled || readonly}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
    </fieldset>
  );
}

export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps<FormRecord, JsonObject, FormContext>): ReactElement {
  const { children, buttonsProps, hasToolbar, registry, index } = props;
  const { t } = useTranslation();
  const Buttons = registry.templates.ArrayFieldItemButtonsTemplate;
  return (
    <li className="array-item">
      <div className="array-item-header">
        <span className="array-item-number">{t('form.itemNumber', { number: index + 1 })}</span>
        {hasToolbar && (
          <div className="array-item-tools">
            <Buttons {...buttonsProps} />
          </div>
        )}
      </div>
      {children}
    </li>
  );
}
