import { loadConfig } from '../../../server/src/config/app-config';
import { BullMqBackend } from '../../../server/src/modules/jobs/bullmq-backend';
import { InProcessBackend } from '../../../server/src/modules/jobs/in-process-backend';
import type { BackendJob, JobBackend } from '../../../server/src/modules/jobs/job-backend';
import { InvalidJobPayload, JobContext } from '../../../server/src/modules/jobs/job-registry';
import { runId, TEST_REDIS_URL } from '../../support/test-database';
import { waitFor } from '../../support/wait';

/**
 * The in-process backend (single-machine mode) must behave as BullMQ does, so the same handlers are
 * right on both: every test here runs against both, on the real Redis for BullMQ.
 */
const tuning = loadConfig({ JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp', JOBS_CONCURRENCY: '2', JOBS_LOCK_DURATION_MS: '5000' }).jobs;
let backends = 0;

const BACKENDS: [string, () => JobBackend][] = [
  ['BullMQ on Redis', () => new BullMqBackend(TEST_REDIS_URL, `${runId()}:contract:${process.pid}:${++backends}`, tuning)],
  ['in-process', () => new InProcessBackend(tuning.concurrency)],
];

interface Run {
  data: unknown;
  attempt: number;
}

function job(overrides: Partial<BackendJob> = {}): BackendJob {
  return { queue: 'webhooks', name: 'webhooks.deliver', data: { deliveryId: 'a' }, delayMs: 0, attempts: 1, ...overrides };
}

/** A promise with its resolve, for a handler the test lets finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.each(BACKENDS)('job backend contract: %s', (_name, make) => {
  let backend: JobBackend;
  let runs: Run[];
  let handler: (data: unknown, context: JobContext) => Promise<void>;

  beforeEach(async () => {
    runs = [];
    handler = async () => undefined;
    backend = make();
    await backend.start(async (_jobName, data, context) => {
      runs.push({ data, attempt: context.attempt });
      await handler(data, context);
    });
  });

  afterEach(async () => {
    if (backend instanceof BullMqBackend) for (const queue of backend.queues()) await queue.obliterate({ force: true }).catch(() => undefined);
    await backend.close();
  });

  it('runs a job once with its payload, as its first attempt', async () => {
    await backend.add([job({ data: { deliveryId: 'satu' } })]);
    await waitFor('the job to run', async () => runs.length === 1);
    expect(runs).toEqual([{ data: { deliveryId: 'satu' }, attempt: 1 }]);
  });

  it('runs a job with a deduplication key once, however often it is added while it waits', async () => {
    for (let i = 0; i < 4; i++) await backend.add([job({ data: { deliveryId: `d${i}` }, deduplicationId: 'sama', delayMs: 300 })]);
    await waitFor('the job to run', async () => runs.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(runs).toEqual([{ data: { deliveryId: 'd0' }, attempt: 1 }]);
  });

  it('keeps one more run, with the latest payload, for a key added while its job runs', async () => {
    const running = gate();
    handler = async (data) => {
      if ((data as { deliveryId: string }).deliveryId === 'pertama') await running.promise;
    };
    await backend.add([job({ data: { deliveryId: 'pertama' }, deduplicationId: 'kunci' })]);
    await waitFor('the first run to start', async () => runs.length === 1);
    await backend.add([job({ data: { deliveryId: 'kedua' }, deduplicationId: 'kunci' })]);
    await backend.add([job({ data: { deliveryId: 'ketiga' }, deduplicationId: 'kunci' })]);
    running.open();
    await waitFor('the kept run', async () => runs.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(runs.map((run) => run.data)).toEqual([{ deliveryId: 'pertama' }, { deliveryId: 'ketiga' }]);
  });

  it('holds a delayed job until its delay has passed, counting it as delayed meanwhile', async () => {
    await backend.add([job({ queue: 'aggregation', name: 'aggregation.rollup', data: { themeId: 't' }, delayMs: 1500 })]);
    const counts = await backend.counts();
    expect(counts.aggregation.delayed).toBe(1);
    expect(runs).toEqual([]);
    await waitFor('the delayed job to run', async () => runs.length === 1);
    expect((await backend.counts()).aggregation.delayed).toBe(0);
  });

  it('retries a failing job with the next attempt number until it succeeds', async () => {
    handler = async (_data, context) => {
      if (context.attempt < 2) throw new Error('gagal sekali');
    };
    await backend.add([job({ attempts: 3 })]);
    await waitFor('the retry', async () => runs.length === 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs.map((run) => run.attempt)).toEqual([1, 2]);
    expect((await backend.counts()).webhooks.failed).toBe(0);
  });

  it('gives up after the job’s attempts and counts it as failed', async () => {
    handler = async () => {
      throw new Error('selalu gagal');
    };
    await backend.add([job({ attempts: 2 })]);
    await waitFor('the job to fail for good', async () => (await backend.counts()).webhooks.failed === 1, 10_000);
    expect(runs.map((run) => run.attempt)).toEqual([1, 2]);
  });

  it('never retries a job whose payload cannot be handled', async () => {
    handler = async () => {
      throw new InvalidJobPayload('webhooks.deliver', 'rusak');
    };
    await backend.add([job({ attempts: 5 })]);
    await waitFor('the job to fail', async () => (await backend.counts()).webhooks.failed === 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs.map((run) => run.attempt)).toEqual([1]);
  });

  it('keeps one scheduler per id: a second upsert replaces it, remove deletes it', async () => {
    const schedule = { queue: 'reminders' as const, id: 'reminder/t/pagi', cron: '0 8 * * *', timezone: 'Asia/Jakarta', name: 'reminders.run' as const, data: { themeId: 't', key: 'pagi' }, attempts: 1 };
    await backend.upsertScheduler(schedule);
    await backend.upsertScheduler({ ...schedule, cron: '0 9 * * *' });
    await backend.upsertScheduler({ ...schedule, id: 'reminder/t/sore', cron: '0 16 * * *' });
    expect((await backend.schedulerIds('reminders')).sort()).toEqual(['reminder/t/pagi', 'reminder/t/sore']);
    await backend.removeScheduler('reminders', 'reminder/t/pagi');
    expect(await backend.schedulerIds('reminders')).toEqual(['reminder/t/sore']);
    await backend.removeScheduler('reminders', 'reminder/t/sore');
  });

  it('runs a scheduler’s job on its cron', async () => {
    await backend.upsertScheduler({ queue: 'reminders', id: 'tiap-detik', cron: '* * * * * *', timezone: 'Asia/Jakarta', name: 'reminders.run', data: { themeId: 't', key: 'k' }, attempts: 1 });
    await waitFor('two ticks', async () => runs.length >= 2, 10_000);
    await backend.removeScheduler('reminders', 'tiap-detik');
    expect(runs[0].data).toEqual({ themeId: 't', key: 'k' });
  });

  it('waits, when closed, for the job it is running to finish', async () => {
    const running = gate();
    let finished = false;
    handler = async () => {
      await running.promise;
      finished = true;
    };
    await backend.add([job()]);
    await waitFor('the job to start', async () => runs.length === 1);
    setTimeout(running.open, 300);
    await backend.close();
    expect(finished).toBe(true);
  });
});
