import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { apiRequest } from '../../../api/http';

/** An alert as `GET /api/alerts` answers it. */
export interface Alert {
  id: string;
  theme: string;
  rule: string;
  /** The rule's title in the theme's words. */
  title: string;
  regionCode: string;
  regionName: string | null;
  periodKey: string;
  value: number | null;
  threshold: number;
  openedAt: string;
  closedAt: string | null;
  acknowledgedBy: string | null;
  comment: string | null;
}

const OPEN_ALERTS = ['alerts', 'open'] as const;

/** The open alerts of the caller's subtree (the server scopes them). */
export function useOpenAlerts(): UseQueryResult<Alert[]> {
  return useQuery({
    queryKey: OPEN_ALERTS,
    queryFn: async () => (await apiRequest<{ items: Alert[] }>('/api/alerts?status=open&limit=100')).items,
  });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment: string }) =>
      apiRequest<Alert>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body: comment.trim() ? { comment: comment.trim() } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: OPEN_ALERTS }),
  });
}
