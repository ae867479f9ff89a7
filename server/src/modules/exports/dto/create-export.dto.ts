import { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from '../export.entity';

export interface CreateExportDto {
  theme: string;
  kind: ExportKind;
  format: ExportFormat;
  /** aggregates: measure, level, period, from, to, region (as the aggregates route); submissions: region, from, to, status. */
  query?: Record<string, string>;
}

/** The body of POST /api/exports, checked by the shared validator (JsonSchemaBodyPipe). */
export const CREATE_EXPORT_SCHEMA = {
  type: 'object',
  properties: {
    theme: { type: 'string', minLength: 1, maxLength: 64 },
    kind: { type: 'string', enum: [...EXPORT_KINDS] },
    format: { type: 'string', enum: [...EXPORT_FORMATS] },
    query: {
      type: 'object',
      maxProperties: 10,
      required: [],
      additionalProperties: { type: 'string', maxLength: 64 },
    },
  },
  required: ['theme', 'kind', 'format'],
  additionalProperties: false,
} as const;
