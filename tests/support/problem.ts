import type { Response } from 'supertest';
import { DomainError } from '../../server/src/common/domain-error';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { path: string; keyword: string; message: string }[];
  [extra: string]: unknown;
}

/**
 * Asserts an RFC 9457 answer: the media type, the five members every problem carries, and the
 * status and stable `code` the contract names. Returns the body for further checks.
 */
export function expectProblem(response: Response, status: number, code?: string): ProblemBody {
  const context = `${response.status} ${response.text.slice(0, 500)}`;
  expect({ status: response.status, context }).toEqual({ status, context });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.text) as ProblemBody;
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    }),
  );
  if (code !== undefined) expect(body.code).toBe(code);
  return body;
}

/** The `code` of the DomainError `work` throws, the one its problem+json answer carries; 'accepted' when it throws none. */
export function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
}
