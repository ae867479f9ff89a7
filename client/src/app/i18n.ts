import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { id } from './locales/id';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'wakuncar.language';

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/** Bahasa Indonesia first; English when the person chose it on this device. */
export function initI18n(language: Language = storedLanguage()): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { id: { translation: id }, en: { translation: en } },
      lng: language,
      fallbackLng: 'id',
      supportedLngs: [...LANGUAGES],
      // React escapes what it renders; escaping here too would show "&amp;" in theme titles.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  return i18next;
}

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this visit.
  }
  document.documentElement.lang = language;
}
