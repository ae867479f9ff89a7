import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../../server/src/database/database-unavailable';

/** Which database failures answer 503 RETRYABLE (send it again later) rather than a 500 or a refusal. */
describe('a database failure a phone may retry', () => {
  const sqlError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

  it.each([
    ['a terminated session (pg_terminate_backend)', sqlError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up', sqlError('57P03', 'the database system is starting up')],
    ['a connection exception', sqlError('08006')],
    ['too many connections', sqlError('53300')],
    ['a refused connection', sqlError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a socket gone under a client', new Error('Connection terminated unexpectedly')],
    ['a client left broken', new Error('Client has encountered a connection error and is not queryable')],
    ['the same, wrapped by TypeORM', new QueryFailedError('SELECT 1', [], sqlError('57P01', 'terminating connection due to administrator command'))],
  ])('%s is retryable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], sqlError('23505', 'duplicate key value'))],
    ['a statement timeout', sqlError('57014', 'canceling statement due to statement timeout')],
    ['a syntax error', sqlError('42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error at all', 'text'],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
