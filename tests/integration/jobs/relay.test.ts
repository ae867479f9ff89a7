import { BullMqBackend } from '../../../server/src/modules/jobs/bullmq-backend';
import { JOB_BACKEND } from '../../../server/src/modules/jobs/job-backend';
import { OutboxRelay } from '../../../server/src/modules/jobs/outbox-relay';
import { Pipeline, startPipeline } from '../../support/pipeline';
import { submit } from '../../support/submissions';
import { createTestApp, publishTheme, TestApp } from '../../support/test-app';
import { aggregationTheme } from '../../support/themes';
import { waitFor } from '../../support/wait';

describe('outbox relay', () => {
  describe('with Redis up (no worker running)', () => {
    let p: Pipeline;
    let admin: string;

    beforeAll(async () => {
      p = await startPipeline({}, { worker: false });
      admin = (await p.t.as('admin', '18.72')).auth;
      await publishTheme(p.t, admin, aggregationTheme('uji-relay'));
    });
    afterAll(() => p.close());

    it('turns outbox rows into one debounced job per (theme, region, period) and deletes the rows', async () => {
      for (let i = 0; i < 8; i++) await submit(p.t, admin, 'uji-relay', '18.72.01.1001', '2026-11-02', { jumlah: i, kategori: 'a' });
      for (let i = 0; i < 3; i++) await submit(p.t, admin, 'uji-relay', '18.72.01.1002', '2026-11-02', { jumlah: i, kategori: 'b' });
      await waitFor('the outbox to drain', async () => ((await p.t.db.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[])[0].n === 0);
      const dirty = (await p.t.db.query(`SELECT region_code FROM aggregate_dirty_cell ORDER BY region_code`)) as { region_code: string }[];
      expect(dirty.map((row) => row.region_code)).toEqual(['18.72.01.1001', '18.72.01.1002']);
      const queue = (p.t.app.get(JOB_BACKEND) as BullMqBackend).queue('aggregation');
      const jobs = await queue.getJobs(['delayed', 'waiting']);
      const refreshes = jobs.filter((job) => job.name === 'aggregation.refresh').map((job) => (job.data as { regionCode: string }).regionCode).sort();
      expect(refreshes).toEqual(['18.72.01.1001', '18.72.01.1002']);
      expect(jobs.find((job) => job.name === 'aggregation.refresh')!.opts.delay).toBeGreaterThan(0);
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Nothing listens on port 1: every enqueue fails at once.
      t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    });
    afterAll(() => t.close());

    it('keeps accepting submissions and keeps every outbox row until Redis accepts the job', async () => {
      const admin = (await t.as('admin', '18.72')).auth;
      await publishTheme(t, admin, aggregationTheme('uji-relay-mati'));
      const started = Date.now();
      for (let i = 0; i < 5; i++) await submit(t, admin, 'uji-relay-mati', '18.72.01.1001', '2026-11-02', { jumlah: i, kategori: 'a' });
      expect(Date.now() - started).toBeLessThan(5000);
      const before = ((await t.db.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[])[0].n;
      expect(before).toBeGreaterThanOrEqual(5);
      await expect(t.app.get(OutboxRelay).relayOnce()).rejects.toThrow();
      expect(((await t.db.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[])[0].n).toBe(before);
      // Nothing half-done either: no dirty mark without its job.
      expect(((await t.db.query(`SELECT count(*)::int AS n FROM aggregate_dirty_cell`)) as { n: number }[])[0].n).toBe(0);
      const health = await t.http().get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.down).toContain('redis');
    });
  });
});
