import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTINGS_NAMESPACE, type SettingsTexts } from './texts';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the settings texts (`measures.add`); a misspelt one does not compile. */
export type SettingsTextKey = Leaves<SettingsTexts>;

export type SettingsTranslate = (key: SettingsTextKey, values?: Record<string, string | number>) => string;

/** The settings editors' words in the person's language, and that language. */
export function useSettingsTexts(): { tx: SettingsTranslate; language: string } {
  const { t, i18n } = useTranslation();
  const tx = useCallback<SettingsTranslate>((key, values) => t(`${SETTINGS_NAMESPACE}.${key}`, values ?? {}), [t]);
  return { tx, language: i18n.language };
}
