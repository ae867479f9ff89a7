import type { INestApplicationContext } from '@nestjs/common';
import { BullMqBackend } from '../../server/src/modules/jobs/bullmq-backend';
import { JOB_BACKEND, JobBackend } from '../../server/src/modules/jobs/job-backend';
import { JobRegistry } from '../../server/src/modules/jobs/job-registry';
import { OutboxRelay } from '../../server/src/modules/jobs/outbox-relay';
import { createWorker } from '../../server/src/worker-bootstrap';
import { createTestApp, TestApp } from './test-app';
import { waitFor } from './wait';

/** Where jobs run: BullMQ on the real Redis, or in the API process (single-machine mode). */
export const JOB_BACKENDS = ['bullmq', 'in-process'] as const;
export type JobBackendKind = (typeof JOB_BACKENDS)[number];

/**
 * The whole pipeline in one test process, against the real PostgreSQL and Redis: the API (with its
 * outbox relay and sweeps started, as `npm run start:api` does) and a worker (processors only, as
 * `npm run start:worker` does), both on the test app's database and Redis prefix. With the
 * in-process backend there is no Redis and no worker: the API runs the processors, as `npm start`
 * does without REDIS_URL.
 */
export interface Pipeline {
  t: TestApp;
  worker: INestApplicationContext | null;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** Waits until the outbox, the dirty marks and the queues are empty (two checks in a row). */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPipeline(env: Record<string, string> = {}, options: { worker?: boolean; backend?: JobBackendKind } = {}): Promise<Pipeline> {
  const inProcess = options.backend === 'in-process';
  const t = await createTestApp(inProcess ? { ...env, REDIS_URL: '' } : env);
  const relay = t.app.get(OutboxRelay);
  relay.start();
  const backend = t.app.get<JobBackend>(JOB_BACKEND);
  const registry = t.app.get(JobRegistry);
  let processing = false;
  const pipeline: Pipeline = {
    t,
    worker: null,
    async startWorker() {
      if (!inProcess) pipeline.worker ??= await createWorker(t.config, t.config.databaseUrl!);
      else if (!processing) {
        processing = true;
        await backend.start((name, data, context) => registry.run(name, data, context));
      }
    },
    async stopWorker() {
      await pipeline.worker?.close();
      pipeline.worker = null;
    },
    async settle(timeoutMs = 20_000) {
      let quiet = 0;
      let pending = '';
      await waitFor(
        'the pipeline to settle',
        async () => {
          const [row] = (await t.db.query(
            `SELECT (SELECT count(*) FROM outbox)::int AS outbox,
                    (SELECT count(*) FROM aggregate_dirty_cell)::int AS cells,
                    (SELECT count(*) FROM aggregate_dirty_rollup)::int AS rollups`,
          )) as { outbox: number; cells: number; rollups: number }[];
          const counts = await backend.counts();
          // Reminder schedulers always hold their next run as a delayed job: only running work counts.
          const busy = Object.entries(counts).reduce((sum, [queue, c]) => sum + c.waiting + c.active + (queue === 'reminders' ? 0 : c.delayed), 0);
          pending = JSON.stringify({ ...row, jobs: busy });
          quiet = row.outbox + row.cells + row.rollups + busy === 0 ? quiet + 1 : 0;
          return quiet >= 2;
        },
        { timeoutMs, explain: () => `still pending: ${pending}` },
      );
    },
    async close() {
      await relay.stop();
      await pipeline.stopWorker();
      if (backend instanceof BullMqBackend) {
        for (const queue of backend.queues()) await queue.obliterate({ force: true }).catch(() => undefined);
      }
      await t.close();
    },
  };
  if (options.worker !== false) await pipeline.startWorker();
  return pipeline;
}
