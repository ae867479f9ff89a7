import type { Role } from '../users/user.entity';

/** Where a guarded request names a region that must lie in the caller's subtree. */
export interface RegionRule {
  from: 'body' | 'query' | 'params';
  key: string;
  /** Absent value → no check (the service falls back to the caller's own region). */
  optional?: boolean;
}

export interface RoutePolicy {
  roles: readonly Role[] | 'public';
  region?: RegionRule;
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
  'GET /api/auth/me': { roles: ANY_USER },

  'GET /api/users': { roles: ['admin'], region: { from: 'query', key: 'region', optional: true } },
  'POST /api/users': { roles: ['admin'], region: { from: 'body', key: 'regionCode' } },
  'GET /api/users/:id': { roles: ['admin'] },
  'PATCH /api/users/:id': { roles: ['admin'], region: { from: 'body', key: 'regionCode', optional: true } },

  'GET /api/tokens': { roles: ['admin', 'opd'] },
  'POST /api/tokens': { roles: ['admin', 'opd'] },
  'DELETE /api/tokens/:id': { roles: ['admin', 'opd'] },

  'GET /api/regions': { roles: ANY_USER },
  'GET /api/regions/:code': { roles: ANY_USER },
  'POST /api/regions': { roles: ['admin'], region: { from: 'body', key: 'parentCode' } },

  'GET /api/themes': { roles: ANY_USER },
  'GET /api/themes/definition-schema': { roles: ANY_USER },
  'POST /api/themes': { roles: ['admin'] },
  'PUT /api/themes/:slug/draft': { roles: ['admin'] },
  'POST /api/themes/:slug/publish': { roles: ['admin'] },
  'GET /api/themes/:slug': { roles: ANY_USER },
  'GET /api/themes/:slug/versions/:version': { roles: ANY_USER },
  'GET /api/themes/:slug/versions/:version/types.ts': { roles: ANY_USER },
  'GET /api/themes/:slug/versions/:version/validator.js': { roles: ANY_USER },

  'POST /api/themes/:slug/submissions': { roles: ['admin', 'kader'], region: { from: 'body', key: 'regionCode' } },
  'GET /api/themes/:slug/submissions': { roles: ['admin', 'kader'], region: { from: 'query', key: 'region', optional: true } },
  'GET /api/submissions/:id': { roles: ['admin', 'kader'] },
  'POST /api/submissions/:id/review': { roles: ['admin'] },
  'POST /api/files': { roles: ['admin', 'kader'] },
  'GET /api/files/:id': { roles: ['admin', 'kader'] },

  'GET /api/audit': { roles: ['admin'], region: { from: 'query', key: 'region', optional: true } },

  'GET /api/themes/:slug/aggregates': { roles: ANY_USER, region: { from: 'query', key: 'region', optional: true } },
  'POST /api/themes/:slug/aggregates/recompute': { roles: ['admin'] },
  'GET /api/themes/:slug/completeness': { roles: ['admin', 'opd'], region: { from: 'query', key: 'region', optional: true } },
  'POST /api/themes/:slug/reminders/:key/run': { roles: ['admin'] },
  'GET /api/notifications': { roles: ANY_USER },
  'GET /api/notifications/contact': { roles: ANY_USER },
  'PUT /api/notifications/contact': { roles: ANY_USER },
  'POST /api/notifications/:id/read': { roles: ANY_USER },
  'POST /api/themes/:slug/webhooks': { roles: ['admin'] },
  'GET /api/themes/:slug/webhooks': { roles: ['admin'] },
  'DELETE /api/webhooks/:id': { roles: ['admin'] },
  'GET /api/webhooks/:id/deliveries': { roles: ['admin'] },
  // The queue dashboard (bull-board as a Fastify plugin), not a Nest route: its own guard enforces this.
  'GET /api/queues': { roles: ['admin'] },
};

export function policyKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
