/**
 * Whether an error means "PostgreSQL could not be reached or dropped the connection" rather than
 * "this statement is wrong". The first kind is the database going away (a restart, a failover, an
 * operator terminating sessions): nothing was committed by the failed statement, so the caller may
 * send the same request again once the database is back. The second kind stays a bug (500).
 */

/**
 * SQLSTATEs of a lost or refused session: class 08 (connection exception), the 57P0x shutdowns
 * (`pg_terminate_backend` answers 57P01, a server shutting down or starting up 57P01/57P03) and too
 * many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SQLSTATE_CLASSES = ['08'];

/** Socket errors on the way to the server (refused while it is down, reset while it stops). */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What node-postgres says (without a code) when the socket of a client went away or never came. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'is not queryable',
  'timeout exceeded when trying to connect',
  'terminating connection',
  'the database system is',
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM wraps the driver's error (`driverError`); a few errors carry theirs as `cause`.
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = current as ErrorLike;
    if (typeof code === 'string') {
      if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2));
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
    current = driverError ?? cause;
  }
  return false;
}
