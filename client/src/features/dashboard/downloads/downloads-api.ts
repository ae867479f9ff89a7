import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiBlob, apiRequest, withQuery } from '../../../api/http';
import type { Page } from '../../../api/types';

export type ExportKind = 'aggregates' | 'submissions';
export type ExportFormat = 'csv' | 'xlsx' | 'json';
export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportView {
  id: string;
  theme: string;
  kind: ExportKind;
  format: ExportFormat;
  query: Record<string, string>;
  status: ExportStatus;
  /** 0–1. */
  progress: number;
  rows: number;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  error?: string;
}

export interface NewExport {
  theme: string;
  kind: ExportKind;
  format: ExportFormat;
  query: Record<string, string>;
}

export const exportKeys = {
  list: ['dashboard', 'exports'] as const,
  one: (id: string) => ['dashboard', 'exports', id] as const,
};

/** How often an export being made is asked about. */
export const POLL_MS = 1000;

export const isPending = (view: ExportView): boolean => view.status === 'queued' || view.status === 'running';

export const startExport = (body: NewExport): Promise<ExportView> => apiRequest<ExportView>('/api/exports', { method: 'POST', body });

/** The caller's exports still kept, newest first; asked again while one is still being made. */
export function useExports(): UseQueryResult<ExportView[]> {
  return useQuery({
    queryKey: exportKeys.list,
    queryFn: async () => (await apiRequest<Page<ExportView>>(withQuery('/api/exports', { limit: 50 }))).items,
    refetchInterval: (query) => (query.state.data?.some(isPending) ? POLL_MS * 3 : false),
  });
}

/** One export, asked about every second until it is done or failed. */
export function useExport(id: string | null): UseQueryResult<ExportView> {
  return useQuery({
    queryKey: exportKeys.one(id ?? ''),
    queryFn: () => apiRequest<ExportView>(`/api/exports/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    refetchInterval: (query) => (!query.state.data || isPending(query.state.data) ? POLL_MS : false),
  });
}

/** The aggregates route's file of a query: the API wants the Bearer token, so it is fetched, then saved. */
export const aggregatesFilePath = (slug: string, format: 'csv' | 'xlsx', query: Record<string, string | undefined>): string =>
  withQuery(`/api/themes/${encodeURIComponent(slug)}/aggregates.${format}`, query);

export const exportFilePath = (id: string): string => `/api/exports/${encodeURIComponent(id)}/file`;

/** Fetches a file with the caller's token and hands it to the browser as a download named `filename`. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const blob = await apiBlob(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the object URL when the click is handled; freed a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
