import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
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

/** Errors thrown by body parsers and multer carry a status and a `type`/`code` of their own. */
interface LibraryError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
}

function fromLibraryError(error: LibraryError): Problem | null {
  const status = error.status ?? error.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (error.type === 'entity.too.large' || error.code === 'LIMIT_FILE_SIZE') {
    return problem(413, 'PAYLOAD_TOO_LARGE', 'Payload too large', 'Isi permintaan terlalu besar');
  }
  if (error.type === 'entity.parse.failed') {
    return problem(400, 'MALFORMED_JSON', 'Malformed JSON', 'JSON tidak dapat dibaca');
  }
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', error.message ?? 'Encoding tidak didukung');
  }
  return problem(status, STATUS_CODES[status] ?? 'BAD_REQUEST', 'Bad request', error.message ?? 'Permintaan tidak valid');
}

function problem(status: number, code: string, title: string, detail: string, errors?: FieldError[]): Problem {
  const body: Problem = { type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`, title, status, detail, code };
  if (errors) body.errors = errors;
  return body;
}

/** Nest's ValidationPipe answers `{message: string[]}`; turn each into a field error. */
function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
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

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toProblem(exception, request);
    if (response.headersSent) return;
    if (body.status === 429 && typeof body.retryAfter === 'number') {
      response.setHeader('Retry-After', String(body.retryAfter));
    }
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(exception: unknown, request: Request): Problem {
    if (exception instanceof DomainError) {
      const body = problem(exception.status, exception.code, exception.title, exception.message, exception.errors);
      return { ...exception.extra, ...body };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const fromLibrary = typeof exception === 'object' && exception !== null ? fromLibraryError(exception as LibraryError) : null;
    if (fromLibrary) return fromLibrary;
    this.logger.error(`${request.method} ${request.originalUrl}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    return problem(500, 'INTERNAL_ERROR', 'Internal error', 'Terjadi kesalahan pada server');
  }
}
