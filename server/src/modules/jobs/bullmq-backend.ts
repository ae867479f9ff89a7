import { Logger } from '@nestjs/common';
import { JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import type { BackendJob, JobBackend, JobRunner, QueueCounts, ScheduledJob } from './job-backend';
import { BACKOFF, CAPPED_BACKOFF_TYPE, JOB_CATALOG, QUEUE_NAMES, QueueName, REMOVE_ON_COMPLETE, REMOVE_ON_FAIL, retryDelayMs } from './job-catalog';
import { InvalidJobPayload } from './job-registry';
import type { JobsTuning } from '../../config/app-config';

/** How long an enqueue may wait for Redis before the caller (the relay) gives up and retries later. */
const ENQUEUE_TIMEOUT_MS = 5000;
const CLOSE_TIMEOUT_MS = 3000;

/** Rejects (or, with `fallback`, resolves to it) when `promise` has not settled in time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reconnect forever, at most every two seconds: a Redis outage only delays work. */
function reconnectDelay(times: number): number {
  return Math.min(200 * times, 2000);
}

/**
 * BullMQ on Redis. Producers fail fast when Redis is away (the outbox keeps the work); workers use
 * `maxRetriesPerRequest: null` so their blocking reads survive an outage and resume after it.
 */
export class BullMqBackend implements JobBackend {
  readonly kind = 'bullmq';
  private readonly logger = new Logger('Jobs');
  private readonly producer: Redis;
  private readonly queuesByName = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly tuning: JobsTuning,
  ) {
    this.producer = new Redis(redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      // A frozen Redis must not hold the relay's transaction open: give up and retry later.
      commandTimeout: 5000,
      retryStrategy: reconnectDelay,
    });
    this.producer.on('error', () => undefined);
  }

  queue(name: QueueName): Queue {
    let queue = this.queuesByName.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.prefix });
      queue.on('error', (error: Error) => this.logger.debug(`queue ${name}: ${error.message}`));
      this.queuesByName.set(name, queue);
    }
    return queue;
  }

  /** Every queue, for the dashboard. */
  queues(): Queue[] {
    return QUEUE_NAMES.map((name) => this.queue(name));
  }

  async add(jobs: BackendJob[]): Promise<void> {
    const byQueue = new Map<QueueName, BackendJob[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    // BullMQ waits for the connection to be ready before it even tries, so an outage would hang the
    // caller: bound the wait. A late success after the timeout only adds a duplicate, which
    // deduplication or the handlers' idempotence absorbs.
    await within(
      Promise.all(
        [...byQueue].map(([name, list]) =>
          this.queue(name).addBulk(list.map((job) => ({ name: job.name, data: job.data, opts: this.options(job) }))),
        ),
      ),
      ENQUEUE_TIMEOUT_MS,
      'enqueue',
    );
  }

  private options(job: BackendJob): JobsOptions {
    return {
      attempts: job.attempts,
      // A capped backoff is computed by the worker (`backoffStrategy`); BullMQ's own doubles forever.
      backoff: JOB_CATALOG[job.name].backoff ? { type: CAPPED_BACKOFF_TYPE } : BACKOFF,
      removeOnComplete: REMOVE_ON_COMPLETE,
      removeOnFail: REMOVE_ON_FAIL,
      ...(job.delayMs > 0 && { delay: job.delayMs }),
      ...(job.deduplicationId !== undefined && { deduplication: { id: job.deduplicationId, keepLastIfActive: true } }),
    };
  }

  async upsertScheduler(schedule: ScheduledJob): Promise<void> {
    await within(this.queue(schedule.queue).upsertJobScheduler(
      schedule.id,
      { pattern: schedule.cron, tz: schedule.timezone },
      {
        name: schedule.name,
        data: schedule.data,
        opts: { attempts: schedule.attempts, backoff: BACKOFF, removeOnComplete: REMOVE_ON_COMPLETE, removeOnFail: REMOVE_ON_FAIL },
      },
    ), ENQUEUE_TIMEOUT_MS, 'scheduler');
  }

  async removeScheduler(queue: QueueName, id: string): Promise<void> {
    await within(this.queue(queue).removeJobScheduler(id), ENQUEUE_TIMEOUT_MS, 'scheduler');
  }

  async schedulerIds(queue: QueueName): Promise<string[]> {
    const schedulers = await within(this.queue(queue).getJobSchedulers(0, -1, true), ENQUEUE_TIMEOUT_MS, 'schedulers');
    return schedulers.map((scheduler) => scheduler.id ?? scheduler.key);
  }

  async start(run: JobRunner): Promise<void> {
    for (const name of QUEUE_NAMES) {
      const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
      connection.on('error', () => undefined);
      this.workerConnections.push(connection);
      const worker = new Worker(
        name,
        async (job) => {
          try {
            await run(job.name, job.data, { attempt: job.attemptsMade + 1 });
          } catch (error) {
            // A payload that does not match its schema fails the same way on every attempt.
            if (error instanceof InvalidJobPayload) throw new UnrecoverableError(error.message);
            throw error;
          }
        },
        {
          connection,
          prefix: this.prefix,
          concurrency: this.tuning.concurrency,
          lockDuration: this.tuning.lockDurationMs,
          stalledInterval: this.tuning.stalledIntervalMs,
          // A job interrupted by a killed worker is retried, not failed, even if that happens again.
          maxStalledCount: 10,
          settings: { backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: { name: string }) => retryDelayMs(job?.name ?? '', attemptsMade) },
        },
      );
      worker.on('error', (error: Error) => this.logger.debug(`worker ${name}: ${error.message}`));
      worker.on('failed', (job, error: Error) =>
        this.logger.warn(`${job?.name ?? name} ${job?.id ?? ''} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`),
      );
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const now = Date.now();
    const entries = await within(Promise.all(
      QUEUE_NAMES.map(async (name): Promise<[QueueName, QueueCounts]> => {
        const queue = this.queue(name);
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        const [oldest] = await queue.getJobs(['waiting'], 0, 0, true);
        return [
          name,
          {
            waiting: counts.waiting ?? 0,
            active: counts.active ?? 0,
            delayed: counts.delayed ?? 0,
            failed: counts.failed ?? 0,
            lagMs: oldest ? Math.max(0, now - oldest.timestamp) : null,
          },
        ];
      }),
    ), ENQUEUE_TIMEOUT_MS, 'queue counts');
    return Object.fromEntries(entries) as Record<QueueName, QueueCounts>;
  }

  /**
   * Workers first: `Worker.close()` waits for the jobs they are running to finish (however long they
   * take). The queues' own connections are then closed, without waiting for a Redis that is away.
   */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queuesByName.values()].map((queue) => within(queue.close(), CLOSE_TIMEOUT_MS, 'close').catch(() => undefined)));
    for (const connection of [...this.workerConnections, this.producer]) connection.disconnect();
  }
}
