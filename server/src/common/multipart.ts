import { BadRequest } from './domain-error';

/** Busboy's own errors (no boundary, truncated parts) carry no status: they are the client's. */
export function malformedMultipart(error: unknown): never {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) throw error;
  throw new BadRequest('MULTIPART_INVALID', 'Isi multipart/form-data tidak dapat dibaca');
}
