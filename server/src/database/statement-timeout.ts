import { AsyncLocalStorage } from 'node:async_hooks';
import { EventSubscriber, type EntitySubscriberInterface, type TransactionStartEvent } from 'typeorm';

/**
 * Every connection has a 60 s `statement_timeout` (data-source.ts): a request must not hold one
 * longer. A job may need more (a national recompute is one long statement), so a job declares its
 * own limit (`statementTimeoutMs` in the job catalog) and each transaction it opens gets it.
 */
const jobLimit = new AsyncLocalStorage<number>();

/** Runs `work` with the transactions it opens limited to `timeoutMs` (0: no limit); undefined keeps the default. */
export function withStatementTimeout<T>(timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
  return timeoutMs === undefined ? work() : jobLimit.run(timeoutMs, work);
}

/** Sets the job's limit at the start of each transaction (SET LOCAL: it ends with the transaction). */
@EventSubscriber()
export class StatementTimeoutSubscriber implements EntitySubscriberInterface {
  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const timeoutMs = jobLimit.getStore();
    if (timeoutMs !== undefined) await event.queryRunner.query(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
  }
}
