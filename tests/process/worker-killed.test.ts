import { JOB_BACKEND, JobBackend } from '../../server/src/modules/jobs/job-backend';
import { KOTA_METRO } from '../support/regions';
import { publishTheme, TestApp } from '../support/test-app';
import { aggregationTheme } from '../support/themes';
import { waitFor } from '../support/wait';
import { ApiOnOwnRedis, bulkSubmissions, Child, mismatches, spawnWorker, startApiOnOwnRedis, stopChild } from './support/processes';

/** kill -9 the worker in the middle of a batch of aggregation jobs, start it again: results exact. */
describe('fault: the worker is killed with SIGKILL mid-batch', () => {
  let api: ApiOnOwnRedis;
  let t: TestApp;
  let worker: Child | null = null;
  let themeId: string;

  beforeAll(async () => {
    api = await startApiOnOwnRedis();
    t = api.t;
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    themeId = (await publishTheme(t, admin, aggregationTheme('uji-kill-worker'))).id;
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await api.close();
  });

  const env = () => api.workerEnv({ JOBS_CONCURRENCY: '2' });
  const dirty = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_cell WHERE theme_id = $1`, [themeId])) as { n: number }[])[0].n;

  it('recovers every job the killed worker held and ends exact', async () => {
    // First let a worker do the full recompute that publishing asks for, so the batch below is
    // worked through cell by cell.
    worker = await spawnWorker(env());
    await waitFor('the recompute after publishing', async () => ((await t.db.query(`SELECT 1 FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as unknown[]).length > 0, 60_000);
    worker.kill('SIGKILL');
    await worker.exited;

    await bulkSubmissions(t.db, themeId, 12_000, 90);
    const total = await waitFor('the relay to mark the cells dirty', async () => {
      const outbox = ((await t.db.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[])[0].n;
      const n = await dirty();
      return outbox === 0 && n > 500 ? n : null;
    }, 30_000);

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
