import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addMessageCatalog } from '../../../schemas/validator/message-catalog';
import type { ThemeTranslations } from '../../../schemas/validator/field-texts';
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

// English is downloaded only by those who choose it: most cadres never do, and every kilobyte of a
// cold start counts on their phones.
// A flag, not hasResourceBundle: a screen area may have added its own English words already.
let englishLoaded = false;
async function loadBundle(language: Language): Promise<void> {
  if (language === 'en' && !englishLoaded) {
    // The validator's English messages come with the English interface.
    const [{ en }, { ENGLISH }] = await Promise.all([import('./locales/en'), import('../../../schemas/validator/messages-en')]);
    addMessageCatalog('en', ENGLISH);
    i18next.addResourceBundle('en', 'translation', en, true, false);
    englishLoaded = true;
  }
}

async function switchTo(language: Language): Promise<void> {
  await loadBundle(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

let ready: Promise<void> = Promise.resolve();

/** Bahasa Indonesia first; English when the person chose it on this device. */
export function initI18n(language: Language = storedLanguage()): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { id: { translation: id } },
      lng: 'id',
      fallbackLng: 'id',
      supportedLngs: [...LANGUAGES],
      // The English bundle is added when it has been downloaded.
      partialBundledLanguages: true,
      // React escapes what it renders; escaping here too would show "&amp;" in theme titles.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }
  if (language === 'id' && typeof document !== 'undefined') document.documentElement.lang = 'id';
  ready = language === i18next.language ? Promise.resolve() : switchTo(language).catch(() => undefined);
  return i18next;
}

/** Resolves once the language initI18n was given is in use (at once for Bahasa Indonesia). */
export function languageReady(): Promise<void> {
  return ready;
}

export function setLanguage(language: Language): void {
  // Without a connection the English bundle may not come; the interface then stays in Indonesian.
  void switchTo(language).catch(() => undefined);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode: the choice lasts for this visit.
  }
}

/** The language texts are shown in: English when the person chose it, else Bahasa Indonesia. */
export const textLanguage = (language: string | undefined): Language => (language?.startsWith('en') ? 'en' : 'id');

interface ThemeWithTexts {
  title: string;
  description?: string | null;
  translations?: ThemeTranslations | { en?: { title?: string; description?: string } };
}

/** A theme's title and description in the person's language, each falling back to the definition's own. */
export function themeTexts(theme: ThemeWithTexts, language: string | undefined): { title: string; description: string | null } {
  const translated = textLanguage(language) === 'en' ? theme.translations?.en : undefined;
  return { title: translated?.title ?? theme.title, description: translated?.description ?? theme.description ?? null };
}
