import type { FieldChoice } from './field-options';
import { humanize } from './field-options';
import type { SettingsTranslate } from './use-settings-texts';

/** How a choice reads to a person: the form's label, Ya/Tidak, or the value made readable — never a raw key. */
export function choiceLabel(choice: FieldChoice, tx: SettingsTranslate): string {
  if (choice.label) return choice.label;
  if (choice.value === true) return tx('fields.yes');
  if (choice.value === false) return tx('fields.no');
  if (choice.value === null || choice.value === '') return tx('fields.empty');
  return typeof choice.value === 'string' ? humanize(choice.value) : String(choice.value);
}
