import { KOTA_METRO } from '../support/regions';
import { startReceiver } from '../support/receivers';
import { publishTheme, TestApp } from '../support/test-app';
import { aggregationTheme } from '../support/themes';
import { waitFor } from '../support/wait';
import { ApiOnOwnRedis, bulkSubmissions, Child, spawnWorker, startApiOnOwnRedis, stopChild } from './support/processes';

/** kill -9 the worker while it evaluates alert rules, start it again: no alert or notification twice. */
describe('fault: the worker is killed with SIGKILL while alerts are evaluated', () => {
  let api: ApiOnOwnRedis;
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: Child | null = null;
  let themeId: string;

  const count = async (sql: string, params: unknown[] = [themeId]): Promise<number> => ((await t.db.query(sql, params)) as { n: number }[])[0].n;

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startApiOnOwnRedis({ REMINDER_WEBHOOK_URL: receiver.url });
    t = api.t;
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    // About 6 submissions a day per kelurahan (6,000 over 45 days) with `jumlah` ~48 each: 7-day sums near 2000, so
    // windows cross 2100 and fall back again many times.
    const theme = aggregationTheme('uji-kill-alerts', (d) => {
      d.alerts = [{ key: 'jumlah-7-hari', title: 'Jumlah 7 hari', measure: 'jumlah', level: 'kelurahan', op: 'gte', threshold: 2100, window: 'P7D', audience: 'admin' }];
    });
    themeId = (await publishTheme(t, admin, theme)).id;
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await api.close();
    await receiver.close();
  });

  const env = () => api.workerEnv({ JOBS_CONCURRENCY: '2', REMINDER_WEBHOOK_URL: receiver.url });

  it('ends with each alert once, each person told once per alert, every delivery sent', async () => {
    worker = await spawnWorker(env());
    await waitFor('the recompute after publishing', async () => ((await t.db.query(`SELECT 1 FROM aggregate_theme WHERE theme_id = $1`, [themeId])) as unknown[]).length > 0, 60_000);
    await bulkSubmissions(t.db, themeId, 6_000, 45);
    // Kill it once some alerts were opened and more cells are still to be evaluated.
    await waitFor(
      'alerts under way',
      async () =>
        (await count(`SELECT count(*)::int AS n FROM alert WHERE theme_id = $1`)) > 0 &&
        (await count(`SELECT (SELECT count(*) FROM alert_dirty_cell WHERE theme_id = $1) + (SELECT count(*) FROM aggregate_dirty_cell WHERE theme_id = $1) + (SELECT count(*) FROM outbox)::int AS n`)) > 0,
      { timeoutMs: 90_000, intervalMs: 20, explain: async () => `worker:\n${worker?.output().slice(-1500)}` },
    );
    worker.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');

    worker = await spawnWorker(env());
    await waitFor(
      'every cell, rule and delivery done after the restart',
      async () =>
        (await count(
          `SELECT ((SELECT count(*) FROM outbox) + (SELECT count(*) FROM aggregate_dirty_cell) + (SELECT count(*) FROM aggregate_dirty_rollup)
                 + (SELECT count(*) FROM alert_dirty_cell) + (SELECT count(*) FROM notification_delivery WHERE status <> 'sent'))::int AS n`,
          [],
        )) === 0,
      { timeoutMs: 240_000, intervalMs: 250, explain: async () => `worker:\n${worker?.output().slice(-3000)}` },
    );

    const alerts = await count(`SELECT count(*)::int AS n FROM alert WHERE theme_id = $1`);
    expect(alerts).toBeGreaterThan(0);
    // The windows ending after the last report day hold nothing: every alert has closed again.
    expect(await count(`SELECT count(*)::int AS n FROM alert WHERE theme_id = $1 AND closed_at IS NULL`)).toBe(0);
    // One admin above every kelurahan: one notification per alert, each delivered.
    const notified = (await t.db.query(`SELECT n.id FROM notification n WHERE n.kind = 'alert' AND n.theme_id = $1`, [themeId])) as { id: string }[];
    expect(notified).toHaveLength(alerts);
    const delivered = new Set(receiver.received.filter((call) => call.status === 200).map((call) => String(call.headers['idempotency-key'])));
    expect([...delivered].sort()).toEqual(notified.map((row) => row.id).sort());
  }, 420_000);
});
