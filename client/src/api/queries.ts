import { useQuery, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import {
  fetchRegion,
  fetchRegionChildren,
  fetchSubmission,
  fetchSubmissions,
  fetchNotifications,
  fetchThemes,
  fetchThemeVersion,
  fetchValidatorModule,
} from './endpoints';
import { cacheFirst, deviceFirst, keptKeys, networkFirst, userScoped } from './offline-cache';
import type { AppNotification, Page, Region, RegionWithPath, Submission, ThemeSummary, ThemeVersion } from './types';

/** React Query keys, in one place so invalidation after a submit hits every list it should. */
export const queryKeys = {
  themes: ['themes'] as const,
  themeVersion: (slug: string, version: number) => ['theme-version', slug, version] as const,
  validatorModule: (slug: string, version: number) => ['theme-validator', slug, version] as const,
  regionChildren: (parent: string | undefined) => ['regions', 'children', parent ?? ''] as const,
  region: (code: string) => ['regions', 'one', code] as const,
  submissionsRoot: ['submissions'] as const,
  submissions: (slug: string, region: string | undefined, period: string | undefined, mine = false) =>
    ['submissions', slug, region ?? '', period ?? '', mine ? 'mine' : 'all'] as const,
  mySubmissions: (theme: string, status: string) => ['submissions', 'mine', theme, status] as const,
  submission: (id: string) => ['submission', id] as const,
  notificationsRoot: ['notifications'] as const,
  notificationsList: ['notifications', 'list'] as const,
  // The list's first page as usePagedList keys it: the bell and the notifications screen share one read.
  notificationsFirstPage: ['notifications', 'list', ''] as const,
};

export const loadThemes = (): Promise<ThemeSummary[]> => networkFirst(keptKeys.themes(), fetchThemes);

export const loadThemeVersion = (slug: string, version: number): Promise<ThemeVersion> =>
  cacheFirst(keptKeys.themeVersion(slug, version), () => fetchThemeVersion(slug, version));

/** Kept on the device like the version it belongs to, so a form opened offline still checks itself. */
export const loadValidatorModule = (slug: string, version: number): Promise<string> =>
  cacheFirst(keptKeys.validatorModule(slug, version), () => fetchValidatorModule(slug, version));

export const loadRegionChildren = (parent: string | undefined): Promise<Region[]> =>
  networkFirst(`regions:children:${parent ?? ''}`, () => fetchRegionChildren(parent));

export const loadRegion = (code: string): Promise<RegionWithPath> => networkFirst(keptKeys.region(code), () => fetchRegion(code));

export const loadSubmissions = (slug: string, region?: string, period?: string, mine = false): Promise<Page<Submission>> =>
  networkFirst(userScoped(`submissions:${slug}:${region ?? ''}:${period ?? ''}:${mine ? 'mine' : 'all'}`), () =>
    fetchSubmissions(slug, { region, period, mine, limit: 100 }),
  );

/** A page of the caller's notifications, kept for reading offline. */
export const loadNotifications = (cursor?: string): Promise<Page<AppNotification>> =>
  networkFirst(userScoped(`notifications:${cursor ?? ''}`), () => fetchNotifications(cursor));

export const useThemes = (): UseQueryResult<ThemeSummary[]> => useQuery({ queryKey: queryKeys.themes, queryFn: loadThemes });

/** One theme version's query, shared by useThemeVersion and the prefetch of a form opened by link. */
export const themeVersionQuery = (slug: string, version: number) =>
  ({ queryKey: queryKeys.themeVersion(slug, version), queryFn: () => loadThemeVersion(slug, version), staleTime: Infinity }) as const;

/**
 * The precompiled validator's source, asked for beside the version when a form is opened by link.
 * Not retried: without it the form falls back to compiling its own validator at once.
 */
export const validatorModuleQuery = (slug: string, version: number) =>
  ({ queryKey: queryKeys.validatorModule(slug, version), queryFn: () => loadValidatorModule(slug, version), staleTime: Infinity, retry: false }) as const;

export const useThemeVersion = (slug: string | undefined, version: number | undefined): UseQueryResult<ThemeVersion> =>
  useQuery({
    ...themeVersionQuery(slug ?? '', version ?? 0),
    enabled: Boolean(slug) && typeof version === 'number' && version > 0,
  });

export const useRegionChildren = (parent: string | undefined, enabled = true): UseQueryResult<Region[]> =>
  useQuery({
    queryKey: queryKeys.regionChildren(parent),
    queryFn: () => loadRegionChildren(parent),
    enabled,
    staleTime: 10 * 60_000,
  });

/** One region's query, shared by useRegion and the prefetch of a form opened by link. */
export const regionQuery = (code: string) =>
  ({ queryKey: queryKeys.region(code), queryFn: () => loadRegion(code), staleTime: 10 * 60_000 }) as const;

/**
 * A form opened again (a link, a reload): the theme list and regions the device kept are drawn from at
 * once, and the server's answers replace them in the cache when they come (offline-cache deviceFirst).
 */
export const themesDeviceFirstQuery = (client: QueryClient) =>
  ({
    queryKey: queryKeys.themes,
    queryFn: () => deviceFirst(keptKeys.themes(), fetchThemes, (fresh) => client.setQueryData(queryKeys.themes, fresh)),
  }) as const;

export const regionDeviceFirstQuery = (client: QueryClient, code: string) =>
  ({
    ...regionQuery(code),
    queryFn: () => deviceFirst(keptKeys.region(code), () => fetchRegion(code), (fresh) => client.setQueryData(queryKeys.region(code), fresh)),
  }) as const;

export const useRegion = (code: string | undefined): UseQueryResult<RegionWithPath> =>
  useQuery({ ...regionQuery(code ?? ''), enabled: Boolean(code) });

export const useSubmission = (id: string | undefined): UseQueryResult<Submission> =>
  useQuery({
    queryKey: queryKeys.submission(id ?? ''),
    queryFn: () => networkFirst(userScoped(`submission:${id ?? ''}`), () => fetchSubmission(id ?? '')),
    enabled: Boolean(id),
  });
