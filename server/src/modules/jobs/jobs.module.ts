import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { BullMqBackend } from './bullmq-backend';
import { InProcessBackend } from './in-process-backend';
import { JOB_BACKEND, JobBackend } from './job-backend';
import { JobProducer } from './job-producer';
import { JobRegistry } from './job-registry';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';

/** What this process does with jobs. */
export interface JobsOptions {
  /** Runs job handlers here (the worker, `npm start`, single-machine mode). */
  processors: boolean;
  /** Runs the outbox relay and its sweeps here (`npm start`, `npm run start:api`). */
  relay: boolean;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

/**
 * Startup and shutdown of the job machinery: the registry is checked before anything runs (a job
 * without a handler stops the start); on shutdown the relay stops first, then the backend waits for
 * the running jobs to finish.
 */
@Injectable()
class JobsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
    private readonly registry: JobRegistry,
    @Inject(JOB_BACKEND) private readonly backend: JobBackend,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.registry.check();
    if (this.options.processors) await this.backend.start((name, data, context) => this.registry.run(name, data, context));
    if (this.options.relay) this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    new Logger('Jobs').log('Stopping the outbox relay and the job processors');
    await this.relay.stop();
    await this.backend.close();
  }
}

/**
 * Jobs for every domain: the catalog and registry, the producer, the backend (BullMQ when REDIS_URL
 * is set, in-process otherwise) and the outbox relay. What runs here is the caller's choice: the
 * entry points say so (main.ts, worker.ts); an API built without options (tests) only enqueues.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig, options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOBS_OPTIONS, useValue: options },
        { provide: JobRegistry, useFactory: () => new JobRegistry() },
        {
          provide: JOB_BACKEND,
          useFactory: (): JobBackend =>
            config.redisUrl ? new BullMqBackend(config.redisUrl, config.redisPrefix, config.jobs) : new InProcessBackend(config.jobs.concurrency),
        },
        JobProducer,
        OutboxRepository,
        OutboxRelay,
        JobsLifecycle,
      ],
      exports: [JOBS_OPTIONS, JobRegistry, JOB_BACKEND, JobProducer, OutboxRelay],
    };
  }
}
