import { apiPaths } from '../../../api/endpoints';
import { requestEarly } from '../../../api/http';
import { keptKeys, recallEarly } from '../../../api/offline-cache';
import type { Page, ThemeSummary } from '../../../api/types';
import { openedForm } from './fill-path';

/**
 * index.html runs this module on its own, before the app (earlyReads in vite-plugins.ts): a form
 * opened by link asks for its regions, the theme list and the theme's version and its validator —
 * the version the link names at once, the latest one once the list has answered if it differs —
 * while the app's code is still arriving and being evaluated.
 * The app's own reads take these answers instead of asking again (requestEarly); offline they fail,
 * and the app answers from the device as usual. The device's copies the form is drawn from (a form
 * opened again draws from them) are read now too. Keep its imports free of React and the other
 * libraries (the `boot` chunk, vite.config.ts): importing one would make it wait for all of them.
 */
export function startEarlyReads(location: Pick<Location, 'pathname' | 'search'>): void {
  const opened = openedForm(location);
  if (!opened) return;
  const { slug, versionHint } = opened;
  // The device's copies the form is drawn from are read now, which also opens the database (the
  // form waits for its draft from there) while the app's code is evaluated.
  recallEarly([
    ...opened.regionCodes.map(keptKeys.region),
    keptKeys.themes(),
    ...(versionHint ? [keptKeys.themeVersion(slug, versionHint), keptKeys.validatorModule(slug, versionHint)] : []),
  ]);
  for (const code of opened.regionCodes) void requestEarly(apiPaths.region(code));
  const themes = requestEarly(apiPaths.themesFirstPage()) as Promise<Page<ThemeSummary>>;
  if (opened.queued) return;
  const readVersion = (version: number): void => {
    void requestEarly(apiPaths.themeVersion(slug, version));
    void requestEarly(apiPaths.validatorModule(slug, version));
  };
  if (versionHint) readVersion(versionHint);
  themes.then(
    (page) => {
      const theme = page.items.find((candidate) => candidate.slug === slug);
      if (theme && theme.latestVersion !== versionHint) readVersion(theme.latestVersion);
    },
    () => undefined,
  );
}

startEarlyReads(window.location);
