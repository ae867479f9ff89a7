import { UUID_PATTERN } from '../../../common/uuid';

/** The body of `POST /api/themes/:slug/draft/test-submissions`: a fill of the draft from the designer's preview. */
export const CREATE_TEST_SUBMISSION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['id', 'data'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: UUID_PATTERN, description: 'UUID made by the client; a retry with the same id is recognised' },
    data: { type: 'object', description: 'the fill, checked against the draft as a real submission is against its version' },
  },
} as const;

export interface CreateTestSubmissionDto {
  id: string;
  data: Record<string, unknown>;
}
