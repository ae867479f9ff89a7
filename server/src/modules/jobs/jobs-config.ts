import { ConfigError } from '../../config/app-config';

/**
 * Tuning of the job machinery, read from the environment once at boot. Defaults suit production;
 * tests and benchmarks shorten the waits (e.g. JOBS_LOCK_DURATION_MS so a killed worker's job is
 * retried in seconds rather than half a minute).
 */
export interface JobsConfig {
  /** How often the outbox relay polls when it found nothing (OUTBOX_RELAY_INTERVAL_MS). */
  relayIntervalMs: number;
  /** Outbox rows turned into jobs per relay transaction (OUTBOX_RELAY_BATCH). */
  relayBatch: number;
  /** How often the sweeper looks for work whose job was lost (JOBS_SWEEP_INTERVAL_MS). */
  sweepIntervalMs: number;
  /** Dirty marks older than this get their job enqueued again (JOBS_STALE_AFTER_MS). */
  staleAfterMs: number;
  /** Debounce of an aggregation refresh per (theme, region, period) (AGGREGATION_DEBOUNCE_MS). */
  debounceMs: number;
  /** BullMQ lock of a running job; a killed worker's job is retried after it (JOBS_LOCK_DURATION_MS). */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (JOBS_STALLED_INTERVAL_MS). */
  stalledIntervalMs: number;
  /** Jobs one worker process runs at once per queue (JOBS_CONCURRENCY). */
  concurrency: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function loadJobsConfig(env: Env = process.env): JobsConfig {
  return {
    relayIntervalMs: integer(env, 'OUTBOX_RELAY_INTERVAL_MS', 200, 10, 3_600_000),
    relayBatch: integer(env, 'OUTBOX_RELAY_BATCH', 1000, 1, 10_000),
    sweepIntervalMs: integer(env, 'JOBS_SWEEP_INTERVAL_MS', 5000, 100, 3_600_000),
    staleAfterMs: integer(env, 'JOBS_STALE_AFTER_MS', 10_000, 100, 86_400_000),
    debounceMs: integer(env, 'AGGREGATION_DEBOUNCE_MS', 200, 0, 60_000),
    lockDurationMs: integer(env, 'JOBS_LOCK_DURATION_MS', 30_000, 1000, 600_000),
    stalledIntervalMs: integer(env, 'JOBS_STALLED_INTERVAL_MS', 15_000, 500, 600_000),
    concurrency: integer(env, 'JOBS_CONCURRENCY', 4, 1, 64),
  };
}

/** Nest injection token for the parsed jobs configuration. */
export const JOBS_CONFIG = Symbol('JOBS_CONFIG');
