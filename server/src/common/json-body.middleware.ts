import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { BadRequest } from './domain-error';

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

export function parseJsonBody(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new BadRequest('JSON_TOO_DEEP', `JSON bersarang lebih dari ${MAX_JSON_DEPTH} tingkat`);
  }
  try {
    return JSON.parse(text, rejectDangerousKeys);
  } catch (error) {
    if (error instanceof BadRequest) throw error;
    throw new BadRequest('MALFORMED_JSON', 'JSON tidak dapat dibaca');
  }
}

const readText = express.text({ type: ['application/json', 'application/*+json'], limit: MAX_JSON_BYTES });

/** Replaces Nest's JSON parser: size limit → 413, depth, prototype keys and NUL → 400, all problem+json. */
export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  // Query and path values reach SQL as text too; a percent-encoded NUL would fail there.
  if (/%00/i.test(req.originalUrl)) return next(invalidText());
  readText(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (typeof req.body !== 'string') return next();
    if (req.body.trim() === '') {
      req.body = undefined;
      return next();
    }
    try {
      req.body = parseJsonBody(req.body);
      next();
    } catch (parseError) {
      next(parseError);
    }
  });
}
