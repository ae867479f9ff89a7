import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Db, firstRow, rows, SqlParams } from '../../database/sql';
import { ApiToken } from './api-token.entity';
import { LoginFailure } from './login-failure.entity';

export interface FailureCounts {
  /** Failures of this username from this address. */
  byPair: number;
  /** Failures from this address, whatever the username. */
  byIp: number;
  /** Seconds since the latest failure of the pair / of the address (0 when there is none). */
  sincePairSeconds: number;
  sinceIpSeconds: number;
}

/** A login session that has neither ended nor expired. */
export interface LiveSession {
  userId: string;
  expiresAt: Date;
}

/**
 * Ends every live login of user `userIdExpression` except session `exceptExpression` (SQL NULL: all):
 * for a statement that changes the user's password or rights in the same transaction.
 */
export function endLoginsSql(params: SqlParams, userId: string, exceptSessionId: string | null): string {
  return `UPDATE login_session SET ended_at = now()
    WHERE user_id = ${params.add(userId, 'uuid')} AND ended_at IS NULL
      AND id IS DISTINCT FROM ${params.add(exceptSessionId, 'uuid')}`;
}

/**
 * Revokes every live API token of `userId`: a token acts with its owner's rights, so when those
 * rights or the password change it must be made again by the owner, knowingly.
 */
export function revokeTokensSql(params: SqlParams, userId: string): string {
  return `UPDATE api_token SET revoked_at = now() WHERE user_id = ${params.add(userId, 'uuid')} AND revoked_at IS NULL`;
}

/** `api_token`, `login_failure` and `login_session`. */
@Injectable()
export class AuthRepository {
  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
  ) {}

  async addFailure(username: string, ip: string): Promise<string> {
    const result = await this.failures.insert({ username, ip });
    return result.identifiers[0].id as string;
  }

  async removeFailure(id: string): Promise<void> {
    await this.failures.delete(id);
  }

  /**
   * Failures in the last `windowSeconds` of this username from this address, and of this address,
   * leaving out the attempt `exceptId` being checked (it is recorded before the check, so a burst
   * of parallel guesses sees itself).
   */
  async recentFailures(username: string, ip: string, windowSeconds: number, exceptId: string): Promise<FailureCounts> {
    const row = await firstRow<FailureCounts>(
      this.failures.manager,
      `SELECT
         count(*) FILTER (WHERE username = $1)::int AS "byPair",
         count(*)::int AS "byIp",
         coalesce(extract(epoch FROM now() - max(at) FILTER (WHERE username = $1)), 0)::float8 AS "sincePairSeconds",
         coalesce(extract(epoch FROM now() - max(at)), 0)::float8 AS "sinceIpSeconds"
       FROM login_failure
       WHERE at > now() - $3::interval AND ip = $2 AND id <> $4`,
      [username, ip, `${windowSeconds} seconds`, exceptId],
    );
    return row!;
  }

  /** Removes login failures older than `days`: the throttle looks back minutes, the audit log keeps the record. */
  async pruneFailures(days: number): Promise<number> {
    const deleted = await rows<{ count: number }>(
      this.failures.manager,
      `WITH gone AS (DELETE FROM login_failure WHERE at < now() - $1::interval RETURNING 1) SELECT count(*)::int AS count FROM gone`,
      [`${days} days`],
    );
    return deleted[0].count;
  }

  /** A token that is neither revoked nor expired. */
  findLiveToken(tokenHash: string): Promise<ApiToken | null> {
    return this.tokens
      .createQueryBuilder('t')
      .where('t.token_hash = :hash', { hash: tokenHash })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
  }

  /** Records a use, at most once a minute per token. */
  async touchToken(id: string): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where("id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", { id })
      .execute();
  }

  insertToken(token: Pick<ApiToken, 'userId' | 'name' | 'tokenHash' | 'scopes' | 'expiresAt'>): Promise<ApiToken> {
    return this.tokens.save(this.tokens.create(token));
  }

  /** The user's tokens that are neither revoked nor expired, newest first. */
  liveTokensOf(userId: string): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) }, order: { createdAt: 'DESC' } });
  }

  /** A token that is not revoked yet, whoever owns it. */
  findUnrevoked(id: string): Promise<ApiToken | null> {
    return this.tokens.findOneBy({ id, revokedAt: IsNull() });
  }

  /** True when a live token of `userId` was revoked now. */
  async revokeToken(id: string, userId: string): Promise<boolean> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND user_id = :owner AND revoked_at IS NULL', { id, owner: userId })
      .execute();
    return Boolean(result.affected);
  }

  /** A new login session of `userId`; its own expired sessions go, so the table stays small. */
  async startSession(userId: string, ttlSeconds: number): Promise<string> {
    await this.tokens.manager.query(`DELETE FROM login_session WHERE user_id = $1 AND expires_at < now()`, [userId]);
    const row = await firstRow<{ id: string }>(
      this.tokens.manager,
      `INSERT INTO login_session (user_id, expires_at) VALUES ($1, now() + $2::interval) RETURNING id`,
      [userId, `${ttlSeconds} seconds`],
    );
    return row!.id;
  }

  findLiveSession(id: string): Promise<LiveSession | null> {
    return firstRow<LiveSession>(
      this.tokens.manager,
      `SELECT user_id AS "userId", expires_at AS "expiresAt" FROM login_session WHERE id = $1 AND ended_at IS NULL AND expires_at > now()`,
      [id],
    );
  }

  /** True when the session was live and has ended now. */
  async endSession(id: string, db: Db = this.tokens.manager): Promise<boolean> {
    // Wrapped in a SELECT: the driver answers a bare UPDATE … RETURNING as [rows, count].
    const ended = await rows<{ id: string }>(db, `WITH ended AS (UPDATE login_session SET ended_at = now() WHERE id = $1 AND ended_at IS NULL RETURNING id) SELECT id FROM ended`, [id]);
    return ended.length > 0;
  }

}
