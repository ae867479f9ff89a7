import { Injectable } from '@nestjs/common';
import { BadRequest, NotFound } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import type { User } from '../users/user.entity';
import type { ApiToken } from './api-token.entity';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';

export interface TokenView {
  id: string;
  name: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

function toTokenView(token: ApiToken): TokenView {
  return { id: token.id, name: token.name, expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, createdAt: token.createdAt };
}

/** API tokens act with their owner's rights, so revoking the owner revokes them too. */
@Injectable()
export class TokensService {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tokens: AuthRepository,
  ) {}

  async create(owner: User, name: string, expiresAt?: string): Promise<{ id: string; token: string; name: string; expiresAt: Date | null }> {
    const expiry = expiresAt ? new Date(expiresAt) : null;
    if (expiry && expiry.getTime() <= Date.now()) {
      throw new BadRequest('INVALID_EXPIRY', 'expiresAt harus di masa depan');
    }
    const secret = this.auth.newApiTokenSecret();
    const row = await this.tokens.insertToken({ userId: owner.id, name, tokenHash: secret.hash, expiresAt: expiry });
    await this.audit.record({ actor: owner, action: 'token.created', targetType: 'api_token', targetId: row.id, regionCode: owner.regionCode, details: { name } });
    return { id: row.id, token: secret.token, name, expiresAt: expiry };
  }

  async list(owner: User): Promise<TokenView[]> {
    return (await this.tokens.liveTokensOf(owner.id)).map(toTokenView);
  }

  /** Only the owner may revoke; anybody else's token answers 404 like one that does not exist. */
  async revoke(owner: User, id: string): Promise<void> {
    if (!(await this.tokens.revokeToken(id, owner.id))) throw new NotFound('Token');
    await this.audit.record({ actor: owner, action: 'token.revoked', targetType: 'api_token', targetId: id, regionCode: owner.regionCode });
  }
}
