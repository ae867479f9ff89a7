import { useEffect, useMemo, useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { loadRegionChildren, loadSubmissions, loadThemeVersion, queryKeys, useRegion, useThemes } from '../../api/queries';
import { levelDepth, type Region, type Submission, type ThemeSummary, type ThemeVersion } from '../../api/types';
import { periodKey } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { listDrafts } from '../fill/drafts';
import { useOutbox } from '../offline/OutboxProvider';
import { compareStates, countedSubmittedAt, overallState, regionsAtLevel, taskStatus, type TaskState, type TaskStatus } from './task-status';

export interface RegionTask extends TaskStatus {
  region: Region;
  /** How many records (record themes) or revisions (report themes) exist for the period. */
  count: number;
  /** The newest stored report for the period: a revision starts from its data. */
  latestId: string | null;
  /** A draft for this region and period waits on the device. */
  hasDraft: boolean;
}

export interface Task {
  theme: ThemeSummary;
  version: ThemeVersion | undefined;
  periodKey: string | null;
  state: TaskState;
  regions: RegionTask[];
  done: number;
  /** Still resolving regions, the version or the submissions. */
  loading: boolean;
}

/** Re-renders every minute so "terlambat" appears when the due time passes with the page open. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * "Tugas saya": every published theme made at or below the person's region, for the current period,
 * with a state per region in their subtree (from the server's list and from the outbox).
 */
export function useTasks(): { tasks: Task[]; isPending: boolean; error: unknown; refetch: () => void; root: Region | undefined } {
  const user = useCurrentUser();
  const now = useNow();
  const root = useRegion(user.regionCode);
  const themes = useThemes();
  const outbox = useOutbox();
  const drafts = useQuery({ queryKey: ['drafts', user.id], queryFn: () => listDrafts(user.id), staleTime: 0 });

  const relevant = useMemo(() => {
    if (!root.data || !themes.data) return [];
    const rootDepth = levelDepth(root.data.level);
    return themes.data.filter((theme) => levelDepth(theme.regionLevel) >= rootDepth);
  }, [root.data, themes.data]);

  const levels = useMemo(() => [...new Set(relevant.map((theme) => theme.regionLevel))], [relevant]);
  const regionLists = useQueries({
    queries: levels.map((level) => ({
      queryKey: ['regions', 'at-level', user.regionCode, level],
      queryFn: () => regionsAtLevel(root.data as Region, level, loadRegionChildren),
      enabled: Boolean(root.data),
      staleTime: 10 * 60_000,
    })),
  });

  // Each theme's published version: its due rule, and a copy kept for filling offline.
  const versions = useQueries({
    queries: relevant.map((theme) => ({
      queryKey: queryKeys.themeVersion(theme.slug, theme.latestVersion),
      queryFn: () => loadThemeVersion(theme.slug, theme.latestVersion),
      staleTime: Infinity,
    })),
  });

  const keys = relevant.map((theme) => periodKey(theme.period, now) ?? undefined);
  const submissions = useQueries({
    queries: relevant.map((theme, index) => ({
      queryKey: queryKeys.submissions(theme.slug, user.regionCode, keys[index]),
      queryFn: () => loadSubmissions(theme.slug, user.regionCode, keys[index]),
    })),
  });

  const tasks = relevant.map((theme, index): Task => {
    const version = versions[index]?.data;
    const key = keys[index] ?? null;
    const regions = regionLists[levels.indexOf(theme.regionLevel)]?.data ?? [];
    const stored: Submission[] = submissions[index]?.data?.items ?? [];
    const regionTasks = regions.map((region): RegionTask => {
      const mine = stored.filter((submission) => submission.regionCode === region.code && (key === null || submission.periodKey === key));
      const queued = outbox.items.some(
        (item) => item.theme === theme.slug && item.regionCode === region.code && (key === null || item.period === key),
      );
      const status = taskStatus({
        period: theme.period,
        periodKey: key,
        dueAfter: version?.dueAfter ?? theme.dueAfter,
        submittedAt: countedSubmittedAt(mine),
        queued,
        now,
      });
      const newest = [...mine].sort((left, right) => right.createdAt.localeCompare(left.createdAt))[0];
      const hasDraft = (drafts.data ?? []).some(
        (draft) => draft.theme === theme.slug && draft.regionCode === region.code && (key === null || draft.period === key),
      );
      return { ...status, region, count: mine.length, latestId: newest?.id ?? null, hasDraft };
    });
    regionTasks.sort((left, right) => compareStates(left.state, right.state) || left.region.name.localeCompare(right.region.name));
    return {
      theme,
      version,
      periodKey: key,
      state: overallState(regionTasks.map((task) => task.state)),
      regions: regionTasks,
      // A theme without periods is never "done", yet a region with records has sent: counted as the rows below show it.
      done: regionTasks.filter((task) => task.state === 'done' || (theme.period === 'none' && task.count > 0) || task.queued).length,
      loading: Boolean(versions[index]?.isPending || submissions[index]?.isPending || regionLists[levels.indexOf(theme.regionLevel)]?.isPending),
    };
  });
  tasks.sort((left, right) => compareStates(left.state, right.state) || left.theme.title.localeCompare(right.theme.title));

  return {
    tasks,
    root: root.data,
    isPending: root.isPending || themes.isPending,
    error: root.error ?? themes.error,
    refetch: () => {
      void themes.refetch();
      submissions.forEach((query) => void query.refetch());
    },
  };
}
