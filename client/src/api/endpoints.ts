import { apiRequest, withQuery } from './http';
import type {
  AppNotification,
  LoginAnswer,
  NewSubmission,
  Page,
  Region,
  RegionWithPath,
  StoredFile,
  Submission,
  ThemeSummary,
  ThemeVersion,
  User,
} from './types';

const LIST_PAGE = 1000;

/**
 * Paths of the reads a form opened by link makes, shared with features/fill/open-by-link/early-reads.ts
 * so its GETs are the same.
 */
export const apiPaths = {
  themesFirstPage: (): string => withQuery('/api/themes', { limit: LIST_PAGE }),
  region: (code: string): string => `/api/regions/${encodeURIComponent(code)}`,
  themeVersion: (slug: string, version: number): string => `/api/themes/${encodeURIComponent(slug)}/versions/${version}`,
  validatorModule: (slug: string, version: number): string => `/api/themes/${encodeURIComponent(slug)}/versions/${version}/validator.js`,
};

/** Every list answers `{items, nextCursor}`; read every page of one up to `maxItems`. */
export async function readAll<T>(path: string, query: Record<string, string | number | undefined>, maxItems = 5000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiRequest<Page<T>>(withQuery(path, { ...query, limit: LIST_PAGE, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < maxItems);
  return items;
}

export const login = (username: string, password: string): Promise<LoginAnswer> =>
  apiRequest<LoginAnswer>('/api/auth/login', { method: 'POST', body: { username, password }, authenticated: false });

export const fetchMe = (): Promise<User> => apiRequest<User>('/api/auth/me');

/** Ends this login on the server: its token stops working everywhere. */
export const logoutRequest = (): Promise<void> => apiRequest<void>('/api/auth/logout', { method: 'POST' });

export interface ProfileChanges {
  displayName?: string;
  language?: 'id' | 'en';
  password?: { current: string; next: string };
}

export const updateProfile = (changes: ProfileChanges): Promise<User> => apiRequest<User>('/api/auth/me', { method: 'PATCH', body: changes });

export const fetchRegionChildren = (parentCode?: string): Promise<Region[]> =>
  readAll<Region>('/api/regions', { parent: parentCode });

export const fetchRegion = (code: string): Promise<RegionWithPath> => apiRequest<RegionWithPath>(apiPaths.region(code));

export const fetchThemes = (): Promise<ThemeSummary[]> => readAll<ThemeSummary>('/api/themes', {});

export const fetchThemeVersion = (slug: string, version: number): Promise<ThemeVersion> =>
  apiRequest<ThemeVersion>(apiPaths.themeVersion(slug, version));

/** The version's precompiled validator: JavaScript source, as text (see forms/compiled-validator.ts). */
export const fetchValidatorModule = async (slug: string, version: number): Promise<string> => {
  const text = await apiRequest<unknown>(apiPaths.validatorModule(slug, version));
  if (typeof text !== 'string') throw new Error('the validator module is not JavaScript text');
  return text;
};

export const fetchSubmissions = (
  slug: string,
  query: { region?: string; period?: string; mine?: boolean; limit?: number },
): Promise<Page<Submission>> =>
  apiRequest<Page<Submission>>(
    withQuery(`/api/themes/${encodeURIComponent(slug)}/submissions`, { ...query, mine: query.mine ? 'true' : undefined }),
  );

export const fetchSubmission = (id: string): Promise<Submission> =>
  apiRequest<Submission>(`/api/submissions/${encodeURIComponent(id)}`);

export const createSubmission = (slug: string, submission: NewSubmission): Promise<Submission> =>
  apiRequest<Submission>(`/api/themes/${encodeURIComponent(slug)}/submissions`, { method: 'POST', body: submission });

export function uploadFile(file: Blob, fileName: string): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file, fileName);
  return apiRequest<StoredFile>('/api/files', { method: 'POST', form });
}

export const fileUrl = (id: string): string => `/api/files/${encodeURIComponent(id)}`;

export const fetchNotifications = (cursor?: string, limit = 50): Promise<Page<AppNotification>> =>
  apiRequest<Page<AppNotification>>(withQuery('/api/notifications', { limit, cursor }));
