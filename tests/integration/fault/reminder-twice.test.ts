import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { JobProducer } from '../../../server/src/modules/jobs/job-producer';
import { createTestApp, TestApp } from '../../support/test-app';
import { startReceiver } from '../jobs/receivers';
import { Child, RedisServer, spawnWorker, startRedis, stopChild, until, useFastJobs } from './support';

/** A reminder run twice (and more, at once) for the same period notifies each recipient once. */
describe('fault: a reminder runs twice for the same period', () => {
  let redis: RedisServer;
  let t: TestApp;
  let worker: Child | null = null;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let restore: () => void;

  beforeAll(async () => {
    restore = useFastJobs();
    redis = await startRedis();
    receiver = await startReceiver();
    t = await createTestApp({ REDIS_URL: redis.url, REMINDER_WEBHOOK_URL: receiver.url });
    t.app.get(OutboxRelay).start();
  }, 60_000);
  afterAll(async () => {
    await stopChild(worker);
    await t.close();
    await redis.kill();
    await receiver.close();
    restore();
  });

  it('creates and delivers one notification per recipient', async () => {
    const admin = (await t.as('admin', '18.72')).auth;
    for (const region of ['18.72.01.1001', '18.72.01.1002', '18.72.02.1001', '18.72.03', '18.72.04.1005']) {
      for (let k = 0; k < 3; k++) await t.makeUser('kader', region);
    }
    const [{ id: themeId }] = (await t.db.query(`SELECT id FROM theme WHERE slug = 'posyandu'`)) as { id: string }[];
    const env = { DATABASE_URL: t.config.databaseUrl!, REDIS_URL: redis.url, REDIS_PREFIX: t.config.redisPrefix, JWT_SECRET: t.config.jwtSecret, REMINDER_WEBHOOK_URL: receiver.url };
    worker = await spawnWorker(env);

    // Two runs through the API, and two more straight on the queue, all for 2026-10.
    const producer = t.app.get(JobProducer);
    await Promise.all([
      t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202),
      t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202),
      producer.enqueue('reminders.run', { themeId, key: 'kader-awal-bulan', periodKey: '2026-10' }),
      producer.enqueue('reminders.run', { themeId, key: 'kader-awal-bulan', periodKey: '2026-10' }),
    ]);
    // 3 kaders in each of 3 kelurahan + 3 at kecamatan 18.72.03 + 3 in 18.72.04.1005: 15 recipients.
    await until('15 notifications', async () => ((await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE reminder_key = 'kader-awal-bulan'`)) as { n: number }[])[0].n === 15, 60_000);
    await until('15 webhook deliveries', async () => receiver.received.length >= 15, 60_000);

    // A fifth run after everything settled, with the worker restarted in between.
    worker.kill('SIGKILL');
    await worker.exited;
    worker = await spawnWorker(env);
    await t.http().post('/api/themes/posyandu/reminders/kader-awal-bulan/run').query({ period: '2026-10' }).set('Authorization', admin).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 3000));

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
