import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { PublishBufferFullError, PublishTimeoutError, RabbitMetrics, RabbitPublisher, RabbitTransport, type QueueDeclaration } from '../src';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { declareTopology } from '../src/topology/declare-topology';
import { queueSpecsOf } from '../src/topology/queue-topology';
import { closeAllConnections, createVhost, uniqueName } from './support/broker';
import { orderCreated } from './support/events';
import { startProbeApp, type ProbeApp } from './support/probe-app';
import { waitFor } from '../src/testing';

/**
 * Chaos against a real broker. Every test runs in a vhost of its own, because it closes every
 * connection of that vhost (`rabbitmqctl close_all_connections --vhost`), which must not touch
 * the suites running beside it. Nothing waits a fixed time for messages: it polls with deadlines.
 */
jest.setTimeout(120_000);

type Vhost = Awaited<ReturnType<typeof createVhost>>;

/** How many times each event id reached a handler. */
class Seen {
  readonly counts = new Map<string, number>();
  add(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
  has(id: string): boolean {
    return this.counts.has(id);
  }
  get duplicates(): number {
    let extra = 0;
    for (const count of this.counts.values()) extra += count - 1;
    return extra;
  }
  missing(ids: Iterable<string>): string[] {
    return [...ids].filter((id) => !this.counts.has(id));
  }
}

/** Publishes `total` events with at most `window` in flight; each one resolves or rejects, both counted. */
async function publishAll(
  publisher: RabbitPublisher,
  total: number,
  window: number,
  progress: { confirmed: Set<string>; rejected: Map<string, Error> },
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      const eventId = randomUUID();
      try {
        await publisher.publish('order.created', orderCreated(), { eventId });
        progress.confirmed.add(eventId);
      } catch (error) {
        progress.rejected.set(eventId, error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
}

function queueOf(name: string): QueueDeclaration {
  return { name, bindings: ['order.created'] };
}

describe('chaos against RabbitMQ', () => {
  let vhost: Vhost | undefined;
  const apps: ProbeApp[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    vhost = await createVhost();
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await vhost?.remove();
    vhost = undefined;
  });

  it('loses no confirmed event while every connection is killed mid-stream', async () => {
    const { url, name } = vhost as Vhost;
    const total = 5_000;
    const exchange = uniqueName('ex');
    const app = await startProbeApp({ url, exchange, prefetch: 50, queues: [queueOf(uniqueName('q'))] });
    apps.push(app);
    const seen = new Seen();
    app.probe.behaviour = (_data, ctx) => seen.add(ctx.eventId);
    const connection = app.app.get(AmqpConnection);
    let reconnects = 0;
    let disconnects = 0;
    connection.on('connected', () => reconnects++);
    connection.on('disconnected', () => disconnects++);

    const progress = { confirmed: new Set<string>(), rejected: new Map<string, Error>() };
    const publishing = publishAll(app.publisher, total, 50, progress);
    let done = false;
    void publishing.finally(() => (done = true));
    // Kills spaced by progress, not by time: the first after 500 confirms, each next one once the
    // publisher reconnected and confirmed 300 more after the previous kill took effect. A kill
    // (rabbitmqctl) takes ~0.6 s, in which a healthy publisher confirms a few thousand messages,
    // so 5,000 events leave room for 2-4 kills.
    const kills: number[] = [];
    let nextKillAt = 500;
    while (kills.length < 4) {
      await waitFor(() => done || progress.confirmed.size >= nextKillAt, { timeoutMs: 60_000, what: `${nextKillAt} confirms` });
      if (done) break;
      kills.push(progress.confirmed.size);
      await closeAllConnections(name);
      nextKillAt = progress.confirmed.size + 300;
    }
    await publishing;

    const published = progress.confirmed.size + progress.rejected.size;
    await waitFor(() => seen.missing(progress.confirmed).length === 0, {
      timeoutMs: 60_000,
      what: 'every confirmed event to reach the handler',
    }).catch(() => undefined); // the assertions below say what is missing
    await waitFor(() => connection.connected, { what: 'the last reconnect' });
    const lost = seen.missing(progress.confirmed);
    const rejectedKinds = [...new Set([...progress.rejected.values()].map((e) => `${e.name}: ${e.message}`))];
    console.log(
      `chaos(kill connections): published=${published} confirmed=${progress.confirmed.size} ` +
        `rejected=${progress.rejected.size} consumedUnique=${seen.counts.size} duplicates=${seen.duplicates} ` +
        `lost=${lost.length} disconnects=${disconnects} reconnects=${reconnects} killsAtConfirmed=[${kills.join(', ')}]` +
        (rejectedKinds.length ? ` rejectedWith=${JSON.stringify(rejectedKinds)}` : ''),
    );

    expect(published).toBe(total);
    expect(kills.length).toBeGreaterThanOrEqual(2); // the kills really happened mid-stream
    expect(disconnects).toBeGreaterThanOrEqual(kills.length);
    expect(reconnects).toBeGreaterThanOrEqual(kills.length);
    expect(lost).toEqual([]);
    // The publisher re-sends what lost its confirm once reconnected, well within publishTimeoutMs.
    expect(rejectedKinds).toEqual([]);
  });

  it('loses nothing when the consuming app shuts down during a burst', async () => {
    const { url } = vhost as Vhost;
    const total = 2_000;
    const exchange = uniqueName('ex');
    const queue = queueOf(uniqueName('q'));
    const options = { url, exchange, prefetch: 20, queues: [queue] };
    const handledByA = new Seen();

    const appA = await startProbeApp(options);
    apps.push(appA);
    appA.probe.behaviour = async (_data, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 3)); // a handler doing some work
      handledByA.add(ctx.eventId);
    };
    // A producer of its own, so closing A does not stop the burst.
    const connection = new AmqpConnection({ url, connectionName: 'chaos-producer', initialReconnectDelayMs: 50 });
    const publisher = new RabbitPublisher(connection, {
      exchange,
      service: 'chaos-producer',
      publishTimeoutMs: 30_000,
      maxBufferedPublishes: 10_000,
    });
    await publisher.start();
    await connection.start();
    closers.push(() => publisher.close().then(() => connection.close()));

    const progress = { confirmed: new Set<string>(), rejected: new Map<string, Error>() };
    const publishing = publishAll(publisher, total, 100, progress);
    await waitFor(() => handledByA.counts.size >= 300, { timeoutMs: 60_000, what: '300 messages handled by A' });
    const inFlightAtClose = appA.app.get(RabbitTransport).inFlightCount;
    const handledBeforeClose = handledByA.counts.size;
    await appA.close();
    apps.splice(apps.indexOf(appA), 1);
    await publishing;

    const appB = await startProbeApp(options);
    apps.push(appB);
    // B consumes from the moment it starts: read what it handled off the probe's record of calls.
    const handledByB = new Seen();
    const handled = (id: string): boolean => {
      for (const call of appB.probe.calls.splice(0)) handledByB.add(call.eventId);
      return handledByA.has(id) || handledByB.has(id);
    };
    await waitFor(() => [...progress.confirmed].every(handled), {
      timeoutMs: 60_000,
      what: 'every published event handled by A or B',
    }).catch(() => undefined);
    const lost = [...progress.confirmed].filter((id) => !handled(id));
    const both = [...handledByA.counts.keys()].filter((id) => handledByB.has(id)).length;
    const duplicates = handledByA.duplicates + handledByB.duplicates + both;
    console.log(
      `chaos(shutdown during burst): published=${total} confirmed=${progress.confirmed.size} ` +
        `rejected=${progress.rejected.size} handledBeforeClose=${handledBeforeClose} inFlightAtClose=${inFlightAtClose} ` +
        `handledByA=${handledByA.counts.size} handledByB=${handledByB.counts.size} duplicates=${duplicates} lost=${lost.length}`,
    );

    expect(progress.rejected.size).toBe(0);
    expect(progress.confirmed.size).toBe(total);
    expect(handledByA.counts.size).toBeLessThan(total); // A really was stopped mid-burst
    expect(handledByB.counts.size).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  });

  it('holds publishes while the connection is down, and bounds them in time and number', async () => {
    const { url, name } = vhost as Vhost;
    const exchange = uniqueName('ex');
    const queue = queueOf(uniqueName('q'));
    // The topology, declared once by hand, so the publisher's messages are routable.
    const admin = await connect(url);
    await declareTopology(admin, [{ name: exchange, type: 'topic' }], queueSpecsOf(queue, { exchange, queueType: 'quorum', deliveryLimit: 20 }));
    await admin.close();

    // A reconnect delay long enough that the outage outlasts the publishes made during it.
    const connection = new AmqpConnection({ url, connectionName: 'chaos-outage', initialReconnectDelayMs: 1_500 });
    const metrics = new RabbitMetrics(new Registry());
    const publisher = new RabbitPublisher(connection, { exchange, service: 'chaos', publishTimeoutMs: 20_000, maxBufferedPublishes: 1_000 }, metrics);
    await publisher.start();
    await connection.start();
    closers.push(() => publisher.close().then(() => connection.close()));
    await publisher.publish('order.created', orderCreated());

    let downs = 0;
    connection.on('disconnected', () => downs++);
    await closeAllConnections(name);
    await waitFor(() => !publisher.ready && !connection.connected, { timeoutMs: 10_000, what: 'the connection to drop' });
    const outageStarted = Date.now();
    const settled: string[] = [];
    const during = Array.from({ length: 20 }, (_, i) =>
      publisher.publish('order.created', orderCreated()).then(() => void settled.push(`ok${i}`)),
    );
    // Nothing resolves while the connection is down: they wait, and are counted.
    expect(publisher.pendingCount).toBe(20);
    expect(settled).toEqual([]);
    await Promise.all(during);
    const waitedMs = Date.now() - outageStarted;
    expect(connection.connected).toBe(true);
    expect(downs).toBeGreaterThanOrEqual(1);
    expect(settled).toHaveLength(20);
    expect(waitedMs).toBeLessThan(15_000);
    console.log(`chaos(outage): 20 publishes made during the outage all confirmed after reconnecting, ${waitedMs} ms after it began`);

    // An unreachable broker: a publish waits publishTimeoutMs, then fails; past the buffer it fails at once.
    const unreachable = new AmqpConnection({ url: 'amqp://guest:guest@127.0.0.1:1', connectionName: 'chaos-unreachable', initialReconnectDelayMs: 50 });
    unreachable.on('disconnected', () => undefined);
    const stranded = new RabbitPublisher(unreachable, { exchange, service: 'chaos', publishTimeoutMs: 300, maxBufferedPublishes: 2 });
    await stranded.start();
    await unreachable.start(0);
    closers.push(() => stranded.close(0).then(() => unreachable.close()));
    const started = Date.now();
    const first = stranded.publish('order.created', orderCreated());
    const second = stranded.publish('order.created', orderCreated());
    const third = stranded.publish('order.created', orderCreated());
    await expect(third).rejects.toBeInstanceOf(PublishBufferFullError);
    expect(Date.now() - started).toBeLessThan(100);
    await expect(first).rejects.toBeInstanceOf(PublishTimeoutError);
    await expect(second).rejects.toBeInstanceOf(PublishTimeoutError);
    const timedOutAfter = Date.now() - started;
    expect(timedOutAfter).toBeGreaterThanOrEqual(290);
    expect(timedOutAfter).toBeLessThan(2_000);
    expect(stranded.pendingCount).toBe(0);
  });
});
