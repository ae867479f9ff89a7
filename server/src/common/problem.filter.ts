import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError } from './domain-error';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Fastify's own errors (body too large, unsupported type, multipart limits) carry a status; Nest
 * hands the ones raised before routing to the filters as HttpExceptions with Fastify's English text.
 */
interface LibraryError {
  status?: number;
  statusCode?: number;
  code?: string;
  message?: string;
}

function fromLibraryError(error: LibraryError): Problem | null {
  const status = error.status ?? error.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  return bodyProblem(status) ?? problem(status, STATUS_CODES[status] ?? 'BAD_REQUEST', 'Bad request', error.message ?? 'Permintaan tidak valid');
}

function bodyProblem(status: number): Problem | null {
  if (status === 413) return problem(413, 'PAYLOAD_TOO_LARGE', 'Payload too large', 'Isi permintaan terlalu besar');
  if (status === 415) return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'Jenis isi tidak didukung; kirim application/json');
  return null;
}

function problem(status: number, code: string, title: string, detail: string, errors?: FieldError[]): Problem {
  const body: Problem = { type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`, title, status, detail, code };
  if (errors) body.errors = errors;
  return body;
}

/** Nest's ValidationPipe answers `{message: string[]}`; turn each into a field error. */
function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const fromBody = bodyProblem(status);
  if (fromBody) return fromBody;
  const response = exception.getResponse();
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  if (typeof response === 'object' && response !== null && 'errors' in response) {
    const { errors, message } = response as { errors: FieldError[]; message?: string };
    return problem(status, 'INVALID_REQUEST', 'Invalid request', message ?? 'Permintaan tidak valid', errors);
  }
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return problem(status, code, exception.name.replace(/Exception$/, ''), detail);
}

const logger = new Logger('ProblemFilter');

function toProblem(exception: unknown, describe: () => string): Problem {
  if (exception instanceof DomainError) {
    const body = problem(exception.status, exception.code, exception.title, exception.message, exception.errors);
    return { ...exception.extra, ...body };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  const fromLibrary = typeof exception === 'object' && exception !== null ? fromLibraryError(exception as LibraryError) : null;
  if (fromLibrary) return fromLibrary;
  logger.error(`${describe()}: ${exception instanceof Error ? exception.stack : String(exception)}`);
  return problem(500, 'INTERNAL_ERROR', 'Internal error', 'Terjadi kesalahan pada server');
}

/** Answers `exception` as problem+json (also for the few errors Fastify raises outside Nest). */
export function replyWithProblem(reply: FastifyReply, request: FastifyRequest, exception: unknown): void {
  sendProblem(reply, toProblem(exception, () => `${request.method} ${request.url}`));
}

function sendProblem(reply: FastifyReply, body: Problem): void {
  if (reply.sent) return;
  if ((body.status === 429 || body.status === 503) && typeof body.retryAfter === 'number') reply.header('Retry-After', String(body.retryAfter));
  void reply.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Every error, including Fastify's before routing (Nest passes those to the filters too). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyWithProblem(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), exception);
  }
}
