import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { preparedRows, rows, SqlParams } from '../../database/sql';
import { endLoginsSql, revokeTokensSql } from '../auth/auth.repository';
import { subtreeCondition } from '../regions/region.repository';
import { Role, User } from './user.entity';

/** PostgreSQL's SQLSTATE for a unique index refusing a row. */
const UNIQUE_VIOLATION = '23505';

export type NewUser = Pick<User, 'username' | 'displayName' | 'role' | 'regionCode'> & { passwordHash: string };
export type UserChanges = Partial<Pick<User, 'role' | 'regionCode' | 'disabled' | 'displayName' | 'language'>> & { passwordHash?: string };

/**
 * True while user `userIdExpression` is still enabled, with this role and region: part of a statement
 * that must not write for a user whose rights changed a moment ago (the ingest).
 */
export function userUnchangedSql(params: SqlParams, userIdExpression: string, expected: Pick<User, 'role' | 'regionCode'>): string {
  return `EXISTS (SELECT 1 FROM app_user WHERE id = ${userIdExpression} AND NOT disabled AND role = ${params.add(expected.role, 'text')} AND region_code = ${params.add(expected.regionCode, 'text')})`;
}

/** User `userIdExpression`'s username and display name, as two scalar subqueries. */
export function userNamesSql(userIdExpression: string): { username: string; displayName: string } {
  return {
    username: `(SELECT username FROM app_user WHERE app_user.id = ${userIdExpression})`,
    displayName: `(SELECT display_name FROM app_user WHERE app_user.id = ${userIdExpression})`,
  };
}

/** True when user `userIdExpression` sits in the subtree of region `regionExpression`. */
export function userInSubtreeSql(userIdExpression: string, regionExpression: string): string {
  return `EXISTS (SELECT 1 FROM app_user WHERE app_user.id = ${userIdExpression} AND ${subtreeCondition('app_user.region_code', regionExpression)})`;
}

/**
 * The enabled users of `role` responsible for a region: whose region is one of `regions` or an
 * ancestor of one (every user of the role when `regions` is null), inside `scope` when it is not
 * null. Columns: `user_id`, `region_count` (how many of `regions` they hold; null without regions),
 * `sample` (the first `sampleSize` of those codes).
 */
export function responsibleUsersSql(params: SqlParams, role: Role, regions: string[] | null, scope: string | null, sampleSize: number): string {
  const roleParam = params.add(role, 'text');
  const scopeParam = params.add(scope, 'text');
  const inScope = `(${scopeParam} IS NULL OR ${subtreeCondition('u.region_code', scopeParam)})`;
  if (regions === null) {
    return `SELECT u.id AS user_id, NULL::bigint AS region_count, NULL::text[] AS sample
      FROM app_user u WHERE u.role = ${roleParam} AND NOT u.disabled AND ${inScope}`;
  }
  // Each region paired with itself and every ancestor: a user whose region is one of those holds it.
  return `SELECT u.id AS user_id, count(*) AS region_count, (array_agg(h.code ORDER BY h.code))[1:${params.add(sampleSize, 'int')}] AS sample
    FROM (
      SELECT array_to_string((string_to_array(m.code, '.'))[1:d], '.') AS holder, m.code
      FROM unnest(${params.add(regions, 'text[]')}) AS m(code)
      CROSS JOIN LATERAL generate_series(1, array_length(string_to_array(m.code, '.'), 1)) AS d
    ) h
    JOIN app_user u ON u.region_code = h.holder COLLATE "C"
    WHERE u.role = ${roleParam} AND NOT u.disabled AND ${inScope}
    GROUP BY u.id`;
}

/** `app_user`. */
@Injectable()
export class UserRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  find(id: string, db: DataSource | EntityManager = this.dataSource): Promise<User | null> {
    return db.getRepository(User).findOneBy({ id });
  }

  /** The request path's read (every authenticated request on a cold cache): one prepared statement. */
  async findFast(id: string): Promise<User | null> {
    const [row] = await preparedRows<User>(
      this.dataSource,
      `SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", disabled, language, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM app_user WHERE id = $1`,
      [id],
    );
    return row ? Object.assign(new User(), row) : null;
  }

  /** With its password hash, which no other read selects. */
  findForLogin(username: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  /** Users in the subtree of `regionCode` after `afterUsername`, by username; `search` in the username or name. */
  page(regionCode: string, limit: number, afterUsername: string | null, search: string | null = null): Promise<User[]> {
    const query = this.users
      .createQueryBuilder('u')
      .where(subtreeCondition('u.region_code', ':region'), { region: regionCode })
      .orderBy('u.username', 'ASC')
      .limit(limit);
    if (afterUsername !== null) query.andWhere('u.username > :cursor', { cursor: afterUsername });
    if (search !== null) {
      // The words are values, never pattern syntax: % and _ typed by the admin match themselves.
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(u.username ILIKE :pattern OR u.display_name ILIKE :pattern)', { pattern });
    }
    return query.getMany();
  }

  /** Which of `usernames` are taken already. */
  async takenUsernames(usernames: string[]): Promise<Set<string>> {
    const found = await rows<{ username: string }>(this.dataSource, `SELECT username FROM app_user WHERE username = ANY($1::text[])`, [usernames]);
    return new Set(found.map((row) => row.username));
  }

  /** Inserts every user or none: null when a username was taken meanwhile (the caller rolls back). */
  async insertMany(manager: EntityManager, users: NewUser[]): Promise<User[] | null> {
    const params = new SqlParams();
    const column = <K extends keyof NewUser>(key: K) => params.add(users.map((user) => user[key]), 'text[]');
    const inserted = await rows<{ id: string; username: string }>(
      manager,
      `INSERT INTO app_user (username, password_hash, display_name, role, region_code)
       SELECT * FROM unnest(${column('username')}, ${column('passwordHash')}, ${column('displayName')}, ${column('role')}, ${column('regionCode')})
       ON CONFLICT (username) DO NOTHING
       RETURNING id, username`,
      params.values,
    );
    if (inserted.length !== users.length) return null;
    const ids = new Map(inserted.map((row) => [row.username, row.id]));
    const found = await manager.getRepository(User).findBy({ id: In(inserted.map((row) => row.id)) });
    const byId = new Map(found.map((user) => [user.id, user]));
    return users.map((user) => byId.get(ids.get(user.username)!)!);
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** The new user; null when the username is taken (the unique index decides, so a race answers 409, never 500). */
  async insert(user: NewUser, db: DataSource | EntityManager = this.dataSource): Promise<User | null> {
    const repository = db.getRepository(User);
    try {
      return await repository.save(repository.create(user));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  async update(manager: EntityManager, id: string, changes: UserChanges): Promise<User> {
    if (Object.keys(changes).length) await manager.getRepository(User).update(id, changes);
    return manager.getRepository(User).findOneByOrFail({ id });
  }

  /**
   * Ends the user's logins (all but `exceptSessionId`) and revokes their API tokens, in the
   * transaction that changed the user; how many of each ended.
   */
  async endLogins(manager: EntityManager, userId: string, exceptSessionId: string | null = null): Promise<{ logins: number; tokens: number }> {
    const params = new SqlParams();
    const ended = await rows<{ logins: number; tokens: number }>(
      manager,
      `WITH logins AS (${endLoginsSql(params, userId, exceptSessionId)} RETURNING id),
            tokens AS (${revokeTokensSql(params, userId)} RETURNING id)
       SELECT (SELECT count(*) FROM logins)::int AS logins, (SELECT count(*) FROM tokens)::int AS tokens`,
      params.values,
    );
    return ended[0];
  }
}
