import type { JSONSchemaType } from 'ajv';
import type { JobsTuning } from '../../config/app-config';

/** BullMQ queues: one per domain, so a slow domain never holds up another and lag is per domain. */
export const QUEUE_NAMES = ['aggregation', 'alerts', 'reminders', 'notifications', 'webhooks', 'exports', 'imports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface AggregationRefreshPayload {
  themeId: string;
  regionCode: string;
  periodKey: string;
}

export interface ThemePayload {
  themeId: string;
}

export interface AggregationRecomputePayload {
  themeId: string;
  /** false: skip when the stored cells already match the latest version's aggregations. */
  force: boolean;
}

export interface ReminderRunPayload {
  themeId: string;
  key: string;
  /** Absent: the theme's current period (WIB) when the run starts. */
  periodKey?: string;
  /** Only recipients and regions inside this region (a run requested by a kelurahan admin); absent: all. */
  regionCode?: string;
}

export interface NotificationDeliverPayload {
  /** Up to 100 notifications delivered by one job, so a whole-country reminder is a few hundred jobs. */
  notificationIds: string[];
  channel: 'email' | 'webhook';
}

export interface WebhookDeliverPayload {
  deliveryId: string;
}

export interface ExportRunPayload {
  exportId: string;
}

export interface ImportRunPayload {
  importId: string;
}

/** Every job there is, by name. A producer can only enqueue a name and payload listed here. */
export interface JobPayloads {
  'aggregation.refresh': AggregationRefreshPayload;
  'aggregation.rollup': ThemePayload;
  'aggregation.recompute': AggregationRecomputePayload;
  'reminders.sync': ThemePayload;
  'reminders.run': ReminderRunPayload;
  'notifications.deliver': NotificationDeliverPayload;
  'webhooks.deliver': WebhookDeliverPayload;
  'exports.run': ExportRunPayload;
  'imports.run': ImportRunPayload;
  'alerts.evaluate': ThemePayload;
}

export type JobName = keyof JobPayloads;

export interface JobDefinition<P> {
  queue: QueueName;
  schema: JSONSchemaType<P>;
  /**
   * Jobs with the same key are one job: while it waits, more adds change nothing; while it runs, one
   * more run is kept for after it (BullMQ `keepLastIfActive`), so a change that arrives during a run
   * is never missed and two runs of one key never overlap.
   */
  deduplicate?: (payload: P) => string;
  /** Delay before the job may run: the debounce window of deduplicated jobs. */
  delayMs?: (tuning: JobsTuning) => number;
  attempts: number;
  /**
   * `statement_timeout` of the transactions the job opens, when the connections' 60 s does not fit
   * its work (a recompute over the whole country); 0 is no limit.
   */
  statementTimeoutMs?: number;
  /** Pause before each retry; `BACKOFF` (1 s, doubling) when absent. */
  backoff?: Backoff;
}

/** Retries wait `firstMs`, then twice as long each time, never longer than `capMs`. */
export interface Backoff {
  firstMs: number;
  capMs: number;
}

/**
 * Deliveries to someone else's server (webhooks, e-mail, the reminder webhook) outlast an outage of
 * hours: 1 s doubling to an hour, then hourly; 20 attempts span about eight hours before a delivery
 * is marked failed (and an admin can send it again).
 */
export const DELIVERY_BACKOFF: Backoff = { firstMs: 1000, capMs: 3600_000 };

/** Schema parts the job and outbox catalogues share. */
export const UUID_SCHEMA = { type: 'string', format: 'uuid' } as const;
export const REGION_CODE_SCHEMA = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 } as const;
export const PERIOD_KEY_SCHEMA = { type: 'string', pattern: '^[0-9A-Za-z-]{1,16}$' } as const;
const themeOnly: JSONSchemaType<ThemePayload> = {
  type: 'object',
  properties: { themeId: UUID_SCHEMA },
  required: ['themeId'],
  additionalProperties: false,
};

export const JOB_CATALOG: { readonly [N in JobName]: JobDefinition<JobPayloads[N]> } = {
  /** Recomputes one base cell from its submissions and its coarser periods; marks its ancestors. */
  'aggregation.refresh': {
    queue: 'aggregation',
    schema: {
      type: 'object',
      properties: {
        themeId: UUID_SCHEMA,
        regionCode: REGION_CODE_SCHEMA,
        periodKey: PERIOD_KEY_SCHEMA,
      },
      required: ['themeId', 'regionCode', 'periodKey'],
      additionalProperties: false,
    },
    deduplicate: (p) => `${p.themeId}/${p.regionCode}/${p.periodKey}`,
    delayMs: (config) => config.debounceMs,
    attempts: 10,
  },
  /** Re-adds every ancestor (region tree) of the base cells marked since the last roll-up. */
  'aggregation.rollup': {
    queue: 'aggregation',
    schema: themeOnly,
    deduplicate: (p) => `rollup/${p.themeId}`,
    delayMs: (config) => Math.min(config.debounceMs, 100),
    attempts: 10,
    // After a national import every province, kota and kecamatan is re-added at once.
    statementTimeoutMs: 10 * 60_000,
  },
  /** Recomputes every cell of a theme and replaces its results atomically. */
  'aggregation.recompute': {
    queue: 'aggregation',
    schema: {
      type: 'object',
      properties: { themeId: UUID_SCHEMA, force: { type: 'boolean' } },
      required: ['themeId', 'force'],
      additionalProperties: false,
    },
    deduplicate: (p) => `recompute/${p.themeId}`,
    attempts: 5,
    // A national theme's recompute is one transaction over every submission: minutes, not seconds.
    statementTimeoutMs: 30 * 60_000,
  },
  /** Makes the theme's reminder schedulers match its latest version. */
  'reminders.sync': {
    queue: 'reminders',
    schema: themeOnly,
    deduplicate: (p) => `sync/${p.themeId}`,
    attempts: 10,
  },
  /** One run of one reminder: find who must be reminded, notify each once. */
  'reminders.run': {
    queue: 'reminders',
    schema: {
      type: 'object',
      properties: {
        themeId: UUID_SCHEMA,
        key: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' },
        periodKey: { ...PERIOD_KEY_SCHEMA, nullable: true },
        regionCode: { ...REGION_CODE_SCHEMA, nullable: true },
      },
      required: ['themeId', 'key'],
      additionalProperties: false,
    },
    attempts: 5,
    // Finding who has not reported, over every region of the country.
    statementTimeoutMs: 5 * 60_000,
  },
  /** Delivers notifications on one channel (e-mail, reminder webhook); each one at most once. */
  'notifications.deliver': {
    queue: 'notifications',
    schema: {
      type: 'object',
      properties: {
        notificationIds: { type: 'array', items: UUID_SCHEMA, minItems: 1, maxItems: 100 },
        channel: { type: 'string', enum: ['email', 'webhook'] },
      },
      required: ['notificationIds', 'channel'],
      additionalProperties: false,
    },
    deduplicate: (p) => `notification/${p.channel}/${p.notificationIds[0]}/${p.notificationIds.length}`,
    attempts: 20,
    backoff: DELIVERY_BACKOFF,
  },
  /** POSTs one signed webhook delivery. */
  'webhooks.deliver': {
    queue: 'webhooks',
    schema: {
      type: 'object',
      properties: { deliveryId: UUID_SCHEMA },
      required: ['deliveryId'],
      additionalProperties: false,
    },
    deduplicate: (p) => `webhook/${p.deliveryId}`,
    attempts: 20,
    backoff: DELIVERY_BACKOFF,
  },
  /** Writes one export's file, streaming from PostgreSQL; on a queue of its own so a long one holds up nothing else. */
  'exports.run': {
    queue: 'exports',
    schema: {
      type: 'object',
      properties: { exportId: UUID_SCHEMA },
      required: ['exportId'],
      additionalProperties: false,
    },
    deduplicate: (p) => `export/${p.exportId}`,
    attempts: 3,
  },
  /** Reads, checks and (unless a dry run) stores one uploaded spreadsheet, all rows or none, with progress. */
  'imports.run': {
    queue: 'imports',
    schema: {
      type: 'object',
      properties: { importId: UUID_SCHEMA },
      required: ['importId'],
      additionalProperties: false,
    },
    deduplicate: (p) => `import/${p.importId}`,
    attempts: 3,
  },
  /** Checks the theme's alert rules against the cells whose aggregates changed since the last check. */
  'alerts.evaluate': {
    queue: 'alerts',
    schema: themeOnly,
    deduplicate: (p) => `alerts/${p.themeId}`,
    delayMs: (config) => Math.min(config.debounceMs, 100),
    attempts: 10,
  },
};

export const JOB_NAMES = Object.keys(JOB_CATALOG) as JobName[];

/** Retries back off exponentially from one second: 1 s, 2 s, 4 s … */
export const BACKOFF = { type: 'exponential', delay: 1000 } as const;

/** BullMQ's name for the capped backoff; the worker computes it with `retryDelayMs`. */
export const CAPPED_BACKOFF_TYPE = 'capped';

/** The pause before the retry that follows attempt `attemptsMade` (1 after the first failure). */
export function retryDelayMs(name: string, attemptsMade: number): number {
  const backoff = (JOB_CATALOG as Record<string, JobDefinition<unknown>>)[name]?.backoff ?? { firstMs: BACKOFF.delay, capMs: Number.POSITIVE_INFINITY };
  return Math.min(backoff.capMs, backoff.firstMs * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 40));
}
/** Finished jobs kept for the dashboard, bounded by count and age. */
export const REMOVE_ON_COMPLETE = { count: 1000, age: 24 * 3600 } as const;
export const REMOVE_ON_FAIL = { count: 5000, age: 7 * 24 * 3600 } as const;
