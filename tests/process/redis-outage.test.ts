import { KELURAHAN_METRO, KOTA_METRO, MULYOSARI, PURWOSARI, REJOMULYO, YOSOREJO } from '../support/regions';
import { makeSubmission, postSubmission } from '../support/submissions';
import { publishTheme, TestApp } from '../support/test-app';
import { aggregationTheme } from '../support/themes';
import { sleep, waitFor } from '../support/wait';
import { ApiOnOwnRedis, Child, mismatches, spawnWorker, startApiOnOwnRedis, stopChild } from './support/processes';

const KELURAHAN = [KELURAHAN_METRO, PURWOSARI, MULYOSARI, YOSOREJO, REJOMULYO];

/**
 * Redis is stopped for 10 s (killed: it comes back empty) while submissions keep arriving: every
 * submission answers 201, and the results are exact within seconds of Redis coming back.
 */
describe('fault: Redis is down for 10 s while submissions keep arriving', () => {
  let api: ApiOnOwnRedis;
  let t: TestApp;
  let worker: Child | null = null;
  let themeId: string;
  let admin: string;

  beforeAll(async () => {
    api = await startApiOnOwnRedis();
    t = api.t;
    admin = (await t.as('admin', KOTA_METRO)).auth;
    themeId = (await publishTheme(t, admin, aggregationTheme('uji-redis-mati'))).id;
    worker = await spawnWorker(api.workerEnv());
  }, 90_000);
  afterAll(async () => {
    await stopChild(worker);
    await api.close();
  });

  it('answers 201 to every submission and is exact soon after Redis returns', async () => {
    const statuses: number[] = [];
    let sending = true;
    let i = 0;
    const sender = (async () => {
      while (sending) {
        i++;
        const body = makeSubmission(KELURAHAN[i % KELURAHAN.length], { jumlah: i % 13, kategori: 'a' }, { period: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}` });
        const response = await postSubmission(t, admin, 'uji-redis-mati', body);
        statuses.push(response.status);
        await sleep(20);
      }
    })();

    await sleep(3000);
    await api.redis.kill();
    const down = Date.now();
    await sleep(10_000);
    const duringOutage = statuses.length;
    await api.redis.start();
    const back = Date.now();
    await sleep(2000);
    sending = false;
    await sender;

    expect(back - down).toBeGreaterThanOrEqual(10_000);
    expect(statuses.length).toBeGreaterThan(duringOutage - 1);
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(100);

    await waitFor(
      'exact results after Redis came back',
      async () => {
        const [pending] = (await t.db.query(
          `SELECT (SELECT count(*) FROM outbox)::int + (SELECT count(*) FROM aggregate_dirty_cell)::int + (SELECT count(*) FROM aggregate_dirty_rollup)::int AS n`,
        )) as { n: number }[];
        return pending.n === 0 && (await mismatches(t.db, themeId)).length === 0;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        explain: async () => `mismatches: ${JSON.stringify(await mismatches(t.db, themeId))}\nworker:\n${worker?.output().slice(-3000)}`,
      },
    );
    const exactAfter = Date.now() - back;
    // "Within seconds": the relay retries at most every 5 s, lost jobs are re-enqueued after JOBS_STALE_AFTER_MS.
    expect(exactAfter).toBeLessThan(30_000);
    const [count] = (await t.db.query(`SELECT count(*)::int AS n FROM submission WHERE theme_id = $1`, [themeId])) as { n: number }[];
    expect(count.n).toBe(statuses.length);
  }, 180_000);
});
