import { readSession } from '../../auth/session';

/** The fill route, `/tugas/:slug`. */
export const FILL_PATH = /^\/tugas\/([^/]+)\/?$/;

/** A form opened straight by link (a link, a reload, the app resumed there), as its first reads need it. */
export interface OpenedForm {
  slug: string;
  userId: string;
  search: URLSearchParams;
  /** The cadre's own region and the one in the link. */
  regionCodes: string[];
  /** A queued submission (`antrean`), pinned to the version it was filled against, which only the outbox knows. */
  queued: boolean;
  /**
   * The version the link was made for (`versi`, set by Tugas saya): only a hint, so that version is
   * asked for beside the theme list instead of after it. The page still opens the latest version.
   */
  versionHint: number | null;
}

/** The form `location` opens, for a signed-in person; null elsewhere or without a session. */
export function openedForm(location: Pick<Location, 'pathname' | 'search'>): OpenedForm | null {
  const match = FILL_PATH.exec(location.pathname);
  const session = readSession();
  if (!match || !session) return null;
  const search = new URLSearchParams(location.search);
  const regionCodes = [...new Set([session.user.regionCode, search.get('wilayah')])].filter((code): code is string => Boolean(code));
  const version = Number(search.get('versi'));
  return {
    slug: decodeURIComponent(match[1]),
    userId: session.user.id,
    search,
    regionCodes,
    queued: Boolean(search.get('antrean')),
    versionHint: Number.isSafeInteger(version) && version > 0 ? version : null,
  };
}
