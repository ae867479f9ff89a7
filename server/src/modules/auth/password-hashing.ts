import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** Requests that may wait for a hashing slot, per slot; past that a login is refused at once. */
const WAITING_PER_SLOT = 8;
/** Seconds a refused login is asked to wait: a password check takes well under one. */
const RETRY_AFTER_SECONDS = 2;

export class PasswordHashingBusy extends DomainError {
  constructor() {
    super(503, 'RETRYABLE', 'Service busy', 'Server sedang sibuk memeriksa kata sandi. Coba lagi sebentar lagi.', undefined, { retryAfter: RETRY_AFTER_SECONDS });
  }
}

/**
 * A semaphore around argon2: each check holds tens of megabytes for tens of milliseconds, so a login
 * flood must queue (PASSWORD_HASH_CONCURRENCY at once) and, past a short queue, be answered 503 with
 * Retry-After instead of exhausting the process's memory.
 */
@Injectable()
export class PasswordHashing {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly slots: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.slots = config.passwordHashConcurrency;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.slots) this.running++;
    else if (this.waiting.length >= this.slots * WAITING_PER_SLOT) throw new PasswordHashingBusy();
    // A finishing check hands its slot straight to the next waiting one: `running` stays as it is.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
