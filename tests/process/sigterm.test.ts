import { Client } from 'pg';
import { rollupLockKey } from '../../server/src/modules/aggregation/aggregation-engine.service';
import { AGGREGATION_LOCK } from '../../server/src/modules/aggregation/aggregation.repository';
import { KELURAHAN_METRO, KOTA_METRO } from '../support/regions';
import { submit } from '../support/submissions';
import { publishTheme, TestApp } from '../support/test-app';
import { aggregationTheme } from '../support/themes';
import { sleep, waitFor } from '../support/wait';
import { ApiOnOwnRedis, Child, mismatches, spawnWorker, startApiOnOwnRedis, stopChild } from './support/processes';

/** SIGTERM during a job: the job completes, then the worker exits 0. */
describe('fault: the worker gets SIGTERM while a job runs', () => {
  let api: ApiOnOwnRedis;
  let t: TestApp;
  let worker: Child | null = null;
  let holder: Client;

  beforeAll(async () => {
    api = await startApiOnOwnRedis();
    t = api.t;
    holder = new Client({ connectionString: t.config.databaseUrl! });
    await holder.connect();
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await holder.end();
    await api.close();
  });

  it('finishes the running recompute and exits with status 0', async () => {
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    const themeId = (await publishTheme(t, admin, aggregationTheme('uji-sigterm'))).id;
    for (let i = 0; i < 10; i++) await submit(t, admin, 'uji-sigterm', KELURAHAN_METRO, '2026-11-02', { jumlah: i, kategori: 'a' });
    worker = await spawnWorker(api.workerEnv());
    await waitFor('the first results', async () => (await t.db.query(`SELECT 1 FROM aggregate_theme WHERE theme_id = $1`, [themeId]) as unknown[]).length > 0 && (await mismatches(t.db, themeId)).length === 0, 60_000);
    const before = ((await t.db.query(`SELECT recomputed_at FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as { recomputed_at: Date }[])[0].recomputed_at;

    // Hold the theme's roll-up lock: the recompute job starts and then waits inside its transaction.
    await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [AGGREGATION_LOCK, rollupLockKey(themeId)]);
    await t.http().post('/api/themes/uji-sigterm/aggregates/recompute').set('Authorization', admin).expect(202);
    await waitFor('the recompute job to be running', async () => {
      const waiting = (await t.db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1`, [AGGREGATION_LOCK])) as unknown[];
      return waiting.length > 0;
    }, 30_000);

    worker.kill('SIGTERM');
    await sleep(1500);
    expect(worker.process.exitCode).toBeNull(); // still finishing the job
    await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [AGGREGATION_LOCK, rollupLockKey(themeId)]);

    const exit = await Promise.race([worker.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
    if (!exit) throw new Error(`the worker did not exit after SIGTERM:\n${worker.output().slice(-3000)}`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(worker.output()).toMatch(/SIGTERM: finishing running jobs/);
    const after = ((await t.db.query(`SELECT recomputed_at FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as { recomputed_at: Date }[])[0].recomputed_at;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    expect(await mismatches(t.db, themeId)).toEqual([]);
  }, 120_000);
});
