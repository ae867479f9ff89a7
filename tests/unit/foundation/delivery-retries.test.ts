import { JOB_CATALOG, retryDelayMs } from '../../../server/src/modules/jobs/job-catalog';

const HOUR = 3600_000;

describe('deliveries to other servers do not give up after two minutes', () => {
  it.each(['webhooks.deliver', 'notifications.deliver'] as const)('%s retries for hours, doubling from a second, never pausing more than an hour', (name) => {
    const pauses = Array.from({ length: JOB_CATALOG[name].attempts - 1 }, (_, index) => retryDelayMs(name, index + 1));
    expect(pauses.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...pauses)).toBe(HOUR);
    const total = pauses.reduce((sum, pause) => sum + pause, 0);
    expect(total).toBeGreaterThan(6 * HOUR);
    expect(total).toBeLessThan(24 * HOUR);
  });

  it('leaves the other jobs on their plain doubling from one second', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs('aggregation.refresh', attempt))).toEqual([1000, 2000, 4000]);
  });
});
