import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '../../../server/src/modules/auth/auth.service';
import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase } from '../../support/test-database';
import { aggregationTheme } from '../jobs/pipeline';
import { Child, mismatches, RedisServer, sparePort, spawnEntry, spawnWorker, startRedis, stopChild, until } from './support';

const PASSWORD = 'kata-sandi-uji-123';

/**
 * kill -9 the API after the commit and before the enqueue: the relay delivers on restart. The API's
 * relay is made to poll only at start (OUTBOX_RELAY_INTERVAL_MS of an hour), so submissions commit
 * with their outbox rows and nothing enqueues them before the kill.
 */
describe('fault: the API is killed between commit and enqueue', () => {
  const name = `${runId()}_api_${process.pid}`;
  const url = databaseUrl(name);
  let redis: RedisServer;
  let api: Child | null = null;
  let worker: Child | null = null;
  let db: Client;
  let port: number;
  const env = () => ({
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `${runId()}:api-killed`,
    JWT_SECRET: 'j'.repeat(48),
    SEED_DEMO: 'false',
    DATA_DIR: `/tmp/${name}`,
    CLIENT_DIR: `/tmp/${name}/no-client`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
  });
  const startApi = (extra: Record<string, string> = {}) => spawnEntry('server/src/main.ts', { ...env(), ...extra }, /ready/);
  const http = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${path}`, init);

  beforeAll(async () => {
    redis = await startRedis();
    port = await sparePort();
    await createDatabase(name, templateDatabase());
    db = new Client({ connectionString: url });
    await db.connect();
    await db.query(`INSERT INTO app_user (username, password_hash, display_name, role, region_code) VALUES ('admin.uji', $1, 'Admin', 'admin', '18.72')`, [await hashPassword(PASSWORD)]);
  }, 60_000);
  afterAll(async () => {
    await stopChild(api);
    await stopChild(worker);
    await db.end();
    await dropDatabase(name);
    await redis.kill();
  });

  it('leaves the outbox rows in place and delivers them when the API starts again', async () => {
    api = await startApi({ OUTBOX_RELAY_INTERVAL_MS: '3600000' });
    const login = await http('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin.uji', password: PASSWORD }) });
    const auth = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
    const json = { 'Content-Type': 'application/json', Authorization: auth };
    const definition = aggregationTheme('uji-api-mati');
    expect((await http('/api/themes', { method: 'POST', headers: json, body: JSON.stringify(definition) })).status).toBe(201);
    expect((await http('/api/themes/uji-api-mati/publish', { method: 'POST', headers: json })).status).toBe(201);
    for (let i = 0; i < 40; i++) {
      const response = await http('/api/themes/uji-api-mati/submissions', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ id: randomUUID(), regionCode: ['18.72.01.1001', '18.72.02.1001', '18.72.05.1004'][i % 3], period: `2026-11-0${1 + (i % 9)}`, data: { jumlah: i, kategori: 'b' } }),
      });
      expect(response.status).toBe(201);
    }
    const [{ id: themeId }] = (await db.query(`SELECT id FROM theme WHERE slug = 'uji-api-mati'`)).rows as { id: string }[];
    // Committed, not enqueued.
    expect(((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'submission.changed'`)).rows as { n: number }[])[0].n).toBe(40);
    api.kill('SIGKILL');
    expect((await api.exited).signal).toBe('SIGKILL');

    worker = await spawnWorker({ DATABASE_URL: url, REDIS_URL: redis.url, REDIS_PREFIX: env().REDIS_PREFIX, JWT_SECRET: env().JWT_SECRET });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Nothing has reached the worker: the outbox still holds every change.
    expect(((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'submission.changed'`)).rows as { n: number }[])[0].n).toBe(40);

    api = await startApi();
    await until(
      'the relay to deliver and the worker to aggregate',
      async () =>
        ((await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows as { n: number }[])[0].n === 0 &&
        ((await db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_cell`)).rows as { n: number }[])[0].n === 0 &&
        (await mismatches(db, themeId)).length === 0 &&
        ((await db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1`, [themeId])).rows as { n: number }[])[0].n > 0,
      60_000,
      250,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nmismatches: ${JSON.stringify(await mismatches(db, themeId))}\napi:\n${api?.output().slice(-2000)}\nworker:\n${worker?.output().slice(-2000)}`);
    });
  }, 240_000);
});
