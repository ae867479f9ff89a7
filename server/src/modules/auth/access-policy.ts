import type { Role } from '../users/user.entity';

/** Where a guarded request names a region that must lie in the caller's subtree. */
export interface RegionRule {
  from: 'body' | 'query' | 'params';
  key: string;
  /** Absent value → no check (the service falls back to the caller's own region). */
  optional?: boolean;
}

/** What an API token may be limited to; an API token never acts beyond its owner's rights either. */
export const TOKEN_SCOPES = ['aggregates:read', 'exports', 'submissions:read', 'submissions:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface RoutePolicy {
  roles: readonly Role[] | 'public';
  region?: RegionRule;
  /** What an API token needs here: that scope, or `any` token; absent: a login only, never an API token. */
  token?: TokenScope | 'any';
  /** `city`: only a caller whose own region holds a whole city (kota level or above), e.g. TP-PKK kota. */
  callerScope?: 'city';
}

/** A region code of kota level or above (`18.72`, `18`): its subtree is at least a whole city. */
export function isCityLevel(regionCode: string): boolean {
  return regionCode.split('.').length <= 2;
}

export const ANY_USER: readonly Role[] = ['admin', 'kader', 'opd'];

/**
 * Who may call what: the single source of truth read by `AccessGuard`. Keys are
 * `METHOD /path` as the routes are declared (`:name` for a path parameter). A route missing here is refused (deny by default), and
 * the authz matrix test walks this table. Row-level scope (a user or submission outside the
 * caller's subtree answers 404) is enforced by each service.
 */
export const ACCESS_POLICY: Record<string, RoutePolicy> = {
  'GET /api/health': { roles: 'public' },
  'POST /api/auth/login': { roles: 'public' },
  'GET /api/auth/me': { roles: ANY_USER, token: 'any' },
  // A login's own session and profile: never with an API token.
  'POST /api/auth/logout': { roles: ANY_USER },
  'PATCH /api/auth/me': { roles: ANY_USER },

  'GET /api/users': { roles: ['admin'], region: { from: 'query', key: 'region', optional: true } },
  'POST /api/users': { roles: ['admin'], region: { from: 'body', key: 'regionCode' } },
  'POST /api/users/bulk': { roles: ['admin'] },
  'GET /api/users/:id': { roles: ['admin'] },
  'PATCH /api/users/:id': { roles: ['admin'], region: { from: 'body', key: 'regionCode', optional: true } },
  'POST /api/users/:id/reset-password': { roles: ['admin'] },

  'GET /api/tokens': { roles: ['admin', 'opd'] },
  'POST /api/tokens': { roles: ['admin', 'opd'] },
  'DELETE /api/tokens/:id': { roles: ['admin', 'opd'], token: 'any' },

  'GET /api/regions': { roles: ANY_USER, token: 'any' },
  'GET /api/regions/:code': { roles: ANY_USER, token: 'any' },
  'POST /api/regions': { roles: ['admin'], region: { from: 'body', key: 'parentCode' } },
  'POST /api/regions/bulk': { roles: ['admin'], region: { from: 'body', key: 'parentCode' } },

  'GET /api/themes': { roles: ANY_USER, token: 'any' },
  'GET /api/themes/definition-schema': { roles: ANY_USER, token: 'any' },
  'POST /api/themes': { roles: ['admin'] },
  'POST /api/themes/import/xlsform': { roles: ['admin'] },
  'PUT /api/themes/:slug/draft': { roles: ['admin'] },
  'GET /api/themes/:slug/draft/diff': { roles: ['admin'] },
  'POST /api/themes/:slug/draft/test-submissions': { roles: ['admin'] },
  'POST /api/themes/:slug/publish': { roles: ['admin'] },
  'GET /api/themes/:slug': { roles: ANY_USER, token: 'any' },
  'GET /api/themes/:slug/versions/:version': { roles: ANY_USER, token: 'any' },
  'GET /api/themes/:slug/versions/:version/types.ts': { roles: ANY_USER, token: 'any' },
  'GET /api/themes/:slug/versions/:version/validator.js': { roles: ANY_USER, token: 'any' },

  'POST /api/themes/:slug/submissions': { roles: ['admin', 'kader'], region: { from: 'body', key: 'regionCode' }, token: 'submissions:write' },
  'GET /api/themes/:slug/submissions': { roles: ['admin', 'kader'], region: { from: 'query', key: 'region', optional: true }, token: 'submissions:read' },
  'GET /api/submissions': { roles: ['admin', 'kader'], region: { from: 'query', key: 'region', optional: true }, token: 'submissions:read' },
  'GET /api/submissions/:id': { roles: ['admin', 'kader'], token: 'submissions:read' },
  'POST /api/submissions/:id/review': { roles: ['admin'], token: 'submissions:write' },
  'POST /api/files': { roles: ['admin', 'kader'], token: 'submissions:write' },
  'GET /api/files/:id': { roles: ['admin', 'kader'], token: 'submissions:read' },

  'GET /api/audit': { roles: ['admin'], region: { from: 'query', key: 'region', optional: true } },
  'GET /api/audit/actions': { roles: ['admin'] },

  'GET /api/themes/:slug/aggregates': { roles: ANY_USER, region: { from: 'query', key: 'region', optional: true }, token: 'aggregates:read' },
  'GET /api/themes/:slug/aggregates.csv': { roles: ANY_USER, region: { from: 'query', key: 'region', optional: true }, token: 'aggregates:read' },
  'GET /api/themes/:slug/aggregates.xlsx': { roles: ANY_USER, region: { from: 'query', key: 'region', optional: true }, token: 'aggregates:read' },
  'GET /api/themes/:slug/aggregates/explain': { roles: ['admin'], region: { from: 'query', key: 'region' }, token: 'submissions:read' },
  'POST /api/themes/:slug/aggregates/recompute': { roles: ['admin'] },
  'GET /api/themes/:slug/completeness': { roles: ['admin', 'opd'], region: { from: 'query', key: 'region', optional: true }, token: 'aggregates:read' },
  'GET /api/themes/:slug/completeness/history': { roles: ['admin', 'opd'], region: { from: 'query', key: 'region', optional: true }, token: 'aggregates:read' },
  // Which kinds a role may export, and the region of the query, are the exports service's rules.
  'POST /api/exports': { roles: ANY_USER, token: 'exports' },
  'GET /api/exports': { roles: ANY_USER, token: 'exports' },
  'GET /api/exports/:id': { roles: ANY_USER, token: 'exports' },
  'GET /api/exports/:id/file': { roles: ANY_USER, token: 'exports' },
  'POST /api/themes/:slug/reminders/:key/run': { roles: ['admin'] },
  // Imports: admins only; each row's region must lie in the caller's subtree (the imports service's rule, per row).
  'GET /api/themes/:slug/import-template.xlsx': { roles: ['admin'] },
  'POST /api/themes/:slug/imports': { roles: ['admin'] },
  'GET /api/imports/:id': { roles: ['admin'] },
  'GET /api/alerts': { roles: ANY_USER },
  'POST /api/alerts/:id/acknowledge': { roles: ['admin', 'kader'] },
  'GET /api/notifications': { roles: ANY_USER },
  'GET /api/notifications/contact': { roles: ANY_USER },
  'PUT /api/notifications/contact': { roles: ANY_USER },
  'POST /api/notifications/:id/read': { roles: ANY_USER },
  'POST /api/notifications/deliveries/redeliver': { roles: ['admin'] },
  'POST /api/themes/:slug/webhooks': { roles: ['admin'] },
  'GET /api/themes/:slug/webhooks': { roles: ['admin'] },
  'DELETE /api/webhooks/:id': { roles: ['admin'] },
  'GET /api/webhooks/:id/deliveries': { roles: ['admin'] },
  'POST /api/webhooks/:id/deliveries/:deliveryId/redeliver': { roles: ['admin'] },
  // The queue dashboard (bull-board as a Fastify plugin), not Nest routes: its own guard enforces these.
  // Every admin may look; changing jobs or queues (retry, clean, pause, add …) is for a city-level admin.
  'GET /api/queues': { roles: ['admin'] },
  'POST /api/queues/session': { roles: ['admin'] },
  'POST /api/queues': { roles: ['admin'], callerScope: 'city' },
  'PUT /api/queues': { roles: ['admin'], callerScope: 'city' },
  'PATCH /api/queues': { roles: ['admin'], callerScope: 'city' },
};

/** The scopes a token of `role` could ever use: those of the routes that role may call. */
export function scopesUsableBy(role: Role): TokenScope[] {
  const usable = new Set<TokenScope>();
  for (const policy of Object.values(ACCESS_POLICY)) {
    if (policy.roles !== 'public' && policy.roles.includes(role) && policy.token && policy.token !== 'any') usable.add(policy.token);
  }
  return TOKEN_SCOPES.filter((scope) => usable.has(scope));
}

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
