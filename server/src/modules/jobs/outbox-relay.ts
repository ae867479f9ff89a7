import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JobProducer, JobRequest } from './job-producer';
import { JOBS_CONFIG, JobsConfig } from './jobs-config';
import { PeriodicTask } from './periodic-task';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * Turns a topic's outbox rows into jobs. It runs inside the relay's transaction (`manager`), so any
 * row it writes (a dirty mark, a delivery) commits with the deletion of the outbox rows, or not at all.
 */
export type OutboxConsumer = (rows: OutboxRow[], manager: EntityManager) => Promise<JobRequest[]>;

/**
 * The outbox relay. In one transaction: lock a batch of outbox rows (SKIP LOCKED, so API replicas
 * share the work), let each topic's consumers turn them into jobs, enqueue the jobs, and delete the
 * rows only once Redis accepted them. A Redis outage or a process killed at any point leaves the rows
 * in place for the next attempt; a job enqueued twice is deduplicated or idempotent.
 */
@Injectable()
export class OutboxRelay {
  private readonly consumers = new Map<string, OutboxConsumer[]>();
  private readonly task: PeriodicTask;
  private readonly sweepers: PeriodicTask[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
    @Inject(JOBS_CONFIG) private readonly config: JobsConfig,
  ) {
    this.task = new PeriodicTask('Outbox relay', () => this.relayOnce().then((count) => count >= this.config.relayBatch), config.relayIntervalMs);
  }

  consume(topic: string, consumer: OutboxConsumer): void {
    this.consumers.set(topic, [...(this.consumers.get(topic) ?? []), consumer]);
  }

  /**
   * A sweep beside the relay: finds work whose job was lost (a dirty mark, a pending delivery) and
   * enqueues it again. `sweep` answers true when it stopped at a batch limit and should run again.
   */
  sweep(name: string, sweep: () => Promise<boolean>, intervalMs = this.config.sweepIntervalMs): void {
    this.sweepers.push(new PeriodicTask(name, sweep, intervalMs));
  }

  /** Starts the relay and the sweeps (API processes and `npm start`). */
  start(): void {
    this.task.start();
    for (const sweeper of this.sweepers) sweeper.start(Math.min(1000, this.config.sweepIntervalMs));
  }

  async stop(): Promise<void> {
    await Promise.all([this.task.stop(), ...this.sweepers.map((sweeper) => sweeper.stop())]);
  }

  /** One batch; answers how many outbox rows it turned into jobs. */
  async relayOnce(): Promise<number> {
    const topics = [...this.consumers.keys()];
    if (!topics.length) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, topic, payload, created_at AS "createdAt" FROM outbox
         WHERE topic = ANY($1::text[]) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [topics, this.config.relayBatch],
      )) as OutboxRow[];
      if (!rows.length) return 0;
      const jobs: JobRequest[] = [];
      for (const topic of topics) {
        const ofTopic = rows.filter((row) => row.topic === topic);
        if (!ofTopic.length) continue;
        for (const consumer of this.consumers.get(topic)!) jobs.push(...(await consumer(ofTopic, manager)));
      }
      await this.producer.enqueueMany(jobs);
      await manager.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /** Pending outbox rows and the age of the oldest: the lag before anything reaches a queue. */
  async backlog(): Promise<{ pending: number; oldestAgeMs: number | null }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS pending, (extract(epoch FROM now() - min(created_at)) * 1000)::bigint AS "oldestAgeMs" FROM outbox`,
    )) as { pending: number; oldestAgeMs: string | null }[];
    return { pending: row.pending, oldestAgeMs: row.oldestAgeMs === null ? null : Number(row.oldestAgeMs) };
  }
}
