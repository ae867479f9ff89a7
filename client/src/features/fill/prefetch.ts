import type { QueryClient } from '@tanstack/react-query';
import { loadThemes, queryKeys, regionQuery, themeVersionQuery } from '../../api/queries';
import { readSession } from '../auth/session';

/** The fill route, `/tugas/:slug`. */
export const FILL_PATH = /^\/tugas\/([^/]+)\/?$/;

/**
 * Opened straight on a form (a link, a reload, the app resumed there): asks at once for the reads
 * the fill page makes — the cadre's region, the region in the link, the theme list and then the
 * theme's version — beside the app's start-up, so the form is drawn in one go rather than after a
 * chain of requests, each made by the screen the previous one revealed. Offline the same reads come
 * from the device (queries.ts).
 */
export function prefetchOpenedForm(client: QueryClient, location: Pick<Location, 'pathname' | 'search'>): void {
  const match = FILL_PATH.exec(location.pathname);
  const session = readSession();
  if (!match || !session) return;
  const slug = decodeURIComponent(match[1]);
  const search = new URLSearchParams(location.search);
  const regions = new Set([session.user.regionCode, search.get('wilayah')].filter((code): code is string => Boolean(code)));
  for (const code of regions) {
    void client.prefetchQuery(regionQuery(code));
  }
  // A queued submission is pinned to the version it was filled against, which only the outbox knows.
  if (search.get('antrean')) return;
  void client
    .fetchQuery({ queryKey: queryKeys.themes, queryFn: loadThemes })
    .then((themes) => {
      const theme = themes.find((candidate) => candidate.slug === slug);
      if (!theme) return undefined;
      return client.prefetchQuery(themeVersionQuery(slug, theme.latestVersion));
    })
    .catch(() => undefined);
}
