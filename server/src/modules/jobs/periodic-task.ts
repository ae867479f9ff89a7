import { Logger } from '@nestjs/common';

/** The longest pause after failures: an outage is retried at least this often. */
const MAX_BACKOFF_MS = 5000;

/**
 * Runs `tick` again and again, never two at once: after a tick that says "more" at once, after an
 * idle one in `intervalMs`, after a failing one with a growing pause (at most `MAX_BACKOFF_MS`), so an
 * outage is retried without flooding the log. `stop()` waits for the running tick.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private failures = 0;

  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  start(initialDelayMs = 0): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(initialDelayMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce().finally(() => (this.running = null));
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    let next = this.intervalMs;
    try {
      const more = await this.tick();
      if (this.failures > 0) this.logger.log(`${this.name} recovered after ${this.failures} failed attempt(s)`);
      this.failures = 0;
      if (more) next = 0;
    } catch (error) {
      this.failures++;
      // One line at the first failure and then every 20th, not one per retry.
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn(`${this.name} failed (${this.failures}x), retrying: ${error instanceof Error ? error.message : String(error)}`);
      }
      next = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** Math.min(this.failures, 10));
    }
    this.schedule(next);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
