import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../../../schemas/validator';
import { withStatementTimeout } from '../../database/statement-timeout';
import { JOB_CATALOG, JOB_NAMES, JobDefinition, JobName, JobPayloads } from './job-catalog';

export interface JobContext {
  /** 1 on the first attempt. */
  attempt: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<void>;

/** The registry does not match the catalog; the process must not start. */
export class JobRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobRegistryError';
  }
}

/** A payload that does not match its job's schema: retrying cannot help. */
export class InvalidJobPayload extends Error {
  constructor(name: string, problems: string) {
    super(`Invalid payload for job ${name}: ${problems}`);
    this.name = 'InvalidJobPayload';
  }
}

type AnyHandler = (payload: never, context: JobContext) => Promise<void>;

/**
 * Binds each job of the catalog to exactly one handler. Handlers register when their domain's
 * processor is created; `check()` at startup refuses a job without a handler.
 */
export class JobRegistry {
  private readonly handlers = new Map<JobName, AnyHandler>();
  private readonly validators = new Map<JobName, ValidateFunction>();

  constructor() {
    const ajv = createAjv();
    for (const name of JOB_NAMES) {
      const definition: JobDefinition<unknown> = JOB_CATALOG[name] as JobDefinition<unknown>;
      this.validators.set(name, ajv.compile(definition.schema));
    }
  }

  handle<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (!Object.hasOwn(JOB_CATALOG, name)) throw new JobRegistryError(`Job ${String(name)} is not in the catalog`);
    if (this.handlers.has(name)) throw new JobRegistryError(`Job ${name} has two handlers`);
    this.handlers.set(name, handler as AnyHandler);
  }

  /** Every job of the catalog has its handler. */
  check(): void {
    const missing = JOB_NAMES.filter((name) => !this.handlers.has(name));
    if (missing.length) throw new JobRegistryError(`Jobs without a handler: ${missing.join(', ')}`);
  }

  isJobName(name: string): name is JobName {
    return Object.hasOwn(JOB_CATALOG, name);
  }

  /** Throws `InvalidJobPayload` unless `payload` matches the job's schema. */
  validate<N extends JobName>(name: N, payload: unknown): asserts payload is JobPayloads[N] {
    const validate = this.validators.get(name);
    if (!validate) throw new JobRegistryError(`Job ${String(name)} is not in the catalog`);
    if (!validate(payload)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.keyword} ${JSON.stringify(error.params)}`).join('; ');
      throw new InvalidJobPayload(name, problems);
    }
  }

  /** Validates and runs; an unknown name or a bad payload is an `InvalidJobPayload` (not retried). */
  async run(name: string, payload: unknown, context: JobContext): Promise<void> {
    if (!this.isJobName(name)) throw new InvalidJobPayload(name, 'no such job');
    this.validate(name, payload);
    const handler = this.handlers.get(name);
    if (!handler) throw new JobRegistryError(`Job ${name} has no handler in this process`);
    const timeoutMs = (JOB_CATALOG[name] as JobDefinition<unknown>).statementTimeoutMs;
    await withStatementTimeout(timeoutMs, () => (handler as (payload: unknown, context: JobContext) => Promise<void>)(payload, context));
  }
}
