import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import type { EntityManager } from 'typeorm';
import { createAjv } from '../../../../schemas/validator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobProducer, JobRequest } from './job-producer';
import { OUTBOX_CATALOG, OUTBOX_TOPICS, OutboxPayloads, OutboxTopic } from './outbox-catalog';
import { OutboxRepository } from './outbox.repository';
import { PeriodicTask } from './periodic-task';

/** An outbox row whose payload matched its topic's schema. */
export interface OutboxRow<T extends OutboxTopic = OutboxTopic> {
  id: string;
  topic: T;
  payload: OutboxPayloads[T];
  createdAt: Date;
}

/**
 * Turns a topic's outbox rows into jobs. It runs inside the relay's transaction (`manager`), so any
 * row it writes (a dirty mark, a delivery) commits with the deletion of the outbox rows, or not at all.
 */
export type OutboxConsumer<T extends OutboxTopic> = (rows: OutboxRow<T>[], manager: EntityManager) => Promise<JobRequest[]>;

type AnyConsumer = (rows: OutboxRow[], manager: EntityManager) => Promise<JobRequest[]>;

/**
 * The outbox relay. In one transaction: lock a batch of outbox rows (SKIP LOCKED, so API replicas
 * share the work), let each topic's consumers turn them into jobs, enqueue the jobs, and delete the
 * rows only once the backend accepted them. A Redis outage or a process killed at any point leaves
 * the rows in place for the next attempt; a job enqueued twice is deduplicated or idempotent.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Jobs');
  private readonly consumers = new Map<OutboxTopic, AnyConsumer[]>();
  private readonly validators = new Map<OutboxTopic, ValidateFunction>();
  private readonly task: PeriodicTask;
  private readonly sweepers: PeriodicTask[] = [];

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const ajv = createAjv();
    for (const topic of OUTBOX_TOPICS) this.validators.set(topic, ajv.compile(OUTBOX_CATALOG[topic]));
    const { relayBatch, relayIntervalMs } = config.jobs;
    this.task = new PeriodicTask('Outbox relay', () => this.relayOnce().then((count) => count >= relayBatch), relayIntervalMs);
  }

  consume<T extends OutboxTopic>(topic: T, consumer: OutboxConsumer<T>): void {
    this.consumers.set(topic, [...(this.consumers.get(topic) ?? []), consumer as unknown as AnyConsumer]);
  }

  /**
   * A sweep beside the relay: finds work whose job was lost (a dirty mark, a pending delivery) and
   * enqueues it again. `sweep` answers true when it stopped at a batch limit and should run again.
   */
  sweep(name: string, sweep: () => Promise<boolean>, intervalMs = this.config.jobs.sweepIntervalMs): void {
    this.sweepers.push(new PeriodicTask(name, sweep, intervalMs));
  }

  /** Starts the relay and the sweeps (API processes and `npm start`). */
  start(): void {
    this.task.start();
    for (const sweeper of this.sweepers) sweeper.start(Math.min(1000, this.config.jobs.sweepIntervalMs));
  }

  async stop(): Promise<void> {
    await Promise.all([this.task.stop(), ...this.sweepers.map((sweeper) => sweeper.stop())]);
  }

  /** One batch; answers how many outbox rows it turned into jobs. */
  async relayOnce(): Promise<number> {
    const topics = [...this.consumers.keys()];
    if (!topics.length) return 0;
    return this.outbox.transaction(async (manager) => {
      const stored = await this.outbox.lockBatch(manager, topics, this.config.jobs.relayBatch);
      if (!stored.length) return 0;
      const jobs: JobRequest[] = [];
      for (const topic of topics) {
        const ofTopic = this.checked(topic, stored);
        if (!ofTopic.length) continue;
        for (const consumer of this.consumers.get(topic)!) jobs.push(...(await consumer(ofTopic, manager)));
      }
      await this.producer.enqueueMany(jobs);
      await this.outbox.delete(manager, stored.map((row) => row.id));
      return stored.length;
    });
  }

  /** The rows of `topic` whose payload matches its schema; one that does not can never be handled, and is dropped. */
  private checked(topic: OutboxTopic, stored: { id: string; topic: string; payload: unknown; createdAt: Date }[]): OutboxRow[] {
    const validate = this.validators.get(topic)!;
    const valid: OutboxRow[] = [];
    for (const row of stored) {
      if (row.topic !== topic) continue;
      if (validate(row.payload)) valid.push(row as OutboxRow);
      else this.logger.warn(`Outbox row ${row.id} (${topic}) dropped: its payload does not match the topic's schema`);
    }
    return valid;
  }

  /** Pending outbox rows and the age of the oldest: the lag before anything reaches a queue. */
  backlog(): Promise<{ pending: number; oldestAgeMs: number | null }> {
    return this.outbox.backlog();
  }
}
