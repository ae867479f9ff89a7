import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { setBounded } from '../../common/bounded-map';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError, Unauthorized } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ChangeListener } from '../../database/change-listener.service';
import { Language, User } from '../users/user.entity';
import { toUserView, UserView } from '../users/user-view';
import { UserRepository } from '../users/user.repository';
import type { TokenScope } from './access-policy';
import { AuthRepository } from './auth.repository';
import { PasswordHashing } from './password-hashing';

/**
 * Login throttling. Failures count per (username, address) and per address over `windowSeconds`.
 * Past the free ones, each further attempt waits a delay that doubles with every failure (from
 * `firstDelaySeconds`, at most `maxDelaySeconds`) after the latest one. A username alone is never
 * locked: failures from an attacker's address do not slow its owner down at another address.
 */
export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** Failures of one username from one address before attempts are spaced out. */
  perUsername: 5,
  /** Failures from one address (any usernames) before its attempts are spaced out. */
  perIp: 30,
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
};

/** Seconds to wait after the latest of `failures` failures when `free` are allowed without a wait. */
export function throttleDelaySeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(LOGIN_LIMITS.firstDelaySeconds * 2 ** Math.min(failures - free, 20), LOGIN_LIMITS.maxDelaySeconds);
}
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
  /** The login session; a token without one is refused (it could never be logged out). */
  sid?: string;
  /** Seconds since the epoch; every token `login` signs has one. */
  exp?: number;
}

/** A JWT whose signature was checked, until its `exp`. */
interface VerifiedJwt {
  userId: string;
  sessionId: string;
  expiresAtMs: number;
}

/** A login session known to be live when it was read; dropped when any process ends it. */
interface KeptSession {
  userId: string;
  expiresAtMs: number;
}

/** A live API token as read from the database; `touchedAtMs` is when this process last wrote `last_used_at`. */
interface KeptApiToken {
  id: string;
  userId: string;
  scopes: TokenScope[];
  expiresAtMs: number | null;
  touchedAtMs: number;
}

/** Who a bearer token is, and, for an API token, what it is limited to (null: a login). */
export interface Credential {
  user: User;
  apiToken: { id: string; scopes: TokenScope[] } | null;
  /** The login session of a login token; null for an API token. */
  sessionId: string | null;
}

export interface ProfileChanges {
  displayName?: string;
  language?: Language;
  password?: { current: string; next: string };
}

export class CurrentPasswordWrong extends DomainError {
  constructor() {
    super(422, 'CURRENT_PASSWORD_WRONG', 'Current password is wrong', 'Kata sandi saat ini salah', [
      { path: '/password/current', keyword: 'password', message: 'Kata sandi saat ini salah' },
    ]);
  }
}

/** Entries kept per kind; a flood of distinct tokens only pushes out the oldest. */
const CACHE_LIMIT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_TOUCH_MS = 60_000;

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
  private readonly verifiedJwts = new Map<string, VerifiedJwt>();
  /** Keyed by the token itself, so a request needs no hash to find it. */
  private readonly apiTokens = new Map<string, KeptApiToken>();
  private readonly usersById = new Map<string, User>();
  private readonly sessions = new Map<string, KeptSession>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly users: UserRepository,
    private readonly repository: AuthRepository,
    private readonly changes: ChangeListener,
    private readonly hashing: PasswordHashing,
  ) {
    changes.subscribe('app_user', { changed: (id) => this.usersById.delete(id), reset: () => this.usersById.clear() });
    changes.subscribe('api_token', {
      changed: (id) => {
        for (const [token, kept] of this.apiTokens) if (kept.id === id) this.apiTokens.delete(token);
      },
      reset: () => this.apiTokens.clear(),
    });
    changes.subscribe('login_session', { changed: (id) => this.sessions.delete(id), reset: () => this.sessions.clear() });
  }

  async login(usernameRaw: string, password: string, ip: string): Promise<{ accessToken: string; user: User }> {
    const username = usernameRaw.trim().toLowerCase();
    // The attempt counts as a failure from before the check until the password proves right, so a
    // burst of parallel guesses sees itself and cannot slip past the limit.
    const attempt = await this.repository.addFailure(username, ip);
    let user: User | null;
    let valid: boolean;
    try {
      await this.assertNotThrottled(username, ip, attempt);
      user = await this.users.findForLogin(username);
      const stored = user?.passwordHash ?? (await this.dummy());
      valid = await this.hashing.run(() => verify(stored, password));
    } catch (error) {
      await this.repository.removeFailure(attempt);
      throw error;
    }
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
    await this.repository.removeFailure(attempt);
    await this.audit.record({
      actor: user,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      regionCode: user.regionCode,
      ip,
    });
    const sessionId = await this.repository.startSession(user.id, this.config.accessTokenTtlSeconds);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId } satisfies TokenClaims, {
      expiresIn: this.config.accessTokenTtlSeconds,
    });
    const { passwordHash: _omit, ...publicUser } = user;
    return { accessToken, user: publicUser as User };
  }

  /**
   * Resolves a bearer token to a current, enabled user. A disabled, moved or re-roled user takes
   * effect at once: a user kept in memory is served only after `ChangeListener` has heard every
   * change committed before the request, and is read from the database whenever it is not listening.
   */
  async authenticate(header: string | undefined): Promise<Credential | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return null;
    const token = match[1];
    const apiToken = token.startsWith(API_TOKEN_PREFIX) ? await this.apiToken(token) : null;
    const login = apiToken || token.startsWith(API_TOKEN_PREFIX) ? null : await this.liveLogin(token);
    const userId = apiToken ? apiToken.userId : login?.userId;
    if (!userId) return null;
    const user = await this.currentUser(userId);
    // A copy, so nothing a request does to its user reaches the next request.
    if (!user || user.disabled) return null;
    return {
      user: Object.assign(new User(), user),
      apiToken: apiToken && { id: apiToken.id, scopes: [...apiToken.scopes] },
      sessionId: login?.sessionId ?? null,
    };
  }

  /** Ends the request's login: its token is refused from now on, by every API process. */
  async logout(user: User, sessionId: string, ip: string): Promise<void> {
    if (!(await this.repository.endSession(sessionId))) return;
    this.sessions.delete(sessionId);
    await this.audit.record({ actor: user, action: 'auth.logout', targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip });
  }

  /**
   * The caller's own name, language and password. A password change needs the current password
   * (counted like a failed login when wrong) and ends every other login of the user.
   */
  async updateProfile(user: User, sessionId: string, input: ProfileChanges, ip: string): Promise<UserView> {
    if (input.password) await this.checkCurrentPassword(user, input.password.current, ip);
    const passwordHash = input.password ? await hashPassword(input.password.next) : undefined;
    return this.users.transaction(async (manager) => {
      const updated = await this.users.update(manager, user.id, {
        ...(input.displayName !== undefined && { displayName: input.displayName }),
        ...(input.language !== undefined && { language: input.language }),
        ...(passwordHash !== undefined && { passwordHash }),
      });
      // This login goes on (API.md); every other login and every API token of the user ends.
      const ended = passwordHash !== undefined ? await this.users.endLogins(manager, user.id, sessionId) : { logins: 0, tokens: 0 };
      await this.audit.record(
        {
          actor: user,
          action: passwordHash !== undefined ? 'user.password_changed' : 'user.profile_updated',
          targetType: 'user',
          targetId: user.id,
          regionCode: user.regionCode,
          ip,
          details: { displayName: input.displayName, language: input.language, passwordChanged: passwordHash !== undefined, endedLogins: ended.logins, apiKeysRevoked: ended.tokens },
        },
        manager,
      );
      return toUserView(updated);
    });
  }

  /**
   * Removes login failures older than LOGIN_FAILURE_RETENTION_DAYS: they hold usernames and client
   * addresses, and the throttle looks back minutes only (the audit log keeps each failed login).
   */
  async pruneLoginFailures(): Promise<number> {
    return this.repository.pruneFailures(this.config.retention.loginFailureDays);
  }

  /** Returns the token once; only its hash is stored. */
  newApiTokenSecret(): { token: string; hash: string } {
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return { token, hash: hashApiToken(token) };
  }

  /**
   * The user as stored now, bypassing memory: for a write that found the user it was made for
   * changed (disabled, moved, re-roled) before the notification reached this process.
   */
  async freshUser(id: string): Promise<User | null> {
    this.usersById.delete(id);
    const user = await this.currentUser(id, true);
    return user && !user.disabled ? Object.assign(new User(), user) : null;
  }

  private async currentUser(id: string, fresh = false): Promise<User | null> {
    const kept = fresh ? undefined : this.usersById.get(id);
    // Kept only while nothing about it was announced, up to the moment this request arrived.
    if (kept && (await this.changes.caughtUp()) && this.usersById.get(id) === kept) return kept;
    const generation = this.changes.generation;
    const user = await this.users.findFast(id);
    if (!user) return null;
    if (this.changes.mayKeep(generation)) setBounded(this.usersById, id, user, CACHE_LIMIT);
    return user;
  }

  /** A login token whose signature holds and whose session has not ended. */
  private async liveLogin(token: string): Promise<VerifiedJwt | null> {
    const verified = await this.verifiedJwt(token);
    if (!verified || !(await this.sessionLive(verified.sessionId, verified.userId))) return null;
    return verified;
  }

  /** A signature is checked once per token string; the answer is kept until the token's `exp`. */
  private async verifiedJwt(token: string): Promise<VerifiedJwt | null> {
    const verified = this.verifiedJwts.get(token);
    if (verified && Date.now() < verified.expiresAtMs) return verified;
    if (verified) this.verifiedJwts.delete(token);
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') return null;
      const fresh = { userId: claims.sub, sessionId: claims.sid, expiresAtMs: claims.exp * 1000 };
      setBounded(this.verifiedJwts, token, fresh, CACHE_LIMIT);
      return fresh;
    } catch {
      return null;
    }
  }

  /** Kept like a user: served from memory only once every change committed before the request was heard. */
  private async sessionLive(sessionId: string, userId: string): Promise<boolean> {
    let kept = this.sessions.get(sessionId);
    if (kept && Date.now() >= kept.expiresAtMs) kept = undefined;
    if (kept && !((await this.changes.caughtUp()) && this.sessions.get(sessionId) === kept)) kept = undefined;
    if (!kept) {
      if (!UUID.test(sessionId)) return false;
      const generation = this.changes.generation;
      const row = await this.repository.findLiveSession(sessionId);
      if (!row) return false;
      kept = { userId: row.userId, expiresAtMs: row.expiresAt.getTime() };
      if (this.changes.mayKeep(generation)) setBounded(this.sessions, sessionId, kept, CACHE_LIMIT);
    }
    return kept.userId === userId;
  }

  private async checkCurrentPassword(user: User, password: string, ip: string): Promise<void> {
    const attempt = await this.repository.addFailure(user.username, ip);
    let valid: boolean;
    try {
      await this.assertNotThrottled(user.username, ip, attempt);
      const stored = await this.users.findForLogin(user.username);
      valid = stored !== null && (await this.hashing.run(() => verify(stored.passwordHash, password)));
    } catch (error) {
      await this.repository.removeFailure(attempt);
      throw error;
    }
    if (!valid) {
      await this.audit.record({ actor: user, action: 'auth.password_check_failed', targetType: 'user', targetId: user.id, regionCode: user.regionCode, ip });
      throw new CurrentPasswordWrong();
    }
    await this.repository.removeFailure(attempt);
  }

  private async apiToken(token: string): Promise<KeptApiToken | null> {
    const now = Date.now();
    let kept = this.apiTokens.get(token);
    if (kept && kept.expiresAtMs !== null && now >= kept.expiresAtMs) kept = undefined;
    if (kept && !((await this.changes.caughtUp()) && this.apiTokens.get(token) === kept)) kept = undefined;
    if (!kept) {
      const generation = this.changes.generation;
      const row = await this.repository.findLiveToken(hashApiToken(token));
      if (!row) return null;
      kept = { id: row.id, userId: row.userId, scopes: row.scopes, expiresAtMs: row.expiresAt?.getTime() ?? null, touchedAtMs: 0 };
      if (this.changes.mayKeep(generation)) setBounded(this.apiTokens, token, kept, CACHE_LIMIT);
    }
    if (now - kept.touchedAtMs >= TOKEN_TOUCH_MS) {
      kept.touchedAtMs = now;
      // At most one write a minute per token: enough to show "last used" without a write per request.
      await this.repository.touchToken(kept.id);
    }
    return kept;
  }

  /** Refuses the attempt while the delay its pair's or its address's failures earned has not passed. */
  private async assertNotThrottled(username: string, ip: string, attempt: string): Promise<void> {
    const failures = await this.repository.recentFailures(username, ip, LOGIN_LIMITS.windowSeconds, attempt);
    const wait = Math.max(
      failures.byPair ? throttleDelaySeconds(failures.byPair, LOGIN_LIMITS.perUsername) - failures.sincePairSeconds : 0,
      failures.byIp ? throttleDelaySeconds(failures.byIp, LOGIN_LIMITS.perIp) - failures.sinceIpSeconds : 0,
    );
    if (wait > 0) throw new TooManyAttempts(Math.max(1, Math.ceil(wait)));
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
