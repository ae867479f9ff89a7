import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApi } from '../../server/src/api';
import { AppConfig, loadConfig } from '../../server/src/config/app-config';
import { hashPassword } from '../../server/src/modules/auth/auth.service';
import type { ThemeDefinition } from '../../schemas/theme-definition';
import { Role, User } from '../../server/src/modules/users/user.entity';
import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase, TEST_REDIS_URL } from './test-database';

export const TEST_PASSWORD = 'kata-sandi-uji-123';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** Creates a user straight in the database (password TEST_PASSWORD). */
  makeUser(role: Role, regionCode: string, overrides?: Partial<Pick<User, 'username' | 'disabled' | 'displayName'>>): Promise<User>;
  /** Logs in over HTTP and returns the bearer header value. */
  login(user: Pick<User, 'username'>): Promise<string>;
  /** makeUser + login. */
  as(role: Role, regionCode: string): Promise<{ user: User; auth: string }>;
  /** Listens on a free loopback port, for the browser tests; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database copied from the run's template, and the API on it (not listening; supertest). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const name = `${runId()}_${process.pid}_${++counter}`;
  await createDatabase(name, templateDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'wakuncar-test-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl(name),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `${runId()}:${process.pid}:${counter}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    CLIENT_DIR: join(dataDir, 'no-client'),
    // The loopback receivers of receivers.ts; a test of refusals passes OUTBOUND_ALLOW_HOSTS: ''.
    OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    ...env,
  });
  const app = await createApi(config, config.databaseUrl!);
  await app.init();
  // Fastify finishes its route table (hooks included) in ready(); listen() would do it, supertest does not.
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(DataSource);
  const server = app.getHttpServer();
  let users = 0;

  const makeUser: TestApp['makeUser'] = async (role, regionCode, overrides = {}) => {
    const username = overrides.username ?? `${role}.${++users}.${randomBytes(3).toString('hex')}`;
    const [row] = (await db.query(
      `INSERT INTO app_user (username, password_hash, display_name, role, region_code, disabled)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [username, await hashPassword(TEST_PASSWORD), overrides.displayName ?? username, role, regionCode, overrides.disabled ?? false],
    )) as { id: string }[];
    return db.getRepository(User).findOneByOrFail({ id: row.id });
  };

  const login: TestApp['login'] = async (user) => {
    const response = await request(server).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    if (response.status !== 200) throw new Error(`login ${user.username} answered ${response.status}: ${response.text}`);
    return `Bearer ${response.body.accessToken as string}`;
  };

  return {
    app,
    config,
    db,
    http: () => request(server),
    makeUser,
    login,
    as: async (role, regionCode) => {
      const user = await makeUser(role, regionCode);
      return { user, auth: await login(user) };
    },
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    },
    close: async () => {
      await app.close();
      await dropDatabase(name);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PublishedTheme {
  slug: string;
  id: string;
}

/** POST /api/themes, then publish it as version 1; fails the test on any other answer. */
export async function publishTheme(t: TestApp, auth: string, definition: ThemeDefinition): Promise<PublishedTheme> {
  const created = await t.http().post('/api/themes').set('Authorization', auth).send(definition);
  if (created.status !== 201) throw new Error(`create ${definition.slug} answered ${created.status}: ${created.text}`);
  const published = await t.http().post(`/api/themes/${definition.slug}/publish`).set('Authorization', auth);
  if (published.status !== 201) throw new Error(`publish ${definition.slug} answered ${published.status}: ${published.text}`);
  return { slug: definition.slug, id: await themeIdOf(t, definition.slug) };
}

/** The database id of a theme, for the queries that join on it. */
export async function themeIdOf(t: TestApp, slug: string): Promise<string> {
  const [row] = (await t.db.query(`SELECT id FROM theme WHERE slug = $1`, [slug])) as { id: string }[];
  if (!row) throw new Error(`no theme ${slug}`);
  return row.id;
}

/** The test app of a file and who is signed in on it; filled in by `beforeAll`. */
export interface SignedIn<R extends string> {
  t: TestApp;
  auth: Record<R, string>;
}

/**
 * One test app for the file's tests (created before them, closed after them) with a user signed in
 * for each role named, at the region given: `const app = useTestApp({ admin: KOTA_METRO })`, then
 * `app.t` and `app.auth.admin` inside the tests.
 */
export function useTestApp<R extends Role>(users: Record<R, string>): SignedIn<R> {
  const signedIn = { auth: {} } as SignedIn<R>;
  beforeAll(async () => {
    signedIn.t = await createTestApp();
    for (const [role, regionCode] of Object.entries(users) as [R, string][]) signedIn.auth[role] = (await signedIn.t.as(role, regionCode)).auth;
  });
  afterAll(() => signedIn.t.close());
  return signedIn;
}
