import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Default 20 s. */
  timeoutMs?: number;
  /** Pause between two probes; default 100 ms. */
  intervalMs?: number;
  /** What the test knows about why it is still waiting (queue counts, a child's output…), added to the failure. */
  explain?: () => string | Promise<string>;
}

/**
 * The one poll of the tests: calls `probe` until it answers something truthy and returns that, or
 * fails after the timeout naming `what` it waited for, the last error the probe threw and `explain`.
 * A probe that throws is tried again: a server that is still starting is not a failure yet.
 * `options` may be just the timeout in milliseconds.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, options: WaitOptions | number = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, explain } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  let message = `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`;
  if (explain) message += `\n${await Promise.resolve().then(explain).catch((error: unknown) => `(explain failed: ${String(error)})`)}`;
  throw new Error(message);
}

/** A fixed pause, for a test that means "and nothing else happens meanwhile"; to wait for something, use waitFor. */
export { sleep };
