import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from '../../../api/http';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** One problem of an import: the spreadsheet row, the field's title (null: the file itself), the message. */
export interface ImportProblem {
  row: number;
  path: string;
  field: string | null;
  message: string;
}

export interface ImportView {
  id: string;
  theme: string;
  dryRun: boolean;
  fileName: string | null;
  status: ImportStatus;
  /** 0–1. */
  progress: number;
  source: 'template' | 'kobo' | 'table' | null;
  total: number;
  accepted: number;
  rejected: number;
  stored: number;
  alreadyStored: number;
  errors: ImportProblem[];
  ignoredColumns: string[];
  error?: string;
}

/** How often an import being checked or stored is asked about. */
const POLL_MS = 1000;

export const isPending = (view: ImportView): boolean => view.status === 'queued' || view.status === 'running';

export const templatePath = (slug: string): string => `/api/themes/${encodeURIComponent(slug)}/import-template.xlsx`;

/** Uploads a file as an import of `slug`; a dry run checks every row and stores nothing. */
export function startImport(slug: string, file: File, options: { dryRun: boolean; regionCode?: string }): Promise<{ id: string }> {
  const form = new FormData();
  form.append('dryRun', String(options.dryRun));
  if (options.regionCode) form.append('regionCode', options.regionCode);
  form.append('file', file, file.name);
  return apiRequest<{ id: string }>(`/api/themes/${encodeURIComponent(slug)}/imports`, { method: 'POST', form });
}

/** One import, asked about every second until it is done or failed. */
export function useImport(id: string | null): UseQueryResult<ImportView> {
  return useQuery({
    queryKey: ['admin', 'imports', id ?? ''],
    queryFn: () => apiRequest<ImportView>(`/api/imports/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
    refetchInterval: (query) => (!query.state.data || isPending(query.state.data) ? POLL_MS : false),
  });
}
