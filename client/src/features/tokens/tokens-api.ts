import { apiRequest } from '../../api/http';
import type { Role } from '../../api/types';

export type TokenScope = 'aggregates:read' | 'exports' | 'submissions:read' | 'submissions:write';

/** The scopes each role can use, as the server's access policy allows (it refuses the others). */
export const SCOPES_BY_ROLE: Record<Role, readonly TokenScope[]> = {
  admin: ['aggregates:read', 'exports', 'submissions:read', 'submissions:write'],
  opd: ['aggregates:read', 'exports'],
  kader: [],
};

/** The key of a scope's plain words in the texts. */
export const SCOPE_TEXT: Record<TokenScope, string> = {
  'aggregates:read': 'aggregatesRead',
  exports: 'exports',
  'submissions:read': 'submissionsRead',
  'submissions:write': 'submissionsWrite',
};

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface NewApiToken {
  id: string;
  token: string;
  name: string;
}

export const tokensKey = ['api-tokens'] as const;

export const fetchTokens = async (): Promise<ApiTokenView[]> => (await apiRequest<{ items: ApiTokenView[] }>('/api/tokens')).items;

export const createToken = (input: { name: string; scopes: TokenScope[]; expiresAt: string }): Promise<NewApiToken> =>
  apiRequest<NewApiToken>('/api/tokens', { method: 'POST', body: input });

export const revokeToken = (id: string): Promise<void> =>
  apiRequest<void>(`/api/tokens/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });
