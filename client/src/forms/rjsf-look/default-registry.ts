import {
  DEFAULT_ID_PREFIX,
  DEFAULT_ID_SEPARATOR,
  type Registry,
  type RegistryFieldsType,
  type RegistryWidgetsType,
  type TemplatesType,
} from '@rjsf/utils';
import BooleanField from '@rjsf/core/lib/components/fields/BooleanField.js';
import NullField from '@rjsf/core/lib/components/fields/NullField.js';
import NumberField from '@rjsf/core/lib/components/fields/NumberField.js';
import ObjectField from '@rjsf/core/lib/components/fields/ObjectField.js';
import SchemaField from '@rjsf/core/lib/components/fields/SchemaField.js';
import StringField from '@rjsf/core/lib/components/fields/StringField.js';
import CheckboxWidget from '@rjsf/core/lib/components/widgets/CheckboxWidget.js';
import EmailWidget from '@rjsf/core/lib/components/widgets/EmailWidget.js';
import HiddenWidget from '@rjsf/core/lib/components/widgets/HiddenWidget.js';
import PasswordWidget from '@rjsf/core/lib/components/widgets/PasswordWidget.js';
import RadioWidget from '@rjsf/core/lib/components/widgets/RadioWidget.js';
import SelectWidget from '@rjsf/core/lib/components/widgets/SelectWidget.js';
import TextWidget from '@rjsf/core/lib/components/widgets/TextWidget.js';
import TimeWidget from '@rjsf/core/lib/components/widgets/TimeWidget.js';
import UpDownWidget from '@rjsf/core/lib/components/widgets/UpDownWidget.js';
import URLWidget from '@rjsf/core/lib/components/widgets/URLWidget.js';
import type { Json, JsonObject } from '../../api/types';
import { OnDemand } from '../../lib/on-demand';
import type { PreparedForm } from '../prepare';
import {
  buttonTemplates,
  calculatedModule,
  fields as lookFields,
  gpsModule,
  photoModule,
  regionModule,
  searchableModule,
  templates as lookTemplates,
  translateString,
  widgets as lookWidgets,
} from './registry';

/**
 * The registry every RJSF form of Wakuncar starts from, in place of @rjsf/core's own
 * getDefaultRegistry (swapped in by client/module-swaps.ts, in the build and the tests): RJSF's
 * fields and widgets for plain values, Wakuncar's look (registry.ts), and the rest — lists, oneOf
 * choosers, layout grids, rare widgets, the device widgets — as parts fetched for the forms that use
 * them (formModules).
 * RJSF's own templates and widgets that the look replaces are not bundled at all.
 */

// RJSF's own registry is typed for any form (its default type parameters); so is this one.
type Fields = RegistryFieldsType;
type Widgets = RegistryWidgetsType;
type Templates = TemplatesType;
type DefaultRegistry = Omit<Registry, 'schemaUtils'>;

const extras = new OnDemand(() => import('./rjsf-extras'));
type Extras = Awaited<ReturnType<typeof extras.load>>;
type ExtraName = keyof Extras;

// Each on-demand part under the registry key RJSF looks it up by. The casts only fix RJSF's
// generic components to this form's type parameters.
const extra = <K extends ExtraName>(name: K): Extras[K] => extras.component(name, (module) => module[name] as never) as unknown as Extras[K];

const fields = {
  AnyOfField: extra('MultiSchemaField'),
  ArrayField: extra('ArrayField'),
  BooleanField,
  CyclicSchemaField: extra('CyclicSchemaField'),
  FallbackField: extra('FallbackField'),
  LayoutGridField: extra('LayoutGridField'),
  LayoutHeaderField: extra('LayoutHeaderField'),
  LayoutMultiSchemaField: extra('LayoutMultiSchemaField'),
  NullField,
  NumberField,
  ObjectField,
  OneOfField: extra('MultiSchemaField'),
  OptionalDataControlsField: extra('OptionalDataControlsField'),
  SchemaField,
  StringField,
  ...lookFields,
} as Fields;

const widgets = {
  AltDateTimeWidget: extra('AltDateTimeWidget'),
  AltDateWidget: extra('AltDateWidget'),
  CheckboxWidget,
  CheckboxesWidget: extra('CheckboxesWidget'),
  ColorWidget: extra('ColorWidget'),
  EmailWidget,
  FileWidget: extra('FileWidget'),
  HiddenWidget,
  PasswordWidget,
  RadioWidget,
  RangeWidget: extra('RangeWidget'),
  RatingWidget: extra('RatingWidget'),
  SelectWidget,
  TextWidget,
  TimeWidget,
  UpDownWidget,
  URLWidget,
  ...lookWidgets,
} as Widgets;

const templates = {
  ArrayFieldDescriptionTemplate: extra('ArrayFieldDescriptionTemplate'),
  ArrayFieldItemButtonsTemplate: extra('ArrayFieldItemButtonsTemplate'),
  ArrayFieldTitleTemplate: extra('ArrayFieldTitleTemplate'),
  CyclicSchemaExpandTemplate: extra('CyclicSchemaExpandTemplate'),
  FallbackFieldTemplate: extra('FallbackFieldTemplate'),
  GridTemplate: extra('GridTemplate'),
  MultiSchemaFieldTemplate: extra('MultiSchemaFieldTemplate'),
  OptionalDataControlsTemplate: extra('OptionalDataControlsTemplate'),
  UnsupportedFieldTemplate: extra('UnsupportedFieldTemplate'),
  WrapIfAdditionalTemplate: extra('WrapIfAdditionalTemplate'),
  ...lookTemplates,
  ButtonTemplates: buttonTemplates,
} as Templates;

// One object for every call: RJSF asks for it on each change of the form and copies what it needs.
const registry: DefaultRegistry = {
  fields,
  templates,
  widgets,
  rootSchema: {},
  formContext: {},
  translateString,
  globalFormOptions: { idPrefix: DEFAULT_ID_PREFIX, idSeparator: DEFAULT_ID_SEPARATOR, useFallbackUiForUnsupportedType: false },
};

/** RJSF's Form imports its registry as a module's default export; this module stands in for that one. */
export default function getDefaultRegistry(): DefaultRegistry {
  return registry;
}

const MODULES: ReadonlyArray<OnDemand<unknown>> = [extras, photoModule, gpsModule, regionModule, searchableModule, calculatedModule];

// RJSF's short widget names (getWidget's table) for the on-demand widgets.
const WIDGET_ALIASES: Readonly<Record<string, string>> = {
  'alt-date': 'AltDateWidget',
  'alt-datetime': 'AltDateTimeWidget',
  checkboxes: 'CheckboxesWidget',
  color: 'ColorWidget',
  'data-url': 'FileWidget',
  file: 'FileWidget',
  files: 'FileWidget',
  range: 'RangeWidget',
};

// What in a schema makes RJSF draw an on-demand field or template: a list, a oneOf/anyOf
// chooser, a $ref (cyclic schemas), properties added by the person, a file or colour string.
const EXTRA_KEYWORDS = new Set(['items', 'prefixItems', 'oneOf', 'anyOf', '$ref', 'additionalProperties', 'patternProperties']);
const EXTRA_FORMATS = new Set(['data-url', 'color']);
const UI_NAMES = new Set(['ui:widget', 'ui:field', 'widget', 'field']);

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function moduleNamed(name: string): OnDemand<unknown> | undefined {
  const byName = widgets as Record<string, unknown>;
  const part = byName[name] ?? byName[WIDGET_ALIASES[name] ?? ''] ?? (fields as Record<string, unknown>)[name];
  return MODULES.find((module) => module.owns(part));
}

function schemaNeedsExtras(node: Json): boolean {
  if (Array.isArray(node)) return node.some(schemaNeedsExtras);
  if (!isObject(node)) return false;
  for (const [key, value] of Object.entries(node)) {
    if (EXTRA_KEYWORDS.has(key) && value !== false) return true;
    if (key === 'type' && (value === 'array' || (Array.isArray(value) && value.includes('array')))) return true;
    if (key === 'format' && typeof value === 'string' && EXTRA_FORMATS.has(value)) return true;
    if (schemaNeedsExtras(value)) return true;
  }
  return false;
}

function collectNamed(node: Json, into: Set<OnDemand<unknown>>): void {
  if (Array.isArray(node)) {
    node.forEach((item) => collectNamed(item, into));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (UI_NAMES.has(key) && typeof value === 'string') {
      const module = moduleNamed(value);
      if (module) into.add(module);
    } else if (key === 'ui:enableOptionalDataFieldForType' || key === 'enableOptionalDataFieldForType') {
      into.add(extras);
    } else {
      collectNamed(value, into);
    }
  }
}

/**
 * The on-demand modules a form draws (over-counted rather than missed: a part missed is drawn
 * empty until its code arrives). ThemeForm loads them before drawing the form.
 */
export function formModules(prepared: Pick<PreparedForm, 'schema' | 'uiSchema'>): Array<OnDemand<unknown>> {
  const needed = new Set<OnDemand<unknown>>();
  if (schemaNeedsExtras(prepared.schema)) needed.add(extras);
  collectNamed(prepared.uiSchema, needed);
  return [...needed];
}

/** Resolves once every part the form draws is in (at once when they all are). */
export function loadFormModules(prepared: Pick<PreparedForm, 'schema' | 'uiSchema'>): Promise<void> | null {
  const missing = formModules(prepared).filter((module) => !module.ready);
  return missing.length === 0 ? null : Promise.all(missing.map((module) => module.load())).then(() => undefined);
}
