import { JOB_BACKEND, JobBackend } from '../../../server/src/modules/jobs/job-backend';
import { JobRegistry } from '../../../server/src/modules/jobs/job-registry';
import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { submit } from '../../support/submissions';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

/**
 * No REDIS_URL: the same handlers run in-process (what `npm start` does without Redis). The test app
 * is built bare, so the test starts the processors and the relay as main.ts would.
 */
describe('single-machine mode (no Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ REDIS_URL: '' });
    const registry = t.app.get(JobRegistry);
    await t.app.get<JobBackend>(JOB_BACKEND).start((name, data, context) => registry.run(name, data, context));
    t.app.get(OutboxRelay).start();
  });
  afterAll(() => t.close());

  it('aggregates in-process and reports Redis as not in use', async () => {
    expect(t.config.redisUrl).toBeNull();
    expect(t.app.get<JobBackend>(JOB_BACKEND).kind).toBe('in-process');
    const admin = (await t.as('admin', '18.72')).auth;
    await publishTheme(t, admin, aggregationTheme('uji-satu-mesin'));
    for (let i = 1; i <= 4; i++) await submit(t, admin, 'uji-satu-mesin', `18.72.0${i}.1001`, '2026-11-02', { jumlah: i * 10, kategori: 'a' });
    const total = await waitFor('the kota total', async () => {
      const response = await t.http().get('/api/themes/uji-satu-mesin/aggregates').query({ level: 'kota', measure: 'jumlah' }).set('Authorization', admin);
      const value = (response.body.items as { value: number }[])[0]?.value;
      return value === 100 ? value : null;
    });
    expect(total).toBe(100);
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body.checks.redis).toBe('not_in_use');
    expect(health.body.queues.aggregation).toEqual(expect.objectContaining({ waiting: expect.any(Number), lagMs: null }));
  });
});
