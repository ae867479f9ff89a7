import { apiPaths } from '../api/endpoints';
import { requestEarly } from '../api/http';
import type { Page, ThemeSummary } from '../api/types';
import { openedForm } from '../features/fill/fill-path';

/**
 * index.html runs this module on its own, before the app (vite.config.ts, earlyReads): a form
 * opened by link asks for its regions and the theme list, then for the theme's latest version and
 * its validator, while the app's code is still arriving and being evaluated.
 * The app's own reads take these answers instead of asking again (requestEarly); offline they fail,
 * and the app answers from the device as usual. Keep its imports tiny: it must not wait for React.
 */
export function startEarlyReads(location: Pick<Location, 'pathname' | 'search'>): void {
  const opened = openedForm(location);
  if (!opened) return;
  const { slug } = opened;
  for (const code of opened.regionCodes) void requestEarly(apiPaths.region(code));
  const themes = requestEarly(apiPaths.themesFirstPage()) as Promise<Page<ThemeSummary>>;
  if (opened.queued) return;
  themes.then(
    (page) => {
      const theme = page.items.find((candidate) => candidate.slug === slug);
      if (!theme) return;
      void requestEarly(apiPaths.themeVersion(slug, theme.latestVersion));
      void requestEarly(apiPaths.validatorModule(slug, theme.latestVersion));
    },
    () => undefined,
  );
}

startEarlyReads(window.location);
