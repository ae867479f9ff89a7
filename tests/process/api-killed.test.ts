import { Client } from 'pg';
import { hashPassword } from '../../server/src/modules/auth/auth.service';
import { BANJARSARI, KELURAHAN_METRO, KOTA_METRO, MARGODADI } from '../support/regions';
import { makeSubmission } from '../support/submissions';
import { TEST_PASSWORD } from '../support/test-app';
import { createDatabase, databaseUrl, dropDatabase, runId, templateDatabase } from '../support/test-database';
import { aggregationTheme } from '../support/themes';
import { sleep, waitFor } from '../support/wait';
import { Child, mismatches, RedisServer, sparePort, spawnEntry, spawnWorker, startRedis, stopChild } from './support/processes';

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
    await db.query(`INSERT INTO app_user (username, password_hash, display_name, role, region_code) VALUES ('admin.uji', $1, 'Admin', 'admin', $2)`, [await hashPassword(TEST_PASSWORD), KOTA_METRO]);
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
    const login = await http('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin.uji', password: TEST_PASSWORD }) });
    const auth = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
    const json = { 'Content-Type': 'application/json', Authorization: auth };
    const definition = aggregationTheme('uji-api-mati');
    expect((await http('/api/themes', { method: 'POST', headers: json, body: JSON.stringify(definition) })).status).toBe(201);
    expect((await http('/api/themes/uji-api-mati/publish', { method: 'POST', headers: json })).status).toBe(201);
    for (let i = 0; i < 40; i++) {
      const response = await http('/api/themes/uji-api-mati/submissions', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(makeSubmission([KELURAHAN_METRO, BANJARSARI, MARGODADI][i % 3], { jumlah: i, kategori: 'b' }, { period: `2026-11-0${1 + (i % 9)}` })),
      });
      expect(response.status).toBe(201);
    }
    const [{ id: themeId }] = (await db.query(`SELECT id FROM theme WHERE slug = 'uji-api-mati'`)).rows as { id: string }[];
    // Committed, not enqueued.
    expect(((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'submission.changed'`)).rows as { n: number }[])[0].n).toBe(40);
    api.kill('SIGKILL');
    expect((await api.exited).signal).toBe('SIGKILL');

    worker = await spawnWorker({ DATABASE_URL: url, REDIS_URL: redis.url, REDIS_PREFIX: env().REDIS_PREFIX, JWT_SECRET: env().JWT_SECRET });
    await sleep(1000);
    // Nothing has reached the worker: the outbox still holds every change.
    expect(((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'submission.changed'`)).rows as { n: number }[])[0].n).toBe(40);

    api = await startApi();
    await waitFor(
      'the relay to deliver and the worker to aggregate',
      async () =>
        ((await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows as { n: number }[])[0].n === 0 &&
        ((await db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_cell`)).rows as { n: number }[])[0].n === 0 &&
        (await mismatches(db, themeId)).length === 0 &&
        ((await db.query(`SELECT count(*)::int AS n FROM aggregate_cell WHERE theme_id = $1`, [themeId])).rows as { n: number }[])[0].n > 0,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        explain: async () => `mismatches: ${JSON.stringify(await mismatches(db, themeId))}\napi:\n${api?.output().slice(-2000)}\nworker:\n${worker?.output().slice(-2000)}`,
      },
    );
  }, 240_000);
});
