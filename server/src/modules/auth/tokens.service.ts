import { Injectable } from '@nestjs/common';
import { BadRequest, NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { isWithinRegion } from '../regions/region-scope';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { scopesUsableBy, type TokenScope } from './access-policy';
import type { ApiToken } from './api-token.entity';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';

export interface TokenView {
  id: string;
  name: string;
  scopes: TokenScope[];
  expiresAt: Date;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export interface NewToken {
  name: string;
  expiresAt: string;
  scopes: TokenScope[];
}

function toTokenView(token: ApiToken): TokenView {
  return { id: token.id, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, createdAt: token.createdAt };
}

/** The latest expiry a new token may have: one year from `now`. */
export function maxTokenExpiry(now: Date): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  return limit;
}

/**
 * API tokens act with their owner's rights, narrowed to their scopes, so revoking the owner revokes
 * them too. They are made with a login only (the access policy keeps API tokens off that route).
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tokens: AuthRepository,
    private readonly users: UsersService,
  ) {}

  async create(owner: User, input: NewToken, now = new Date()): Promise<{ id: string; token: string; name: string; scopes: TokenScope[]; expiresAt: Date }> {
    const expiry = new Date(input.expiresAt);
    if (expiry.getTime() <= now.getTime()) throw new BadRequest('INVALID_EXPIRY', 'expiresAt harus di masa depan', [{ path: '/expiresAt', keyword: 'expiry', message: 'expiresAt harus di masa depan' }]);
    // A minute of grace, so "one year from now" computed by the client a moment ago still fits.
    if (expiry.getTime() > maxTokenExpiry(now).getTime() + 60_000) {
      throw new BadRequest('INVALID_EXPIRY', 'expiresAt paling lambat satu tahun dari sekarang', [{ path: '/expiresAt', keyword: 'expiry', message: 'expiresAt paling lambat satu tahun dari sekarang' }]);
    }
    const usable = scopesUsableBy(owner.role);
    const unusable = input.scopes.filter((scope) => !usable.includes(scope));
    if (unusable.length) {
      const message = `peran ${owner.role} tidak pernah dapat memakai cakupan ${unusable.join(', ')}; pilih dari ${usable.join(', ')}`;
      throw new BadRequest('INVALID_SCOPE', message, [{ path: '/scopes', keyword: 'scope', message }]);
    }
    const secret = this.auth.newApiTokenSecret();
    const row = await this.tokens.insertToken({ userId: owner.id, name: input.name, tokenHash: secret.hash, scopes: input.scopes, expiresAt: expiry });
    await this.audit.record({
      actor: owner,
      action: 'token.created',
      targetType: 'api_token',
      targetId: row.id,
      regionCode: owner.regionCode,
      details: { name: input.name, scopes: input.scopes, expiresAt: expiry.toISOString() },
    });
    return { id: row.id, token: secret.token, name: input.name, scopes: input.scopes, expiresAt: expiry };
  }

  /** The caller's live tokens, or (an admin) those of a user in their subtree; anyone else's answers 404. */
  async list(actor: User, userId?: string): Promise<TokenView[]> {
    const owner = userId && userId !== actor.id ? await this.managedUser(actor, userId) : actor;
    return (await this.tokens.liveTokensOf(owner.id)).map(toTokenView);
  }

  /**
   * The owner may revoke, and so may an admin whose subtree holds the owner; any other token answers
   * 404 like one that does not exist.
   */
  async revoke(actor: User, id: string): Promise<void> {
    const token = await this.tokens.findUnrevoked(id);
    if (!token) throw new NotFound('Token');
    const owner = token.userId === actor.id ? actor : await this.managedUser(actor, token.userId).catch(() => null);
    if (!owner || !(await this.tokens.revokeToken(id, token.userId))) throw new NotFound('Token');
    await this.audit.record({ actor, action: 'token.revoked', targetType: 'api_token', targetId: id, regionCode: owner.regionCode, details: { owner: owner.id } });
  }

  /** A user whose tokens `actor` manages: an admin's, inside their subtree. */
  private async managedUser(actor: User, userId: string): Promise<Pick<User, 'id' | 'regionCode'>> {
    if (actor.role !== 'admin') throw new NotFound('Pengguna');
    const user = await this.users.get(actor, userId);
    if (!isWithinRegion(user.regionCode, actor.regionCode)) throw new NotFound('Pengguna');
    return user;
  }
}
