import i18next from 'i18next';
import {
  englishStringTranslator,
  replaceStringParameters,
  TranslatableString,
  type RegistryFieldsType,
  type RegistryWidgetsType,
  type TemplatesType,
} from '@rjsf/utils';
import type { JsonObject } from '../../api/types';
import type { FormRecord, FormContext } from '../form-context';
import { OnDemand } from '../../lib/on-demand';
import { TelWidget } from '../widgets/TelWidget';
import { TextareaWidget } from '../widgets/TextareaWidget';
import { WibDateTimeWidget, WibDateWidget, WibTimeWidget } from '../widgets/WibDateWidget';
import { ArrayFieldItemTemplate, ArrayFieldTemplate } from './ArrayFieldTemplate';
import { BaseInputTemplate } from './BaseInputTemplate';
import { AddButton, ClearButton, CopyButton, MoveDownButton, MoveUpButton, RemoveButton, SubmitButton } from './ButtonTemplates';
import { ErrorListTemplate } from './ErrorListTemplate';
import {
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  FieldHelpTemplate,
  FieldTemplate,
  TitleFieldTemplate,
} from './FieldTemplate';
import { ObjectFieldTemplate } from './ObjectFieldTemplate';

// The device widgets (camera, GPS, region tree, search list) are code only some forms need.
export const photoModule = new OnDemand(() => import('../widgets/PhotoWidget'));
export const gpsModule = new OnDemand(() => import('../widgets/GpsField'));
export const regionModule = new OnDemand(() => import('../widgets/RegionPickerWidget'));
export const searchableModule = new OnDemand(() => import('../widgets/SearchableSelectWidget'));
export const calculatedModule = new OnDemand(() => import('../widgets/CalculatedWidget'));

/** Wakuncar's look for RJSF (RJSF calls it a theme): plain, large, accessible controls styled by forms.css. */
export const templates: Partial<TemplatesType<FormRecord, JsonObject, FormContext>> = {
  ArrayFieldItemTemplate,
  ArrayFieldTemplate,
  BaseInputTemplate,
  DescriptionFieldTemplate,
  ErrorListTemplate,
  FieldErrorTemplate,
  FieldHelpTemplate,
  FieldTemplate,
  ObjectFieldTemplate,
  TitleFieldTemplate,
};

export const buttonTemplates = { AddButton, ClearButton, CopyButton, MoveDownButton, MoveUpButton, RemoveButton, SubmitButton };

export const widgets: RegistryWidgetsType<FormRecord, JsonObject, FormContext> = {
  DateWidget: WibDateWidget,
  DateTimeWidget: WibDateTimeWidget,
  TimeWidget: WibTimeWidget,
  TextareaWidget,
  date: WibDateWidget,
  'date-time': WibDateTimeWidget,
  datetime: WibDateTimeWidget,
  time: WibTimeWidget,
  photo: photoModule.component('PhotoWidget', (module) => module.PhotoWidget),
  region: regionModule.component('RegionPickerWidget', (module) => module.RegionPickerWidget),
  'searchable-select': searchableModule.component('SearchableSelectWidget', (module) => module.SearchableSelectWidget),
  calculated: calculatedModule.component('CalculatedWidget', (module) => module.CalculatedWidget),
  tel: TelWidget,
  textarea: TextareaWidget,
};

export const fields: RegistryFieldsType<FormRecord, JsonObject, FormContext> = {
  gps: gpsModule.component('GpsField', (module) => module.GpsField),
};

const TRANSLATED: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: 'rjsf.arrayItem',
  [TranslatableString.EmptyArray]: 'form.emptyList',
  [TranslatableString.YesLabel]: 'rjsf.yes',
  [TranslatableString.NoLabel]: 'rjsf.no',
  [TranslatableString.CloseLabel]: 'rjsf.close',
  [TranslatableString.ErrorsLabel]: 'rjsf.errors',
  [TranslatableString.AddButton]: 'rjsf.add',
  [TranslatableString.AddItemButton]: 'rjsf.addItem',
  [TranslatableString.CopyButton]: 'rjsf.copy',
  [TranslatableString.MoveDownButton]: 'rjsf.moveDown',
  [TranslatableString.MoveUpButton]: 'rjsf.moveUp',
  [TranslatableString.RemoveButton]: 'rjsf.remove',
  [TranslatableString.NowLabel]: 'widgets.date.now',
  [TranslatableString.ClearLabel]: 'rjsf.clear',
  [TranslatableString.ClearButton]: 'rjsf.clear',
  [TranslatableString.AriaDateLabel]: 'rjsf.chooseDate',
  [TranslatableString.PreviewLabel]: 'rjsf.preview',
  [TranslatableString.OptionalObjectAdd]: 'rjsf.optionalAdd',
  [TranslatableString.OptionalObjectRemove]: 'rjsf.optionalRemove',
  [TranslatableString.OptionalObjectEmptyMsg]: 'rjsf.optionalEmpty',
  [TranslatableString.OptionPrefix]: 'rjsf.option',
};

/** RJSF's own words (buttons, labels), in the language the person chose. */
export function translateString(key: TranslatableString, params?: string[]): string {
  const translationKey = TRANSLATED[key];
  if (!translationKey) return englishStringTranslator(key, params);
  return replaceStringParameters(i18next.t(translationKey), params);
}
