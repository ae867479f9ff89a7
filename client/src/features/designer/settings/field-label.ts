import { pointerTokens } from '../../../../../schemas/theme-definition';
import { humanize, type FieldOption } from './field-options';
import type { SettingsTranslate } from './use-settings-texts';

/** A field's label, or — for a pointer the form no longer has — its name made readable, said to be gone. */
export function fieldLabelOf(pointer: string, fields: readonly FieldOption[], tx: SettingsTranslate): string {
  const field = fields.find((option) => option.pointer === pointer);
  if (field) return field.label;
  const last = pointerTokens(pointer).pop() ?? pointer;
  return tx('fields.missing', { field: humanize(last) });
}
