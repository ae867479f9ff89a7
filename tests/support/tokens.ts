import type { TokenScope } from '../../server/src/modules/auth/access-policy';

/** What POST /api/tokens takes: a name, scopes, and an expiry 30 days ahead unless given. */
export function tokenBody(name: string, scopes: TokenScope[], expiresAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString()) {
  return { name, scopes, expiresAt };
}
