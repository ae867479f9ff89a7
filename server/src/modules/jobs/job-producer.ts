import { Inject, Injectable } from '@nestjs/common';
import { JOB_BACKEND, BackendJob, JobBackend } from './job-backend';
import { JOB_CATALOG, JobDefinition, JobName, JobPayloads } from './job-catalog';
import { JobRegistry } from './job-registry';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** One job to enqueue: a name from the catalog and the payload its schema describes. */
export type JobRequest = { [N in JobName]: { name: N; payload: JobPayloads[N] } }[JobName];

/**
 * The one way to enqueue a job. The payload's type is checked when compiling and its schema when
 * running, so a payload that does not match cannot reach a queue.
 */
@Injectable()
export class JobProducer {
  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_BACKEND) private readonly backend: JobBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  enqueue<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    return this.enqueueMany([{ name, payload } as JobRequest]);
  }

  /** Resolves once the backend (Redis) accepted every job. */
  async enqueueMany(requests: JobRequest[]): Promise<void> {
    if (!requests.length) return;
    await this.backend.add(requests.map((request) => this.toBackendJob(request)));
  }

  private toBackendJob(request: JobRequest): BackendJob {
    this.registry.validate(request.name, request.payload);
    const definition = JOB_CATALOG[request.name] as JobDefinition<typeof request.payload>;
    const deduplicationId = definition.deduplicate?.(request.payload);
    return {
      queue: definition.queue,
      name: request.name,
      data: request.payload,
      delayMs: definition.delayMs?.(this.config.jobs) ?? 0,
      attempts: definition.attempts,
      ...(deduplicationId !== undefined && { deduplicationId }),
    };
  }
}
