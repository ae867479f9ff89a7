import type { JobName, QueueName } from './job-catalog';
import type { JobContext } from './job-registry';

/** One job as the backend stores it; the producer has already validated and resolved its options. */
export interface BackendJob {
  queue: QueueName;
  name: JobName;
  data: object;
  deduplicationId?: string;
  delayMs: number;
  attempts: number;
}

/** A cron schedule that produces one job per tick (Asia/Jakarta unless said otherwise). */
export interface ScheduledJob {
  queue: QueueName;
  id: string;
  cron: string;
  timezone: string;
  name: JobName;
  data: object;
  attempts: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest job waiting to run, null when none waits. */
  lagMs: number | null;
}

export type JobRunner = (name: string, data: unknown, context: JobContext) => Promise<void>;

/**
 * Where jobs live: BullMQ on Redis, or (single-machine mode, no REDIS_URL) this process's memory.
 * The same handlers run on both.
 */
export interface JobBackend {
  readonly kind: 'bullmq' | 'in-process';
  /** Resolves once the backend accepted every job (Redis answered); rejects otherwise. */
  add(jobs: BackendJob[]): Promise<void>;
  upsertScheduler(schedule: ScheduledJob): Promise<void>;
  removeScheduler(queue: QueueName, id: string): Promise<void>;
  schedulerIds(queue: QueueName): Promise<string[]>;
  /** Starts running jobs with `run` (processor processes only). */
  start(run: JobRunner): Promise<void>;
  counts(): Promise<Record<QueueName, QueueCounts>>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/** Nest injection token of the process's backend. */
export const JOB_BACKEND = Symbol('JOB_BACKEND');
