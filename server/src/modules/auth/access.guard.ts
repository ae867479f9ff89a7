import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { BadRequest, Forbidden, RegionOutOfScope, Unauthorized } from '../../common/domain-error';
import type { TokenScope } from './access-policy';
import { isWithinRegion } from '../regions/region-scope';
import { ACCESS_POLICY, isCityLevel, policyKey, RoutePolicy } from './access-policy';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './current-user.decorator';

/** An API token reaches only the routes whose entry names one of its scopes (or any token). */
export function assertTokenMay(policy: RoutePolicy, scopes: readonly TokenScope[]): void {
  if (policy.token === undefined) throw new Forbidden('Rute ini hanya untuk pengguna yang masuk dengan kata sandi, bukan token API', 'LOGIN_REQUIRED');
  if (policy.token !== 'any' && !scopes.includes(policy.token)) {
    throw new Forbidden(`Token API ini tidak punya cakupan ${policy.token}`, 'INSUFFICIENT_SCOPE');
  }
}

/** Reads `ACCESS_POLICY` for every route: authenticate, check the role, the API token's scope, the region. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const routePath = request.routeOptions.url ?? request.url;
    // Fastify answers HEAD with the GET handler, so HEAD is governed by the GET entry.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const policy: RoutePolicy | undefined = ACCESS_POLICY[policyKey(method, routePath)];
    if (!policy) throw new Forbidden('Rute ini belum punya aturan akses');
    if (policy.roles === 'public') return true;

    const credential = await this.auth.authenticate(request.headers.authorization);
    if (!credential) throw new Unauthorized();
    const { user, apiToken, sessionId } = credential;
    request.user = user;
    request.tokenScopes = apiToken?.scopes ?? null;
    request.sessionId = sessionId;
    if (!policy.roles.includes(user.role)) throw new Forbidden();
    if (policy.callerScope === 'city' && !isCityLevel(user.regionCode)) throw new Forbidden('Hanya admin tingkat kota yang boleh melakukan ini');
    if (apiToken) assertTokenMay(policy, apiToken.scopes);

    if (policy.region) {
      const source = request[policy.region.from] as Record<string, unknown> | undefined;
      const value = source?.[policy.region.key];
      if (value !== undefined && value !== '') {
        // A repeated query parameter arrives as an array: refuse it rather than leave it unchecked.
        if (typeof value !== 'string') {
          const key = policy.region.key;
          throw new BadRequest('INVALID_REQUEST', 'Permintaan tidak valid', [{ path: `/${key}`, keyword: 'type', message: `${key} harus satu kode wilayah` }]);
        }
        if (!isWithinRegion(value, user.regionCode)) throw new RegionOutOfScope(value);
      }
    }
    return true;
  }
}
