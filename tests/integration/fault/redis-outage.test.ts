import { randomUUID } from 'node:crypto';
import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { createTestApp, TestApp } from '../../support/test-app';
import { aggregationTheme, publishTheme } from '../jobs/pipeline';
import { Child, mismatches, RedisServer, spawnWorker, startRedis, stopChild, until, useFastJobs } from './support';

const KELURAHAN = ['18.72.01.1001', '18.72.02.1002', '18.72.03.1003', '18.72.04.1004', '18.72.05.1001'];

/**
 * Redis is stopped for 10 s (killed: it comes back empty) while submissions keep arriving: every
 * submission answers 201, and the results are exact within seconds of Redis coming back.
 */
describe('fault: Redis is down for 10 s while submissions keep arriving', () => {
  let redis: RedisServer;
  let t: TestApp;
  let worker: Child | null = null;
  let restore: () => void;
  let themeId: string;
  let admin: string;

  beforeAll(async () => {
    restore = useFastJobs();
    redis = await startRedis();
    t = await createTestApp({ REDIS_URL: redis.url });
    t.app.get(OutboxRelay).start();
    admin = (await t.as('admin', '18.72')).auth;
    themeId = await publishTheme(t, admin, aggregationTheme('uji-redis-mati'));
    worker = await spawnWorker({ DATABASE_URL: t.config.databaseUrl!, REDIS_URL: redis.url, REDIS_PREFIX: t.config.redisPrefix, JWT_SECRET: t.config.jwtSecret });
  }, 90_000);
  afterAll(async () => {
    await stopChild(worker);
    await t.close();
    await redis.kill();
    restore();
  });

  it('answers 201 to every submission and is exact soon after Redis returns', async () => {
    const statuses: number[] = [];
    let sending = true;
    let i = 0;
    const sender = (async () => {
      while (sending) {
        i++;
        const response = await t
          .http()
          .post('/api/themes/uji-redis-mati/submissions')
          .set('Authorization', admin)
          .send({ id: randomUUID(), regionCode: KELURAHAN[i % KELURAHAN.length], period: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`, data: { jumlah: i % 13, kategori: 'a' } });
        statuses.push(response.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 3000));
    await redis.kill();
    const down = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const duringOutage = statuses.length;
    await redis.start();
    const back = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    sending = false;
    await sender;

    expect(back - down).toBeGreaterThanOrEqual(10_000);
    expect(statuses.length).toBeGreaterThan(duringOutage - 1);
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(100);

    await until(
      'exact results after Redis came back',
      async () => {
        const [pending] = (await t.db.query(
          `SELECT (SELECT count(*) FROM outbox)::int + (SELECT count(*) FROM aggregate_dirty_cell)::int + (SELECT count(*) FROM aggregate_dirty_rollup)::int AS n`,
        )) as { n: number }[];
        return pending.n === 0 && (await mismatches(t.db, themeId)).length === 0;
      },
      60_000,
      250,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\nmismatches: ${JSON.stringify(await mismatches(t.db, themeId))}\nworker:\n${worker?.output().slice(-3000)}`);
    });
    const exactAfter = Date.now() - back;
    // "Within seconds": the relay retries at most every 5 s, lost jobs are re-enqueued after JOBS_STALE_AFTER_MS.
    expect(exactAfter).toBeLessThan(30_000);
    const [count] = (await t.db.query(`SELECT count(*)::int AS n FROM submission WHERE theme_id = $1`, [themeId])) as { n: number }[];
    expect(count.n).toBe(statuses.length);
  }, 180_000);
});
