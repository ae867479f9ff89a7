import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { checkOutboundUrl, OutboundPolicy, OutboundUrlRefused, parseAllowHosts } from '../common/outbound-address';

/** Everything the process reads from its environment, parsed and checked once at boot. */
export interface AppConfig {
  /** `null` → an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  /** `null` → single-machine mode: processors run in-process, no Redis. */
  redisUrl: string | null;
  /** Prefix of every Redis key, so test runs and tenants never collide. */
  redisPrefix: string;
  host: string;
  port: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  dataDir: string;
  embeddedPostgresPort: number;
  seedDemo: boolean;
  demoPassword: string | null;
  smtpUrl: string | null;
  reminderWebhookUrl: string | null;
  /** Where the built client lives; served at `/` when it exists. */
  clientDir: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /**
   * Fastify's `trustProxy` (hop count, `loopback`, a subnet list): behind a load balancer the client
   * address, and so per-address login throttling, comes from X-Forwarded-For. `false` by default.
   */
  trustProxy: string | number | false;
  /** NODE_ENV=production: settings that are a choice in development must be made explicitly. */
  production: boolean;
  /** Hosts outbound requests (webhooks) may reach over http and at local addresses (OUTBOUND_ALLOW_HOSTS). */
  outbound: OutboundPolicy;
  /** Password hashes (login, password check) computed at once; more wait, and past a queue answer 503. */
  passwordHashConcurrency: number;
  /** Days login failures (LOGIN_FAILURE_RETENTION_DAYS) and notifications (NOTIFICATION_RETENTION_DAYS) are kept. */
  retention: { loginFailureDays: number; notificationDays: number };
  /** Hours an export's file is kept after it is made (EXPORT_TTL_HOURS); then it is removed. */
  exportTtlHours: number;
  /** Where uploaded files' bytes live (FILE_STORE): PostgreSQL, `DATA_DIR/files`, or an S3-compatible bucket. */
  fileStore: 'postgres' | 'local' | 's3';
  /** The bucket when FILE_STORE=s3, else `null`. */
  s3: S3Settings | null;
  jobs: JobsTuning;
}

/** An S3-compatible bucket (AWS S3, MinIO, Garage…) holding uploaded files (S3_* settings). */
export interface S3Settings {
  /** `null` → AWS itself; else the store's URL (S3_ENDPOINT). */
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what MinIO and Garage expect. */
  forcePathStyle: boolean;
}

/**
 * Tuning of the job machinery. Defaults suit production; tests and benchmarks shorten the waits
 * (e.g. JOBS_LOCK_DURATION_MS so a killed worker's job is retried in seconds, not half a minute).
 */
export interface JobsTuning {
  /** How often the outbox relay polls when it found nothing (OUTBOX_RELAY_INTERVAL_MS). */
  relayIntervalMs: number;
  /** Outbox rows turned into jobs per relay transaction (OUTBOX_RELAY_BATCH). */
  relayBatch: number;
  /** How often the sweeps look for work whose job was lost (JOBS_SWEEP_INTERVAL_MS). */
  sweepIntervalMs: number;
  /** Dirty marks and pending deliveries older than this get their job enqueued again (JOBS_STALE_AFTER_MS). */
  staleAfterMs: number;
  /** Debounce of an aggregation refresh per (theme, region, period) (AGGREGATION_DEBOUNCE_MS). */
  debounceMs: number;
  /** BullMQ lock of a running job; a killed worker's job is retried after it (JOBS_LOCK_DURATION_MS). */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (JOBS_STALLED_INTERVAL_MS). */
  stalledIntervalMs: number;
  /** Jobs one process runs at once per queue (JOBS_CONCURRENCY). */
  concurrency: number;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/**
 * With an external database, replicas must share one secret, so it is required. In embedded
 * (single-machine) mode a random secret is kept in DATA_DIR so tokens survive a restart.
 */
function jwtSecret(env: Env, databaseUrl: string | null, dataDir: string): string {
  const raw = optional(env, 'JWT_SECRET');
  if (raw !== null) {
    if (raw.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return raw;
  }
  if (databaseUrl !== null) throw new ConfigError('JWT_SECRET', 'is required when DATABASE_URL is set');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * In production TRUST_PROXY must be set, to `false` when clients connect directly: behind a load
 * balancer without it every client would share the balancer's address, and login throttling would
 * lock everyone out together (or, with a forged X-Forwarded-For trusted, no one).
 */
function trustProxy(env: Env, production: boolean): string | number | false {
  const raw = optional(env, 'TRUST_PROXY');
  if (raw === null && production) {
    throw new ConfigError('TRUST_PROXY', 'must be set when NODE_ENV=production: the proxy hop count or addresses (e.g. 1, loopback, 10.0.0.0/8) behind a load balancer, or false when clients connect directly');
  }
  if (raw === null || /^false$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[\w.:/, -]+$/.test(raw)) throw new ConfigError('TRUST_PROXY', `must be a hop count, "loopback" or addresses, got "${raw}"`);
  return raw;
}

function outboundPolicy(env: Env): OutboundPolicy {
  const { hosts, invalid } = parseAllowHosts(optional(env, 'OUTBOUND_ALLOW_HOSTS'));
  if (invalid.length) throw new ConfigError('OUTBOUND_ALLOW_HOSTS', `must list host names or addresses, got "${invalid.join('", "')}"`);
  return { allowHosts: hosts };
}

/** The reminder webhook obeys the same rules as an admin's webhook; an address is checked again at each send. */
function outboundUrl(env: Env, name: string, policy: OutboundPolicy): string | null {
  const raw = url(env, name, ['http:', 'https:']);
  if (raw === null) return null;
  try {
    checkOutboundUrl(raw, policy);
  } catch (error) {
    if (error instanceof OutboundUrlRefused) throw new ConfigError(name, `is refused (${error.reason}): https to a public host only, or list the host in OUTBOUND_ALLOW_HOSTS`);
    throw error;
  }
  return raw;
}

function required(env: Env, name: string, why: string): string {
  const value = optional(env, name);
  if (value === null) throw new ConfigError(name, `is required ${why}`);
  return value;
}

/** Checked at start, so a missing bucket setting stops the start rather than the first upload. */
function s3Settings(env: Env, fileStore: AppConfig['fileStore']): S3Settings | null {
  if (fileStore !== 's3') return null;
  const why = 'when FILE_STORE=s3';
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  const region = optional(env, 'S3_REGION') ?? 'us-east-1';
  if (!/^[\w-]+$/.test(region)) throw new ConfigError('S3_REGION', `must be a region name such as us-east-1, got "${region}"`);
  const bucket = required(env, 'S3_BUCKET', why);
  // S3's bucket naming rules: a name that breaks them could never be reached.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError('S3_BUCKET', `must be 3 to 63 lower-case letters, digits, dots or hyphens, got "${bucket}"`);
  return {
    endpoint,
    region,
    bucket,
    accessKeyId: required(env, 'S3_ACCESS_KEY_ID', why),
    secretAccessKey: required(env, 'S3_SECRET_ACCESS_KEY', why),
    forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE', endpoint !== null),
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const dataDir = resolve(optional(env, 'DATA_DIR') ?? '.data');
  const production = optional(env, 'NODE_ENV') === 'production';
  const outbound = outboundPolicy(env);
  const fileStore = oneOf(env, 'FILE_STORE', ['postgres', 'local', 's3'] as const, 'postgres');
  return {
    databaseUrl,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: optional(env, 'REDIS_PREFIX') ?? 'wakuncar',
    host: optional(env, 'HOST') ?? '0.0.0.0',
    port: integer(env, 'PORT', 3000, 0, 65535),
    jwtSecret: jwtSecret(env, databaseUrl, dataDir),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL', 8 * 3600, 60, 7 * 24 * 3600),
    dataDir,
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemo: boolean(env, 'SEED_DEMO', true),
    demoPassword: optional(env, 'DEMO_PASSWORD'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    reminderWebhookUrl: outboundUrl(env, 'REMINDER_WEBHOOK_URL', outbound),
    clientDir: resolve(optional(env, 'CLIENT_DIR') ?? 'client/dist'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    trustProxy: trustProxy(env, production),
    production,
    outbound,
    passwordHashConcurrency: integer(env, 'PASSWORD_HASH_CONCURRENCY', 4, 1, 64),
    retention: {
      loginFailureDays: integer(env, 'LOGIN_FAILURE_RETENTION_DAYS', 30, 1, 3650),
      notificationDays: integer(env, 'NOTIFICATION_RETENTION_DAYS', 180, 1, 3650),
    },
    exportTtlHours: integer(env, 'EXPORT_TTL_HOURS', 24, 1, 24 * 30),
    fileStore,
    s3: s3Settings(env, fileStore),
    jobs: {
      relayIntervalMs: integer(env, 'OUTBOX_RELAY_INTERVAL_MS', 200, 10, 3_600_000),
      relayBatch: integer(env, 'OUTBOX_RELAY_BATCH', 1000, 1, 10_000),
      sweepIntervalMs: integer(env, 'JOBS_SWEEP_INTERVAL_MS', 5000, 100, 3_600_000),
      staleAfterMs: integer(env, 'JOBS_STALE_AFTER_MS', 10_000, 100, 86_400_000),
      debounceMs: integer(env, 'AGGREGATION_DEBOUNCE_MS', 200, 0, 60_000),
      lockDurationMs: integer(env, 'JOBS_LOCK_DURATION_MS', 30_000, 1000, 600_000),
      stalledIntervalMs: integer(env, 'JOBS_STALLED_INTERVAL_MS', 15_000, 500, 600_000),
      concurrency: integer(env, 'JOBS_CONCURRENCY', 4, 1, 64),
    },
  };
}

/** Nest injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
