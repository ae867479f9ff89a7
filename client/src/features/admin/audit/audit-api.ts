import { apiRequest, withQuery } from '../../../api/http';
import type { Page } from '../../../api/types';

export interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  regionName: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  user: string;
  action: string;
  from: string;
  to: string;
}

export const auditKey = ['admin-audit'] as const;

export const fetchAuditPage = (filter: AuditFilter, cursor: string | null): Promise<Page<AuditItem>> =>
  apiRequest<Page<AuditItem>>(withQuery('/api/audit', { ...filter, limit: 50, cursor }));

export const fetchAuditActions = async (): Promise<string[]> => (await apiRequest<{ items: string[] }>('/api/audit/actions')).items;
