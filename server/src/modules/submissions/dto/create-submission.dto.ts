import { UUID_PATTERN } from '../../../common/uuid';

// Ids use `UUID_PATTERN`, not ajv-formats' `uuid`: that also takes a `urn:uuid:` prefix, which PostgreSQL refuses.

/** The body of `POST /api/themes/:slug/submissions`; validated by `JsonSchemaBodyPipe` and shown in OpenAPI. */
export const CREATE_SUBMISSION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'regionCode', 'data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID_PATTERN, description: 'UUID made by the client; a retry with the same id is recognised' },
    regionCode: { type: 'string', pattern: '^\\d+(\\.\\d+)*$', maxLength: 64, examples: ['18.72.05.1001'] },
    period: { type: 'string', maxLength: 16, description: 'period key in WIB; the current period when absent', examples: ['2026-11-28'] },
    version: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'theme version; the latest published when absent' },
    data: { type: 'object', description: 'the submission, valid against the theme version' },
    replaces: { type: 'string', pattern: UUID_PATTERN, description: 'record themes: the submission this one revises' },
    test: { type: 'boolean', description: 'a test fill of the draft (admins); never counted in results' },
    filledAt: {
      type: 'string',
      format: 'date-time',
      description: 'when it was filled on the device; trusted only within the period and never after the server received it',
    },
  },
} as const;

export interface CreateSubmissionDto {
  id: string;
  regionCode: string;
  period?: string;
  version?: number;
  data: Record<string, unknown>;
  replaces?: string;
  test?: boolean;
  filledAt?: string;
}
