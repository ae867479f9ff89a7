import { apiPaths } from '../api/endpoints';
import { requestEarly } from '../api/http';
import type { Page, ThemeSummary } from '../api/types';
import { readSession } from '../features/auth/session';
import { FILL_PATH } from '../features/fill/fill-path';

/**
 * index.html runs this module on its own, before the app (vite.config.ts, earlyReads): a form
 * opened by link asks for its regions and the theme list, then for the theme's latest version and
 * its validator, while the app's code is still arriving and being evaluated.
 * The app's own reads take these answers instead of asking again (requestEarly); offline they fail,
 * and the app answers from the device as usual. Keep its imports tiny: it must not wait for React.
 */
export function startEarlyReads(location: Pick<Location, 'pathname' | 'search'>): void {
  const match = FILL_PATH.exec(location.pathname);
  const session = readSession();
  if (!match || !session) return;
  const slug = decodeURIComponent(match[1]);
  const search = new URLSearchParams(location.search);
  for (const code of new Set([session.user.regionCode, search.get('wilayah')])) {
    if (code) void requestEarly(apiPaths.region(code));
  }
  const themes = requestEarly(apiPaths.themesFirstPage()) as Promise<Page<ThemeSummary>>;
  // A queued submission is pinned to the version it was filled against, which only the outbox knows.
  if (search.get('antrean')) return;
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
