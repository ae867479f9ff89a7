import { JOB_BACKEND, JobBackend } from '../../server/src/modules/jobs/job-backend';
import { OutboxRelay } from '../../server/src/modules/jobs/outbox-relay';
import { KOTA_METRO } from '../support/regions';
import { createTestApp, publishTheme, TestApp } from '../support/test-app';
import { aggregationTheme } from '../support/themes';
import { waitFor } from '../support/wait';
import { bulkSubmissions, Child, mismatches, RedisServer, spawnWorker, startRedis, stopChild, useFastJobs } from './support/processes';

/** kill -9 the worker in the middle of a batch of aggregation jobs, start it again: results exact. */
describe('fault: the worker is killed with SIGKILL mid-batch', () => {
  let redis: RedisServer;
  let t: TestApp;
  let worker: Child | null = null;
  let restore: () => void;
  let themeId: string;

  beforeAll(async () => {
    restore = useFastJobs();
    redis = await startRedis();
    t = await createTestApp({ REDIS_URL: redis.url });
    t.app.get(OutboxRelay).start();
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    themeId = (await publishTheme(t, admin, aggregationTheme('uji-kill-worker'))).id;
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await t.close();
    await redis.kill();
    restore();
  });

  const env = () => ({ DATABASE_URL: t.config.databaseUrl!, REDIS_URL: redis.url, REDIS_PREFIX: t.config.redisPrefix, JWT_SECRET: t.config.jwtSecret, JOBS_CONCURRENCY: '2' });
  const dirty = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_cell WHERE theme_id = $1`, [themeId])) as { n: number }[])[0].n;

  it('recovers every job the killed worker held and ends exact', async () => {
    // First let a worker do the full recompute that publishing asks for, so the batch below is
    // worked through cell by cell.
    worker = await spawnWorker(env());
    await waitFor('the recompute after publishing', async () => ((await t.db.query(`SELECT 1 FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as unknown[]).length > 0, { timeoutMs: 60_000 });
    worker.kill('SIGKILL');
    await worker.exited;

    await bulkSubmissions(t.db, themeId, 12_000, 90);
    const total = await waitFor('the relay to mark the cells dirty', async () => {
      const outbox = ((await t.db.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[])[0].n;
      const n = await dirty();
      return outbox === 0 && n > 500 ? n : null;
    }, { timeoutMs: 30_000 });

    worker = await spawnWorker(env());
    // Kill it once it has done part of the batch and is in the middle of the rest.
    await waitFor(
      'the worker to be half-way',
      async () => {
        const left = await dirty();
        return left < total * 0.8 && left > 0;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 20,
        explain: async () => {
          const counts = await (t.app.get(JOB_BACKEND) as JobBackend).counts();
          return `total ${total} dirty ${await dirty()} queues ${JSON.stringify(counts)}\nworker:\n${worker?.output().slice(-1500)}`;
        },
      },
    );
    const left = await dirty();
    worker.kill('SIGKILL');
    const exit = await worker.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(left).toBeGreaterThan(0);
    expect(await mismatches(t.db, themeId)).not.toEqual([]);

    worker = await spawnWorker(env());
    await waitFor(
      'exact results after the restart',
      async () => (await dirty()) === 0 && ((await t.db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_rollup`)) as { n: number }[])[0].n === 0 && (await mismatches(t.db, themeId)).length === 0,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        explain: async () => `mismatches: ${JSON.stringify(await mismatches(t.db, themeId))}\nworker:\n${worker?.output().slice(-3000)}`,
      },
    );
    expect(await mismatches(t.db, themeId)).toEqual([]);
  }, 240_000);
});
