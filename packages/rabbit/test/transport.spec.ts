import { lastValueFrom } from 'rxjs';
import { RabbitClient, type RabbitModuleOptions, RabbitHeader, RabbitTransport, TopologyMismatchError, NonRetryableError, UnroutableMessageError } from '../src';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { queueSpecsOf } from '../src/topology/queue-topology';
import { ContractValidationError } from '@ecom/contracts/validation';
import { RawBroker, uniqueName, unackedCount } from './support/broker';
import { orderCreated } from './support/events';
import { startProbeApp, type ProbeApp } from './support/probe-app';
import { replayDeadLetters } from '../src/dlq';
import { waitFor } from '../src/testing';

/** Each test gets its own exchange and queues, declared by the app and deleted afterwards. */
function names() {
  const exchange = uniqueName('ex');
  const queue = uniqueName('q');
  return { exchange, queue, dlq: `${queue}.dlq`, retry: `${queue}.retry` };
}

describe('RabbitTransport against RabbitMQ', () => {
  let raw: RawBroker;
  let running: ProbeApp | undefined;
  let cleanup: { exchange: string; queues: string[] } | undefined;

  beforeAll(async () => {
    raw = await RawBroker.open();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    if (cleanup) {
      await raw.deleteQueues(cleanup.queues);
      await raw.deleteExchange(cleanup.exchange);
    }
  });
  afterAll(async () => raw.close());

  async function start(retryDelays?: number[], extra: Partial<Omit<RabbitModuleOptions, 'url'>> = {}) {
    const n = names();
    cleanup = { exchange: n.exchange, queues: [n.queue, n.dlq, n.retry] };
    running = await startProbeApp({
      ...extra,
      exchange: n.exchange,
      queues: [
        {
          name: n.queue,
          bindings: ['order.created', 'payment.processed.*', 'unhandled.#'],
          ...(retryDelays ? { retry: { queue: n.retry, delaysMs: retryDelays } } : {}),
        },
      ],
    });
    return { ...n, ...running };
  }

  it('delivers a published event to its @EventPattern handler through interceptors, correlation intact', async () => {
    const { app, publisher, probe } = await start();
    const data = orderCreated();
    const published = await publisher.publish('order.created', data, { correlationId: 'corr-1' });
    await waitFor(() => probe.calls.length === 1, { what: 'the handler call' });
    expect(probe.calls[0]).toMatchObject({
      routingKey: 'order.created',
      data,
      attempt: 1,
      eventId: published.eventId,
      correlationId: 'corr-1',
      contextCorrelationId: 'corr-1',
    });
    expect(probe.intercepted).toEqual(['rpc:order.created']);
    const statuses: string[] = [];
    app.get(RabbitTransport).status.subscribe((status) => statuses.push(status));
    expect(statuses).toEqual(['connected']);
  });

  it('routes a foreign producer’s plain JSON by routing key, wildcard patterns included', async () => {
    const { exchange, probe } = await start();
    const payment = {
      orderId: orderCreated().orderId,
      paymentId: orderCreated().orderId,
      customerId: 'CUST123',
      customerEmail: 'customer@example.com',
      amount: 29.99,
      currency: 'USD',
      items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
      processedAt: new Date().toISOString(),
    };
    await raw.publish(exchange, 'payment.processed.successful', JSON.stringify(payment), { contentType: 'application/json' });
    await waitFor(() => probe.calls.length === 1, { what: 'the foreign message' });
    expect(probe.calls[0].routingKey).toBe('payment.processed.successful');
    expect(probe.calls[0].data).toEqual(payment);
    // No message id was given: a stable one is derived, and it is the correlation id too.
    expect(probe.calls[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('dead-letters invalid, non-JSON and unhandled messages with the reason, without calling a handler', async () => {
    const { exchange, dlq, probe } = await start();
    await raw.publish(exchange, 'order.created', JSON.stringify({ ...orderCreated(), totalAmount: -5 }), { messageId: 'bad-1' });
    await raw.publish(exchange, 'order.created', '{not json', { messageId: 'bad-2' });
    await raw.publish(exchange, 'unhandled.thing', JSON.stringify({ a: 1 }), { messageId: 'bad-3' });
    const dead = await waitFor(async () => {
      const count = await raw.messageCount(dlq);
      return count === 3 ? raw.drain(dlq) : undefined;
    }, { what: 'three dead letters' });
    const byId = Object.fromEntries(dead.map((m) => [m.properties.messageId, m.properties.headers ?? {}]));
    expect(byId['bad-1'][RabbitHeader.DeathReason]).toBe('invalid-schema');
    expect(JSON.parse(String(byId['bad-1'][RabbitHeader.Violations]))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/totalAmount' })]),
    );
    expect(byId['bad-1'][RabbitHeader.ErrorName]).toBe(ContractValidationError.name);
    expect(byId['bad-2'][RabbitHeader.DeathReason]).toBe('not-json');
    expect(byId['bad-3'][RabbitHeader.DeathReason]).toBe('no-handler');
    expect(byId['bad-3'][RabbitHeader.OriginalRoutingKey]).toBe('unhandled.thing');
    expect(probe.calls).toHaveLength(0);
    // The service keeps working after them.
    await running?.publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.length === 1, { what: 'a good message after the bad ones' });
  });

  it('retries through the delay queue: fails twice, then succeeds on attempt 3', async () => {
    const { publisher, probe, dlq } = await start([100, 100, 100]);
    probe.behaviour = (_data, ctx) => {
      if (ctx.attempt < 3) throw new Error(`carrier down (attempt ${ctx.attempt})`);
    };
    const published = await publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.length === 3, { what: 'three attempts' });
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(probe.calls.map((c) => c.eventId))).toEqual(new Set([published.eventId]));
    expect(probe.calls.every((c) => c.routingKey === 'order.created')).toBe(true);
    expect(await raw.messageCount(dlq)).toBe(0);
  });

  it('sends a message that always fails to the final DLQ with every failure header', async () => {
    const { publisher, probe, dlq, queue, exchange } = await start([50, 50]);
    probe.behaviour = () => {
      throw new TypeError('carrier exploded');
    };
    const published = await publisher.publish('order.created', orderCreated(), { correlationId: 'corr-dlq' });
    const [dead] = await waitFor(async () => ((await raw.messageCount(dlq)) === 1 ? raw.drain(dlq) : undefined), {
      what: 'the dead letter',
    });
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const headers = dead.properties.headers ?? {};
    expect(dead.properties.messageId).toBe(published.eventId);
    expect(dead.properties.correlationId).toBe('corr-dlq');
    expect(headers).toMatchObject({
      [RabbitHeader.DeathReason]: 'retries-exhausted',
      [RabbitHeader.ErrorName]: 'TypeError',
      [RabbitHeader.ErrorMessage]: 'carrier exploded',
      [RabbitHeader.OriginalExchange]: exchange,
      [RabbitHeader.OriginalRoutingKey]: 'order.created',
      [RabbitHeader.OriginalQueue]: queue,
      [RabbitHeader.Attempts]: 3,
      [RabbitHeader.Service]: 'probe-service',
    });
    expect(String(headers[RabbitHeader.ErrorStack])).toContain('carrier exploded');
    expect(String(headers[RabbitHeader.Host]).length).toBeGreaterThan(0);
    const first = Date.parse(String(headers[RabbitHeader.FirstFailureAt]));
    const last = Date.parse(String(headers[RabbitHeader.LastFailureAt]));
    expect(last).toBeGreaterThanOrEqual(first + 50);
    expect(JSON.parse(dead.content.toString())).toMatchObject({ customerId: 'CUST123' });
  });

  it('tells the handler of a message replayed from the DLQ which cycle it is in: attempts count from 1 again', async () => {
    const { publisher, probe, dlq } = await start([50]);
    // The first cycle fails throughout (a carrier away); after the replay it succeeds.
    probe.behaviour = (_data, ctx) => {
      if (ctx.replayCount === 0) throw new Error('carrier away');
    };
    await publisher.publish('order.created', orderCreated());
    await waitFor(async () => (await raw.messageCount(dlq)) === 1, { what: 'the dead letter' });

    const report = await replayDeadLetters(raw.model, dlq, { all: true });
    expect(report.replayed).toBe(1);
    await waitFor(() => probe.calls.length === 3, { what: 'the replayed delivery' });
    expect(probe.calls.map((c) => [c.replayCount, c.attempt])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
    ]);
    expect(await raw.messageCount(dlq)).toBe(0);
  });

  it('dead-letters a non-retryable error at once', async () => {
    const { publisher, probe, dlq } = await start([50, 50, 50]);
    probe.behaviour = () => {
      throw new NonRetryableError('customer is blocked');
    };
    await publisher.publish('order.created', orderCreated());
    const [dead] = await waitFor(async () => ((await raw.messageCount(dlq)) === 1 ? raw.drain(dlq) : undefined), {
      what: 'the dead letter',
    });
    expect(probe.calls).toHaveLength(1);
    expect(dead.properties.headers?.[RabbitHeader.DeathReason]).toBe('non-retryable');
    expect(dead.properties.headers?.[RabbitHeader.Attempts]).toBe(1);
  });

  it('holds a message whose handler fails transiently: consumers pause, no attempt counts, it runs again once the dependency answers', async () => {
    let databaseUp = false;
    const { publisher, probe, dlq, queue } = await start([50, 50], {
      dependencyProbe: async () => {
        if (!databaseUp) throw new Error('still down');
      },
    });
    probe.behaviour = () => {
      if (!databaseUp) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    };
    await publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.length === 1, { what: 'the first, failing, run' });
    // Paused: what arrives now waits in the queue instead of being taken only to fail.
    await publisher.publish('order.created', orderCreated());
    await publisher.publish('order.created', orderCreated());
    await waitFor(async () => (await raw.messageCount(queue)) === 2, { what: 'two messages left ready in the queue' });
    expect(probe.calls).toHaveLength(1);
    databaseUp = true;
    await waitFor(() => probe.calls.length === 4, { what: 'the held message again, then the two that waited' });
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 1, 1, 1]);
    expect(new Set(probe.calls.map((c) => c.eventId)).size).toBe(3);
    await waitFor(async () => (await raw.messageCount(queue)) === 0, { what: 'the queue drained' });
    expect(await raw.messageCount(dlq)).toBe(0);
  });

  it('acks the handlers that finished around one still running, and only that one comes back when the connection drops', async () => {
    const { app, publisher, probe, queue } = await start();
    const slow = orderCreated();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The slow message's first run waits; every other run (its redelivery too) returns at once.
    probe.behaviour = (data, ctx) => ((data as { orderId: string }).orderId === slow.orderId && !ctx.redelivered ? held : undefined);
    const before = await publisher.publish('order.created', orderCreated());
    const open = await publisher.publish('order.created', slow);
    const after = await publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.length === 3, { what: 'all three handler runs' });
    // The first and the third are acked around the open one; a multiple ack would have taken it too.
    await waitFor(async () => (await unackedCount(queue)) === 1, { what: 'one message left unacked' });
    // As a crash would: the broker gives back what is unacked.
    await app.get(AmqpConnection).connection?.close();
    await waitFor(() => probe.calls.length === 4, { what: 'the open message, given back and delivered again' });
    expect(probe.calls[3].eventId).toBe(open.eventId);
    release();
    // A marker published last arrives after anything the broker gave back: nothing else came.
    const marker = await publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.some((call) => call.eventId === marker.eventId), { what: 'the marker' });
    expect(probe.calls.map((call) => call.eventId)).toEqual([before.eventId, open.eventId, after.eventId, open.eventId, marker.eventId]);
  });

  it('classifies with the service’s own rule beside the default one', async () => {
    let calls = 0;
    const { publisher, probe, dlq } = await start(undefined, {
      isTransient: (error) => ((error as Error).message === 'gateway busy' ? true : undefined),
    });
    probe.behaviour = () => {
      if (++calls < 3) throw new Error('gateway busy');
    };
    await publisher.publish('order.created', orderCreated());
    // No probe but the store's (none here): the gate opens after a backoff step and the message is the probe.
    await waitFor(() => probe.calls.length === 3, { what: 'two transient failures, then success' });
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 1, 1]);
    expect(await raw.messageCount(dlq)).toBe(0);
  });

  it("serves Nest's client API: RabbitClient.emit goes through the validating, confirming publisher", async () => {
    const { app, probe } = await start();
    const client = app.get(RabbitClient);
    const data = orderCreated();
    await lastValueFrom(client.emit('order.created', data));
    await waitFor(() => probe.calls.length === 1, { what: 'the emitted event' });
    expect(probe.calls[0].data).toEqual(data);
    await expect(lastValueFrom(client.emit('order.created', { ...data, items: [] }))).rejects.toBeInstanceOf(ContractValidationError);
    await expect(lastValueFrom(client.send('order.created', data))).rejects.toThrow(/emit\(\) only/);
  });

  it('rejects an unroutable publish, and an invalid one before sending anything', async () => {
    const { publisher } = await start();
    await expect(publisher.publish('shipping.shipment.failed', {
      orderId: orderCreated().orderId,
      customerId: 'CUST123',
      customerEmail: 'customer@example.com',
      attempts: 3,
      reason: 'carrier down',
      failedAt: new Date().toISOString(),
    })).rejects.toBeInstanceOf(UnroutableMessageError);
    const invalid = publisher.publish('order.created', { ...orderCreated(), customerEmail: 'nope' });
    await expect(invalid).rejects.toBeInstanceOf(ContractValidationError);
    await expect(invalid).rejects.toThrow('/customerEmail');
  });

  it('fails a publish the broker refuses with a channel error, and keeps publishing on a new channel', async () => {
    const { publisher, probe } = await start();
    const refused = publisher.publishMessage({
      exchange: uniqueName('missing-ex'),
      routingKey: 'order.created',
      body: Buffer.from('{}'),
      properties: { messageId: 'refused-1', headers: {}, persistent: true },
    });
    await expect(refused).rejects.toThrow(/404 \(NOT-FOUND\)/);
    await publisher.publish('order.created', orderCreated());
    await waitFor(() => probe.calls.length === 1, { what: 'a message published after the channel error' });
  });

  it('consumes again after the broker cancels its consumer (the queue was deleted)', async () => {
    const { publisher, probe, queue } = await start();
    const channel = await raw.model.createChannel();
    await channel.deleteQueue(queue);
    await channel.close();
    // The transport reconnects, declares its queue again and consumes it.
    await waitFor(async () => {
      await publisher.publish('order.created', orderCreated());
      return probe.calls.length > 0;
    }, { timeoutMs: 20_000, intervalMs: 200, what: 'a message consumed after the queue came back' });
  });

  it('fails start-up naming the queue and the argument when a queue exists with other arguments', async () => {
    const n = names();
    cleanup = { exchange: n.exchange, queues: [n.queue, n.dlq] };
    // The queue as this library declares it, but with another delivery limit.
    const [work] = queueSpecsOf({ name: n.queue, bindings: [] }, { exchange: n.exchange, queueType: 'quorum', deliveryLimit: 5 });
    const channel = await raw.model.createChannel();
    await channel.assertQueue(n.queue, { durable: true, arguments: work.arguments });
    await channel.close();
    const failure = startProbeApp({ exchange: n.exchange, queues: [{ name: n.queue, bindings: ['order.created'] }] });
    await expect(failure).rejects.toBeInstanceOf(TopologyMismatchError);
    await expect(failure).rejects.toThrow(new RegExp(`queue '${n.queue.replace(/\./g, '\\.')}'.*x-delivery-limit = '5'.*declared with x-delivery-limit = '20'`));
  });
});
