import i18next from 'i18next';

type Texts = { readonly [key: string]: string | Texts };

/**
 * A screen area's own words, added under its namespace key (`admin.users.title`) when its code is
 * first loaded: the cadre's route never downloads the admin's or the dashboard's texts. English is
 * bundled with the area (small beside its code), Indonesian stays the fallback.
 */
export function addFeatureTexts(namespace: string, texts: { id: Texts; en: Texts }): void {
  const add = (): void => {
    i18next.addResourceBundle('id', 'translation', { [namespace]: texts.id }, true, true);
    i18next.addResourceBundle('en', 'translation', { [namespace]: texts.en }, true, true);
  };
  // A module may be imported before the app starts i18n (tests, a preloaded chunk): add once it has.
  if (i18next.isInitialized) add();
  else {
    const onInitialized = (): void => {
      i18next.off('initialized', onInitialized);
      add();
    };
    i18next.on('initialized', onInitialized);
  }
}
