import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { hash, verify } from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError, Unauthorized } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { preparedQuery } from '../../database/prepared-query';
import { User } from '../users/user.entity';
import { ApiToken } from './api-token.entity';
import { LoginFailure } from './login-failure.entity';

/** Failures allowed per window before 429, per username and per client address. */
export const LOGIN_LIMITS = { windowSeconds: 15 * 60, perUsername: 5, perIp: 30 };
export const API_TOKEN_PREFIX = 'wkc_';

export class TooManyAttempts extends DomainError {
  constructor(retryAfter: number) {
    super(429, 'TOO_MANY_ATTEMPTS', 'Too many attempts', 'Terlalu banyak percobaan masuk. Coba lagi nanti.', undefined, {
      retryAfter,
    });
  }
}

interface TokenClaims {
  sub: string;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { type: 2 /* argon2id */ });
}

@Injectable()
export class AuthService {
  /** Verifying a password for an unknown user costs the same, so timing does not reveal usernames. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
  ) {}

  async login(usernameRaw: string, password: string, ip: string): Promise<{ accessToken: string; user: User }> {
    const username = usernameRaw.trim().toLowerCase();
    // The attempt counts as a failure from before the check until the password proves right, so a
    // burst of parallel guesses sees itself and cannot slip past the limit.
    const attempt = (await this.failures.insert({ username, ip })).identifiers[0].id as string;
    try {
      await this.assertNotThrottled(username, ip);
    } catch (error) {
      await this.failures.delete(attempt);
      throw error;
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    const valid = user
      ? await verify(user.passwordHash, password)
      : await verify(await this.dummy(), password).then(() => false);
    if (!user || !valid || user.disabled) {
      await this.audit.record({
        actor: user ? { id: user.id, username: user.username } : null,
        actorUsername: username,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user?.id,
        regionCode: user?.regionCode ?? null,
        ip,
        details: { reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password' },
      });
      throw new Unauthorized('INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah');
    }
    await this.failures.delete(attempt);
    await this.audit.record({
      actor: user,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      regionCode: user.regionCode,
      ip,
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id } satisfies TokenClaims, {
      expiresIn: this.config.accessTokenTtlSeconds,
    });
    const { passwordHash: _omit, ...publicUser } = user;
    return { accessToken, user: publicUser as User };
  }

  /**
   * Resolves a bearer token to a current, enabled user. The user is read on every request so a
   * disabled, moved or re-roled user takes effect at once.
   */
  async authenticate(header: string | undefined): Promise<User | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return null;
    const token = match[1];
    const userId = token.startsWith(API_TOKEN_PREFIX) ? await this.apiTokenUser(token) : await this.jwtUser(token);
    if (!userId) return null;
    // Read on every request, so a disabled or moved user loses access at once.
    const [row] = await preparedQuery<User>(
      this.users.manager.connection,
      `SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", disabled, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM app_user WHERE id = $1`,
      [userId],
    );
    return row && !row.disabled ? Object.assign(new User(), row) : null;
  }

  /** Returns the token once; only its hash is stored. */
  newApiTokenSecret(): { token: string; hash: string } {
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return { token, hash: hashApiToken(token) };
  }

  private async jwtUser(token: string): Promise<string | null> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      return typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }

  private async apiTokenUser(token: string): Promise<string | null> {
    const row = await this.tokens
      .createQueryBuilder('t')
      .where('t.token_hash = :hash', { hash: hashApiToken(token) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
    if (!row) return null;
    // At most one write a minute per token: enough to show "last used" without a write per request.
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval \'1 minute\')', { id: row.id })
      .execute();
    return row.userId;
  }

  private async assertNotThrottled(username: string, ip: string): Promise<void> {
    const window = `${LOGIN_LIMITS.windowSeconds} seconds`;
    const [row] = (await this.failures.query(
      `SELECT
         count(*) FILTER (WHERE username = $1)::int AS by_username,
         count(*) FILTER (WHERE ip = $2)::int AS by_ip,
         extract(epoch FROM (min(at) + $3::interval - now()))::int AS retry_after
       FROM login_failure
       WHERE at > now() - $3::interval AND (username = $1 OR ip = $2)`,
      [username, ip, window],
    )) as { by_username: number; by_ip: number; retry_after: number | null }[];
    // The counts include the attempt being checked: the limit is on failures before it.
    if (row.by_username > LOGIN_LIMITS.perUsername || row.by_ip > LOGIN_LIMITS.perIp) {
      throw new TooManyAttempts(Math.max(1, row.retry_after ?? LOGIN_LIMITS.windowSeconds));
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
