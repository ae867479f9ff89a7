import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/** Smaller answers gain nothing from compression. */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json)|text\/javascript)\b/;

function acceptedEncoding(request: FastifyRequest): 'br' | 'gzip' | null {
  const accepted = new Set(
    String(request.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([name]) => name),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function compressible(request: FastifyRequest, reply: FastifyReply, payload: unknown): payload is string | Buffer {
  if (request.method !== 'GET' || reply.statusCode !== 200 || reply.getHeader('content-encoding')) return false;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  return Buffer.byteLength(payload) >= MIN_BYTES && COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''));
}

/**
 * GET answers of JSON or JavaScript (a theme version of 200 fields, its precompiled validator, long
 * lists) travel compressed to a client that accepts it: on a phone's 400 kbps link the validator
 * module alone is 2 s uncompressed and a tenth of that compressed. Brotli at a fast quality, so the
 * API spends little CPU per answer; streams (file downloads) are left as they are.
 */
export function registerAnswerCompression(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!compressible(request, reply, payload)) return done(null, payload);
    const encoding = acceptedEncoding(request);
    reply.header('vary', 'accept-encoding');
    if (!encoding) return done(null, payload);
    const body = encoding === 'br' ? brotliCompressSync(payload, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(payload, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    done(null, body);
  });
}
