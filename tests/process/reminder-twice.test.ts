import { JobProducer } from '../../server/src/modules/jobs/job-producer';
import { startReceiver } from '../support/receivers';
import { BANJARSARI, HADIMULYO_TIMUR, KELURAHAN_METRO, KOTA_METRO, METRO_BARAT, TEJO_AGUNG } from '../support/regions';
import { TestApp, themeIdOf } from '../support/test-app';
import { sleep, waitFor } from '../support/wait';
import { ApiOnOwnRedis, Child, spawnWorker, startApiOnOwnRedis, stopChild } from './support/processes';

/** A reminder run twice (and more, at once) for the same period notifies each recipient once. */
describe('fault: a reminder runs twice for the same period', () => {
  let api: ApiOnOwnRedis;
  let t: TestApp;
  let worker: Child | null = null;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startApiOnOwnRedis({ REMINDER_WEBHOOK_URL: receiver.url });
    t = api.t;
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await api.close();
    await receiver.close();
  });

  it('creates and delivers one notification per recipient', async () => {
    const admin = (await t.as('admin', KOTA_METRO)).auth;
    for (const region of [KELURAHAN_METRO, HADIMULYO_TIMUR, BANJARSARI, METRO_BARAT, TEJO_AGUNG]) {
      for (let k = 0; k < 3; k++) await t.makeUser('kader', region);
    }
    const themeId = await themeIdOf(t, 'posyandu');
    const env = api.workerEnv({ REMINDER_WEBHOOK_URL: receiver.url });
    worker = await spawnWorker(env);

    // Two runs through the API, and two more straight on the queue, all for 2026-10.
    const producer = t.app.get(JobProducer);
    await Promise.all([
      t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202),
      t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202),
      producer.enqueue('reminders.run', { themeId, key: 'kader-awal-bulan', periodKey: '2026-10' }),
      producer.enqueue('reminders.run', { themeId, key: 'kader-awal-bulan', periodKey: '2026-10' }),
    ]);
    // 3 kaders in each of 4 kelurahan + 3 at the kecamatan Metro Barat: 15 recipients.
    await waitFor('15 notifications', async () => ((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE reminder_key = 'kader-awal-bulan'`)) as { n: number }[])[0].n === 15, 60_000);
    await waitFor('15 webhook deliveries', async () => receiver.received.length >= 15, 60_000);

    // A fifth run after everything settled, with the worker restarted in between.
    worker.kill('SIGKILL');
    await worker.exited;
    worker = await spawnWorker(env);
    await t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202);
    await sleep(3000);

    const perUser = (await t.db.query(
      `SELECT user_id, count(*)::int AS n FROM notification WHERE reminder_key = 'kader-awal-bulan' AND period_key = '2026-10' GROUP BY user_id`,
    )) as { user_id: string; n: number }[];
    expect(perUser).toHaveLength(15);
    expect(perUser.every((row) => row.n === 1)).toBe(true);
    const delivered = receiver.received.map((r) => (JSON.parse(r.body) as { notificationId: string }).notificationId);
    expect(new Set(delivered).size).toBe(15);
    expect(delivered).toHaveLength(15);
  }, 180_000);
});
