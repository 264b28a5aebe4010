import { AMQP_URL } from '../../test/support/broker';
import { waitFor } from '../testing';
import { AmqpConnection, brokerUrls, FatalSetupError } from './amqp-connection';

describe('AmqpConnection.addSetup on a live connection', () => {
  let connection: AmqpConnection;

  beforeEach(async () => {
    connection = new AmqpConnection({ url: AMQP_URL, connectionName: 'spec', initialReconnectDelayMs: 20, maxReconnectDelayMs: 100 });
    await connection.start();
    expect(connection.connected).toBe(true);
  });
  afterEach(() => connection.close());

  it('keeps a step that fails for a passing reason, to run again after the reconnect', async () => {
    // e.g. the broker closed the connection while a service was declaring its queues at start-up
    const runs: number[] = [];
    await expect(
      connection.addSetup(async () => {
        runs.push(runs.length);
        if (runs.length === 1) throw new Error('Connection closed (320 CONNECTION-FORCED)');
      }),
    ).resolves.toBeUndefined();
    expect(runs).toEqual([0]);
    // The connection drops; the loop reconnects and runs the step again.
    await connection.connection?.close();
    await waitFor(() => runs.length === 2 && connection.connected, { what: 'the step to run again after the reconnect' });
  });

  it('lets a fatal step (a topology mismatch) fail the caller', async () => {
    await expect(
      connection.addSetup(async () => {
        throw new FatalSetupError(new Error('inequivalent arg'));
      }),
    ).rejects.toBeInstanceOf(FatalSetupError);
  });
});

describe('AmqpConnection over several broker nodes', () => {
  it('splits a comma-separated AMQP_URL and refuses an empty one', () => {
    expect(brokerUrls('amqp://a:5672, amqp://b:5673,')).toEqual(['amqp://a:5672', 'amqp://b:5673']);
    expect(brokerUrls(['amqp://a'])).toEqual(['amqp://a']);
    expect(() => brokerUrls(' , ')).toThrow(/no broker URL/);
  });

  it('fails over from a node that refuses connections to the next one at once', async () => {
    // Port 1 refuses: a cluster node that is down.
    const connection = new AmqpConnection({
      url: ['amqp://guest:guest@127.0.0.1:1', AMQP_URL],
      connectionName: 'spec-failover',
      initialReconnectDelayMs: 5_000,
      maxReconnectDelayMs: 5_000,
    });
    const started = Date.now();
    try {
      await connection.start(10_000);
      expect(connection.connected).toBe(true);
      // No backoff between the nodes of one round: the second node was tried straight away.
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(connection.connectedTo).toBe(AMQP_URL.replace(/\/\/[^@/]*@/, '//'));
    } finally {
      await connection.close();
    }
  });
});
