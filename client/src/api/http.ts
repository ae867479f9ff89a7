import { readSession } from '../features/auth/session';
import type { FieldProblem, ProblemBody } from './types';

/** A problem+json answer (RFC 9457) from the server, with its stable `code` and field `errors`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly retryAfterSeconds: number | null;
  /** The answer's extension members, as sent. */
  readonly extensions: Record<string, unknown>;

  constructor(problem: ProblemBody, retryAfterSeconds: number | null = null) {
    super(problem.detail || problem.title || problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfterSeconds = retryAfterSeconds ?? (typeof problem.retryAfter === 'number' ? problem.retryAfter : null);
    this.extensions = problem.extensions ?? {};
  }

  toProblem(): ProblemBody {
    return { status: this.status, code: this.code, title: this.title, detail: this.detail, errors: this.errors };
  }
}

/** No answer at all: offline, DNS failure, connection dropped. The request may be retried as is. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super(cause instanceof Error ? cause.message : 'network error');
    this.name = 'NetworkError';
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;

interface ApiSettings {
  getToken: () => string | null;
  getLanguage: () => string;
  /** Called when a request made with a token answers 401: the session is over. */
  onUnauthorized: () => void;
}

const settings: ApiSettings = {
  // The stored login, until AuthProvider configures the rest: reads sent at start-up carry it too.
  getToken: () => readSession()?.token ?? null,
  getLanguage: () => 'id',
  onUnauthorized: () => undefined,
};

export function configureApi(next: Partial<ApiSettings>): void {
  Object.assign(settings, next);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data instead of `body`. */
  form?: FormData;
  signal?: AbortSignal;
  /** Set false for the login call: a 401 there is a wrong password, not an expired session. */
  authenticated?: boolean;
  /** Extra request headers, such as `If-Match`. */
  headers?: Record<string, string>;
  /** Reads the answer's headers (an `ETag`) before the body is handed back. */
  onHeaders?: (headers: Pick<Headers, 'get'>) => void;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'code', 'errors', 'retryAfter'];

function problemFrom(status: number, body: unknown, statusText: string): ProblemBody {
  if (isObject(body) && typeof body.code === 'string') {
    const extensions = Object.fromEntries(Object.entries(body).filter(([member]) => !PROBLEM_MEMBERS.includes(member)));
    return {
      status,
      code: body.code,
      title: typeof body.title === 'string' ? body.title : statusText,
      detail: typeof body.detail === 'string' ? body.detail : '',
      type: typeof body.type === 'string' ? body.type : undefined,
      errors: Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : undefined,
      retryAfter: typeof body.retryAfter === 'number' ? body.retryAfter : undefined,
      ...(Object.keys(extensions).length > 0 && { extensions }),
    };
  }
  return { status, code: `HTTP_${status}`, title: statusText, detail: '' };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  return text;
}

// GETs sent before the code that needs them has loaded (features/fill/open-by-link/early-reads.ts),
// by path. An answer nobody took soon after is dropped rather than handed to a much later read.
const EARLY_TAKE_MS = 30_000;
const earlyGets = new Map<string, { answer: Promise<unknown>; sentAt: number }>();

function takeEarly(path: string): Promise<unknown> | undefined {
  const entry = earlyGets.get(path);
  if (!entry) return undefined;
  earlyGets.delete(path);
  return Date.now() - entry.sentAt <= EARLY_TAKE_MS ? entry.answer : undefined;
}

/**
 * Sends a GET now, before the screen that will ask for it exists; the first apiRequest for the same
 * path is answered by this one instead of asking again (later ones ask the server as usual).
 */
export function requestEarly(path: string): Promise<unknown> {
  const answer = apiRequest<unknown>(path);
  earlyGets.set(path, { answer, sentAt: Date.now() });
  // Whoever takes it handles a failure; untaken, it must not be an unhandled rejection.
  answer.catch(() => undefined);
  return answer;
}

/** One call to the Wakuncar API; resolves with the parsed JSON answer or rejects with ApiError / NetworkError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, form, signal, authenticated = true, onHeaders } = options;
  const early = method === 'GET' && authenticated ? takeEarly(path) : undefined;
  if (early) return early as Promise<T>;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': settings.getLanguage(),
    ...options.headers,
  };
  const token = authenticated ? settings.getToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError(error);
  }

  const parsed = await readBody(response).catch(() => null);
  if (!response.ok) {
    const retryAfterHeader = Number(response.headers.get('retry-after'));
    const error = new ApiError(
      problemFrom(response.status, parsed, response.statusText),
      Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : null,
    );
    if (response.status === 401 && token) settings.onUnauthorized();
    throw error;
  }
  onHeaders?.(response.headers);
  return parsed as T;
}

/** Downloads a binary answer (e.g. a stored photo) with the caller's token. */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const token = settings.getToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) {
    throw new ApiError(problemFrom(response.status, await readBody(response).catch(() => null), response.statusText));
  }
  return response.blob();
}

/** Builds `path?key=value…`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
