import { openWakuncarDb } from '../../../client/src/features/offline/database';
import { Outbox, type OutboxTransport } from '../../../client/src/features/offline/outbox';

/** A transport that cannot reach the server: items stay queued. */
export const unreachable: OutboxTransport = { send: () => Promise.reject(new TypeError('offline')), upload: () => Promise.reject(new TypeError('offline')) };

let databaseNumber = 0;

/** An outbox on a database of its own, so no test sees another's queue. */
export function newOutbox(transport: OutboxTransport = unreachable): Outbox {
  databaseNumber += 1;
  const name = `outbox-${databaseNumber}`;
  return new Outbox(() => openWakuncarDb(name), transport, { lockName: name });
}
