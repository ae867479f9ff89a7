import { randomUUID } from 'node:crypto';
import { JOB_CATALOG, JobName } from '../../../server/src/modules/jobs/job-catalog';
import { JobRegistry } from '../../../server/src/modules/jobs/job-registry';
import { createTestApp, TestApp } from '../../support/test-app';

/**
 * Requests keep the connections' 60 s statement limit; a job that declares a longer one gets it in
 * every transaction it opens, so a national recompute is not cut off at a minute.
 */
describe('statement_timeout per job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inTransaction = () => t.db.transaction(async (manager) => ((await manager.query('SHOW statement_timeout')) as { statement_timeout: string }[])[0].statement_timeout);

  /** What a transaction opened by the job's handler sees, run through the registry as a worker runs it. */
  async function seenBy(name: JobName, payload: unknown): Promise<string> {
    const registry = new JobRegistry();
    let seen = '';
    registry.handle(name, async () => {
      seen = await inTransaction();
    });
    await registry.run(name, payload, { attempt: 1 });
    return seen;
  }

  it('gives the recompute job its own, longer limit inside its transactions', async () => {
    expect(JOB_CATALOG['aggregation.recompute'].statementTimeoutMs).toBeGreaterThan(60_000);
    expect(await seenBy('aggregation.recompute', { themeId: randomUUID(), force: true })).toBe('30min');
    expect(await seenBy('aggregation.rollup', { themeId: randomUUID() })).toBe('10min');
  });

  it('leaves a job without one, and every request, at the 60 s default', async () => {
    expect(await seenBy('webhooks.deliver', { deliveryId: randomUUID() })).toBe('1min');
    expect(await inTransaction()).toBe('1min');
  });
});
