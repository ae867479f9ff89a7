import type { JSONSchemaType } from 'ajv';
import { PERIOD_KEY_SCHEMA, REGION_CODE_SCHEMA, UUID_SCHEMA } from './job-catalog';

/**
 * Every outbox topic there is, with its payload: a row is written with the change it announces, in
 * the same transaction, and the relay turns it into jobs (see outbox-relay.ts). Writers can only
 * write a topic and payload listed here; the relay checks each row against its schema before a
 * consumer sees it, so consumers read typed payloads.
 */
export interface OutboxPayloads {
  /** A submission was stored, revised or reviewed: its base cell is out of date. */
  'submission.changed': { themeId: string; regionCode: string; periodKey: string; submissionId: string };
  /** A theme version was published: its aggregations and reminders may have changed. */
  'theme.published': { themeId: string; version: number };
  /** A roll-up or full recompute changed a theme's aggregates (`changes` names at most 100 periods). */
  'aggregate.changed': { themeId: string; full: boolean; changes: { granularity: string; periodKey: string }[] };
  /** A roll-up of a theme with alert rules changed these base cells (at most 500 per row): the rules look again. */
  'aggregate.cells-changed': { themeId: string; cells: { regionCode: string; periodKey: string }[] };
}

export type OutboxTopic = keyof OutboxPayloads;

export const OUTBOX_CATALOG: { readonly [T in OutboxTopic]: JSONSchemaType<OutboxPayloads[T]> } = {
  'submission.changed': {
    type: 'object',
    properties: { themeId: UUID_SCHEMA, regionCode: REGION_CODE_SCHEMA, periodKey: PERIOD_KEY_SCHEMA, submissionId: UUID_SCHEMA },
    required: ['themeId', 'regionCode', 'periodKey', 'submissionId'],
    additionalProperties: false,
  },
  'theme.published': {
    type: 'object',
    properties: { themeId: UUID_SCHEMA, version: { type: 'integer', minimum: 1 } },
    required: ['themeId', 'version'],
    additionalProperties: false,
  },
  'aggregate.changed': {
    type: 'object',
    properties: {
      themeId: UUID_SCHEMA,
      full: { type: 'boolean' },
      changes: {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          properties: { granularity: { type: 'string', maxLength: 16 }, periodKey: PERIOD_KEY_SCHEMA },
          required: ['granularity', 'periodKey'],
          additionalProperties: false,
        },
      },
    },
    required: ['themeId', 'full', 'changes'],
    additionalProperties: false,
  },
  'aggregate.cells-changed': {
    type: 'object',
    properties: {
      themeId: UUID_SCHEMA,
      cells: {
        type: 'array',
        minItems: 1,
        maxItems: 500,
        items: {
          type: 'object',
          properties: { regionCode: REGION_CODE_SCHEMA, periodKey: PERIOD_KEY_SCHEMA },
          required: ['regionCode', 'periodKey'],
          additionalProperties: false,
        },
      },
    },
    required: ['themeId', 'cells'],
    additionalProperties: false,
  },
};

export const OUTBOX_TOPICS = Object.keys(OUTBOX_CATALOG) as OutboxTopic[];
