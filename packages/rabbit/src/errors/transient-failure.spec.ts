import { isTransientFailure } from './transient-failure';
import { NonRetryableError, PublishTimeoutError } from './rabbit.errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isTransientFailure', () => {
  it.each([
    ['PostgreSQL admin shutdown (restart, failover)', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL starting up', withCode('the database system is starting up', '57P03')],
    ['PostgreSQL connection exception class 08', withCode('connection failure', '08006')],
    ['serialization failure', withCode('could not serialize access', '40001')],
    ['deadlock', withCode('deadlock detected', '40P01')],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['node-postgres dropped connection', new Error('Connection terminated unexpectedly')],
    ['node-postgres broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['SQLite busy', withCode('database is locked', 'SQLITE_BUSY')],
    ['amqplib channel closed under a publish', new Error('Channel closed')],
    ['publisher waiting for the broker', new PublishTimeoutError('order.created', 30_000)],
  ])('%s is transient', (_label, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['a plain handler error', new Error('carrier exploded')],
    ['a non-retryable error', new NonRetryableError('customer is blocked')],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near', '42601')],
    ['a thrown string', 'boom'],
    ['nothing', undefined],
  ])('%s is the message’s own failure', (_label, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });

  it('finds the cause in the chain, in an AggregateError, and in an object from another realm', () => {
    expect(isTransientFailure(new Error('migration failed', { cause: withCode('refused', 'ECONNREFUSED') }))).toBe(true);
    expect(isTransientFailure(new AggregateError([new Error('x'), withCode('refused', 'ECONNREFUSED')]))).toBe(true);
    // better-sqlite3's SqliteError under Jest is not an `instanceof Error` of the test realm.
    expect(isTransientFailure({ name: 'SqliteError', message: 'database is locked', code: 'SQLITE_BUSY' })).toBe(true);
  });

  it('lets a service extend or override the classification', () => {
    const gatewayBusy = new Error('gateway busy');
    expect(isTransientFailure(gatewayBusy)).toBe(false);
    expect(isTransientFailure(gatewayBusy, (e) => ((e as Error).message === 'gateway busy' ? true : undefined))).toBe(true);
    const refused = withCode('refused', 'ECONNREFUSED');
    expect(isTransientFailure(refused, () => false)).toBe(false);
    expect(isTransientFailure(refused, () => undefined)).toBe(true);
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isTransientFailure(a)).toBe(false);
  });
});
