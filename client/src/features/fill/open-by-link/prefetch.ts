import type { QueryClient } from '@tanstack/react-query';
import { regionDeviceFirstQuery, themesDeviceFirstQuery, themeVersionQuery, validatorModuleQuery } from '../../../api/queries';
import type { ThemeVersion } from '../../../api/types';
import { periodKey } from '../../../lib/wib';
import { database } from '../../offline/database';
import { draftKey, preloadDraft } from '../drafts';
import { openedForm } from './fill-path';

/**
 * Opened straight on a form (a link, a reload, the app resumed there): asks at once for the reads
 * the fill page makes — the cadre's region, the region in the link, the theme list and the theme's
 * version and its precompiled validator (the version the link names at once, the latest one after
 * the list if it differs) — beside the app's start-up, so the form is drawn in one go rather than
 * after a chain of requests, each made by the screen the previous one revealed. Offline the same
 * reads come from the device (queries.ts); opened again, the theme list and regions the device kept
 * are used at once and refreshed in the background, so a slow link costs no round trip before the
 * form shows. Resolves when what the form is drawn from has been
 * answered (null: not a form, or no session); the validator comes later.
 */
export function prefetchOpenedForm(client: QueryClient, location: Pick<Location, 'pathname' | 'search'>): Promise<void> | null {
  const opened = openedForm(location);
  if (!opened) return null;
  const { slug, search, userId, versionHint } = opened;
  // The version and the draft are read from the device first: opening its database (slow on a cheap
  // phone, and slower once the app's drawing keeps the page busy) is started before anything else.
  void database().catch(() => undefined);
  const reads: Array<Promise<unknown>> = opened.regionCodes.map((code) => client.prefetchQuery(regionDeviceFirstQuery(client, code)));
  if (opened.queued) return Promise.all(reads).then(() => undefined);
  const readVersion = (version: number): Promise<ThemeVersion> => {
    const definition = client.fetchQuery(themeVersionQuery(slug, version));
    void client.prefetchQuery(validatorModuleQuery(slug, version));
    return definition;
  };
  // The version the link names is most likely the latest: asked for now, not after the list. When
  // it is the latest, the read below takes this one (the same query) instead of asking again.
  if (versionHint) void readVersion(versionHint).catch(() => undefined);
  const theme = client
    .fetchQuery(themesDeviceFirstQuery(client))
    .then((themes) => {
      const theme = themes.find((candidate) => candidate.slug === slug);
      if (!theme) return undefined;
      return readVersion(theme.latestVersion).then((definition) => {
        // A new report for the region in the link: its draft is read ahead too (FillPage's key).
        const regionCode = search.get('wilayah');
        if (!regionCode || search.get('revisi')) return undefined;
        const period = definition.period === 'none' ? undefined : (search.get('periode') ?? periodKey(definition.period, new Date()) ?? undefined);
        return preloadDraft(draftKey({ userId, theme: slug, regionCode, period, mode: 'new' }));
      });
    })
    .catch(() => undefined);
  // prefetchQuery never rejects; a failed read is the page's to show.
  return Promise.all([...reads, theme]).then(() => undefined);
}
