import { Logger } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import type { BackendJob, JobBackend, JobRunner, QueueCounts, ScheduledJob } from './job-backend';
import { QUEUE_NAMES, QueueName, retryDelayMs } from './job-catalog';
import { InvalidJobPayload } from './job-registry';

/** setTimeout cannot wait longer than this; a later cron tick is re-armed when it is reached. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Waiting {
  job: BackendJob;
  since: number;
}

/**
 * Single-machine mode (no REDIS_URL): jobs run in this process with the same deduplication,
 * delays, retries and cron schedules as on BullMQ. Jobs live in memory, so a crash loses the ones not
 * yet run; what must not be lost is recovered from PostgreSQL at the next start (dirty aggregate cells,
 * pending deliveries, schedules re-synced), which is the trade-off single-machine mode accepts.
 */
export class InProcessBackend implements JobBackend {
  readonly kind = 'in-process';
  private readonly logger = new Logger('Jobs');
  private run: JobRunner | null = null;
  private closed = false;
  /** Deduplication keys of jobs that are delayed or waiting. */
  private readonly pending = new Set<string>();
  /** Keys of running jobs → the job to run once more after it (keep-last-if-active). */
  private readonly running = new Map<string, BackendJob | null>();
  private readonly ready = new Map<QueueName, Waiting[]>(QUEUE_NAMES.map((name) => [name, []]));
  private readonly delayed = new Map<NodeJS.Timeout, BackendJob>();
  private readonly activeCount = new Map<QueueName, number>(QUEUE_NAMES.map((name) => [name, 0]));
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failedCount = new Map<QueueName, number>(QUEUE_NAMES.map((name) => [name, 0]));
  private readonly sleepers = new Set<() => void>();
  private readonly schedules = new Map<string, { schedule: ScheduledJob; timer: NodeJS.Timeout | null }>();

  constructor(private readonly concurrency: number) {}

  async add(jobs: BackendJob[]): Promise<void> {
    if (this.closed) throw new Error('job backend is closed');
    for (const job of jobs) this.accept(job);
  }

  private keyOf(job: BackendJob): string | null {
    return job.deduplicationId !== undefined ? `${job.queue}:${job.deduplicationId}` : null;
  }

  private accept(job: BackendJob): void {
    const key = this.keyOf(job);
    if (key !== null) {
      if (this.pending.has(key)) return;
      if (this.running.has(key)) {
        this.running.set(key, job);
        return;
      }
      this.pending.add(key);
    }
    if (job.delayMs > 0) {
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        this.enqueueReady(job);
      }, job.delayMs);
      timer.unref();
      this.delayed.set(timer, job);
    } else {
      this.enqueueReady(job);
    }
  }

  private enqueueReady(job: BackendJob): void {
    this.ready.get(job.queue)!.push({ job, since: Date.now() });
    this.pump(job.queue);
  }

  private pump(queue: QueueName): void {
    if (!this.run || this.closed) return;
    const list = this.ready.get(queue)!;
    while (list.length && this.activeCount.get(queue)! < this.concurrency) {
      const { job } = list.shift()!;
      const key = this.keyOf(job);
      if (key !== null) {
        this.pending.delete(key);
        this.running.set(key, null);
      }
      this.activeCount.set(queue, this.activeCount.get(queue)! + 1);
      const task = this.execute(job).finally(() => {
        this.inFlight.delete(task);
        this.activeCount.set(queue, this.activeCount.get(queue)! - 1);
        if (key !== null) {
          const next = this.running.get(key) ?? null;
          this.running.delete(key);
          if (next && !this.closed) this.accept(next);
        }
        this.pump(queue);
      });
      this.inFlight.add(task);
    }
  }

  private async execute(job: BackendJob): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.run!(job.name, job.data, { attempt });
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof InvalidJobPayload || attempt >= job.attempts || this.closed) {
          this.failedCount.set(job.queue, this.failedCount.get(job.queue)! + 1);
          this.logger.warn(`${job.name} failed after ${attempt} attempt(s): ${message}`);
          return;
        }
        await this.sleep(retryDelayMs(job.name, attempt));
        // Shutting down: the retry is dropped; durable state (dirty marks, pending rows) brings it back.
        if (this.closed) return;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.add(wake);
    });
  }

  async upsertScheduler(schedule: ScheduledJob): Promise<void> {
    await this.removeScheduler(schedule.queue, schedule.id);
    const entry = { schedule, timer: null as NodeJS.Timeout | null };
    this.schedules.set(`${schedule.queue}:${schedule.id}`, entry);
    this.arm(entry);
  }

  private arm(entry: { schedule: ScheduledJob; timer: NodeJS.Timeout | null }): void {
    if (this.closed) return;
    const { schedule } = entry;
    const next = CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: new Date() }).next().toDate();
    const wait = next.getTime() - Date.now();
    entry.timer = setTimeout(
      () => {
        if (wait <= MAX_TIMER_MS) {
          this.accept({ queue: schedule.queue, name: schedule.name, data: schedule.data, delayMs: 0, attempts: schedule.attempts });
        }
        this.arm(entry);
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    entry.timer.unref();
  }

  async removeScheduler(queue: QueueName, id: string): Promise<void> {
    const entry = this.schedules.get(`${queue}:${id}`);
    if (entry?.timer) clearTimeout(entry.timer);
    this.schedules.delete(`${queue}:${id}`);
  }

  async schedulerIds(queue: QueueName): Promise<string[]> {
    return [...this.schedules.values()].filter((entry) => entry.schedule.queue === queue).map((entry) => entry.schedule.id);
  }

  async start(run: JobRunner): Promise<void> {
    this.run = run;
    for (const queue of QUEUE_NAMES) this.pump(queue);
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const now = Date.now();
    const entries = QUEUE_NAMES.map((queue): [QueueName, QueueCounts] => {
      const ready = this.ready.get(queue)!;
      return [
        queue,
        {
          waiting: ready.length,
          active: this.activeCount.get(queue)!,
          delayed: [...this.delayed.values()].filter((job) => job.queue === queue).length,
          failed: this.failedCount.get(queue)!,
          lagMs: ready.length ? now - ready[0].since : null,
        },
      ];
    });
    return Object.fromEntries(entries) as Record<QueueName, QueueCounts>;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.delayed.keys()) clearTimeout(timer);
    this.delayed.clear();
    for (const entry of this.schedules.values()) if (entry.timer) clearTimeout(entry.timer);
    this.schedules.clear();
    for (const wake of [...this.sleepers]) wake();
    await Promise.all([...this.inFlight]);
  }
}
