import type { FastifyInstance } from 'fastify';
import { BadRequest, DomainError } from './domain-error';

export const MAX_JSON_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

/**
 * Counts nesting in the raw text before parsing, so a deeply nested body is refused in linear
 * time without building it.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate; storing one would fail. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be refused
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function invalidText(): BadRequest {
  return new BadRequest('INVALID_TEXT', 'Teks berisi karakter NUL atau surrogate Unicode yang tidak sah');
}

/** Keys that pollute prototypes once the object is merged or spread somewhere downstream. */
function rejectDangerousKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new BadRequest('FORBIDDEN_KEY', `Kunci "${key}" tidak diizinkan dalam JSON`);
  }
  if (UNSTORABLE_TEXT.test(key) || (typeof value === 'string' && UNSTORABLE_TEXT.test(value))) throw invalidText();
  return value;
}

// What `rejectDangerousKeys` looks for, as it can appear in the raw text: a body without any of these
// (nearly every body) is parsed without a reviver, which costs a call per value.
const NEEDS_REVIVER = /__proto__|constructor|prototype|\\u|[\ud800-\udfff]/;

export function parseJsonBody(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new BadRequest('JSON_TOO_DEEP', `JSON bersarang lebih dari ${MAX_JSON_DEPTH} tingkat`);
  }
  try {
    return NEEDS_REVIVER.test(text) ? JSON.parse(text, rejectDangerousKeys) : JSON.parse(text);
  } catch (error) {
    if (error instanceof BadRequest) throw error;
    throw new BadRequest('MALFORMED_JSON', 'JSON tidak dapat dibaca');
  }
}

function unsupportedMediaType(detail: string): DomainError {
  return new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', detail);
}

/**
 * What is refused before routing: a percent-encoded NUL in the URL (path and query values reach SQL
 * as text, where it would fail) and a compressed body (nothing here decompresses, so it would be
 * read as garbage).
 */
export function rejectBeforeRouting(url: string, contentEncoding: string | undefined): DomainError | undefined {
  if (/%00/i.test(url)) return invalidText();
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
    return unsupportedMediaType(`Content-Encoding ${contentEncoding} tidak didukung; kirim tanpa kompresi`);
  }
  return undefined;
}

/** JSON is UTF-8 (RFC 8259); a body that declares another charset would be read wrong. */
function charsetError(contentType: string | undefined): DomainError | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1].toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8' ? undefined : unsupportedMediaType(`Charset ${charset} tidak didukung; kirim UTF-8`);
}

/** Replaces Fastify's JSON parser: size limit → 413, depth, prototype keys and NUL → 400, all problem+json. */
export function registerJsonBody(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  for (const type of ['application/json', /^application\/[\w.+-]+\+json$/]) {
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_JSON_BYTES }, (request, body, done) => {
      const refused = charsetError(request.headers['content-type']);
      if (refused) return done(refused, undefined);
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, parseJsonBody(text));
      } catch (error) {
        done(error as BadRequest, undefined);
      }
    });
  }
}
