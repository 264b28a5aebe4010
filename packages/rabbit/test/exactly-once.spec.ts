import type { EventData } from '@ecom/contracts';
import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import {
  connectRabbitTransport,
  Inbox,
  Outbox,
  RabbitContext,
  RabbitModule,
  RabbitPublisher,
  RabbitMetrics,
} from '../src';
import type { Kysely, Transaction } from 'kysely';
import { KyselyMessageStore, messagingMigrations } from '../src/kysely';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { testDatabase, type TestDatabase } from './support/databases';
import { brokerOutage, closeAllConnections, createVhost, RawBroker, uniqueName } from './support/broker';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { orderCreated } from './support/events';
import { waitFor } from '../src/testing';

interface Effects {
  effects: { event_id: string; order_id: string };
}
type Tx = Transaction<Effects>;

const effectsMigration = {
  '0001_effects': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('effects').addColumn('event_id', 'text').addColumn('order_id', 'text').execute();
    },
  },
};

/** The follow-up every test publishes through the outbox: a failed payment for `order`. */
function paymentFailed(order: EventData<'order.created'>, reason: string): EventData<'payment.processed.failed'> {
  return {
    orderId: order.orderId,
    paymentId: order.orderId,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    amount: order.totalAmount,
    currency: order.currency,
    reason,
    processedAt: new Date().toISOString(),
  };
}

/** What the handler does besides its effect; set per test. */
@Injectable()
class Script {
  calls = 0;
  /** Runs after the transaction committed and before the handler returns (and the ack). */
  afterCommit: (ctx: RabbitContext) => Promise<void> = async () => undefined;
}

@Controller()
class ChargeController {
  constructor(
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly script: Script,
  ) {}

  /** The shape of every service handler: effect + outbox row + inbox record in one transaction. */
  @EventPattern('order.created')
  async charge(@Payload() order: EventData<'order.created'>, @Ctx() ctx: RabbitContext) {
    this.script.calls++;
    await this.inbox.handleOnce(ctx, async (tx) => {
      await tx.insertInto('effects').values({ event_id: ctx.eventId, order_id: order.orderId }).execute();
      await this.outbox.publish(tx, 'payment.processed.failed', paymentFailed(order, 'test'));
    });
    await this.script.afterCommit(ctx);
  }
}

describe.each([['sqlite' as const], ['postgres' as const]])('exactly-once effects on %s', (dialect) => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let raw: RawBroker;
  let database: TestDatabase;
  let db: Kysely<Effects>;

  beforeAll(async () => {
    vhost = await createVhost();
  });
  afterAll(async () => {
    await vhost?.remove();
  });
  beforeEach(async () => {
    // Per test: a test that closes every connection in the vhost takes this one down too.
    raw = await RawBroker.open(vhost.url);
    database = testDatabase(dialect);
    await database.migrate({ ...messagingMigrations, ...effectsMigration });
    db = database.open<Effects>();
  });
  afterEach(async () => {
    await raw.close();
    await database.cleanup();
  });

  async function start(outbox?: { pollIntervalMs: number; recoverAfterMs: number }) {
    const exchange = uniqueName('ex');
    const queue = uniqueName('q');
    const followUps = uniqueName('followups');
    const channel = await raw.model.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(followUps, { durable: true });
    await channel.bindQueue(followUps, exchange, 'payment.processed.*');
    await channel.close();
    const moduleRef = await Test.createTestingModule({
      imports: [
        RabbitModule.forRoot({
          url: vhost.url,
          service: 'charge-service',
          exchange,
          queues: [{ name: queue, bindings: ['order.created'] }],
          store: new KyselyMessageStore(db),
          metricsRegistry: new Registry(),
          initialReconnectDelayMs: 50,
          maxReconnectDelayMs: 300,
          ...(outbox ? { outbox } : {}),
        }),
      ],
      controllers: [ChargeController],
      providers: [Script],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    connectRabbitTransport(app);
    await app.startAllMicroservices();
    await app.init();
    return { app, exchange, queue, followUps, script: app.get(Script), metrics: app.get(RabbitMetrics) };
  }

  const effectsOf = async (orderId: string) => (await db.selectFrom('effects').selectAll().where('order_id', '=', orderId).execute()).length;

  it('charges a duplicated event (same event id) once, and sends its follow-up once', async () => {
    const { app, exchange, followUps, script, metrics } = await start();
    try {
      const order = orderCreated();
      for (let i = 0; i < 2; i++) {
        await raw.publish(exchange, 'order.created', JSON.stringify(order), { messageId: 'dup-event-1', contentType: 'application/json' });
      }
      // Both deliveries may run at once: the second waits on the first's inbox row, then finds it.
      const absorbed = async () => (await metrics.duplicates.get()).values.reduce((sum, v) => sum + v.value, 0);
      await waitFor(async () => script.calls === 2 && (await absorbed()) === 1, { what: 'the duplicate to be absorbed' });
      expect(await effectsOf(order.orderId)).toBe(1);
      const sent = await waitFor(async () => {
        const messages = await raw.drain(followUps);
        return messages.length > 0 ? messages : undefined;
      }, { what: 'the follow-up event' });
      expect(sent).toHaveLength(1);
      expect(sent[0].properties.headers?.['ecom-causation-id']).toBe('dup-event-1');
    } finally {
      await app.close();
    }
  });

  it('causes no second effect when the process dies between the commit and the ack', async () => {
    const { app, exchange, script } = await start();
    try {
      // The first delivery commits its effect, then every connection drops before the ack:
      // RabbitMQ delivers the message again, and the inbox recognises it.
      script.afterCommit = async (ctx) => {
        if (ctx.attempt === 1 && !ctx.redelivered) await closeAllConnections(vhost.name);
      };
      const order = orderCreated();
      await raw.publish(exchange, 'order.created', JSON.stringify(order), { messageId: 'crash-event-1', contentType: 'application/json' });
      await waitFor(() => script.calls >= 2, { timeoutMs: 30_000, what: 'the redelivery after the lost ack' });
      expect(await effectsOf(order.orderId)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('sends an event right after its commit, with no relay pass, and marks it sent', async () => {
    // A relay that would not look for a minute: only the send after the commit can deliver in time.
    const { app, exchange, followUps } = await start({ pollIntervalMs: 60_000, recoverAfterMs: 60_000 });
    try {
      const orders = Array.from({ length: 20 }, () => orderCreated());
      for (const order of orders) await raw.publish(exchange, 'order.created', JSON.stringify(order), { contentType: 'application/json' });
      const received = await waitFor(async () => {
        const count = await raw.messageCount(followUps);
        return count >= orders.length ? raw.drain(followUps) : undefined;
      }, { timeoutMs: 10_000, what: 'the follow-ups, sent after each commit' });
      expect(received.map((m) => (JSON.parse(m.content.toString()) as { orderId: string }).orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
      const outbox = app.get(Outbox);
      await waitFor(async () => (await outbox.pending()) === 0, { what: 'the rows marked sent after their confirms' });
    } finally {
      await app.close();
    }
  });

  it('sends the events committed while the broker is away as soon as it is back, without waiting for recovery', async () => {
    // Recovery would wait a minute: only the rows handed back by the failed send can arrive in time.
    const { app, followUps } = await start({ pollIntervalMs: 50, recoverAfterMs: 60_000 });
    const connection = app.get(AmqpConnection);
    const endOutage = await brokerOutage(vhost.name);
    try {
      await waitFor(() => !connection.connected, { what: 'the service to lose the broker' });
      const outbox = app.get<Outbox<Tx>>(Outbox);
      const order = orderCreated();
      await outbox.transaction((tx) =>
        outbox.publish(tx, 'payment.processed.failed', paymentFailed(order, 'committed during the outage')),
      );
      await endOutage();
      // The test's own connection went with the outage.
      raw = await RawBroker.open(vhost.url);
      const [message] = await waitFor(async () => ((await raw.messageCount(followUps)) >= 1 ? raw.drain(followUps) : undefined), {
        timeoutMs: 15_000,
        what: 'the event committed during the outage',
      });
      expect(JSON.parse(message.content.toString())).toMatchObject({ orderId: order.orderId, reason: 'committed during the outage' });
      await waitFor(async () => (await outbox.pending()) === 0, { what: 'the row marked sent' });
    } finally {
      await endOutage();
      await app.close();
    }
  });

  it('recovers a row its own process did not send (written outside Outbox.transaction) once it is older than recoverAfterMs', async () => {
    const { app, followUps } = await start({ pollIntervalMs: 50, recoverAfterMs: 1_000 });
    try {
      const store = new KyselyMessageStore(db);
      const outbox = app.get<Outbox<Tx>>(Outbox);
      const written = Date.now();
      const order = orderCreated();
      await store.transaction((tx) =>
        outbox.publish(tx, 'payment.processed.failed', paymentFailed(order, 'left for the relay')),
      );
      const [message] = await waitFor(async () => ((await raw.messageCount(followUps)) >= 1 ? raw.drain(followUps) : undefined), {
        timeoutMs: 10_000,
        what: 'the relay to recover the row',
      });
      // Not before the cut-off: until then the row belongs to the process that wrote it.
      expect(Date.now() - written).toBeGreaterThanOrEqual(1_000);
      expect(JSON.parse(message.content.toString())).toMatchObject({ orderId: order.orderId, reason: 'left for the relay' });
      await waitFor(async () => (await outbox.pending()) === 0, { what: 'the recovered row marked sent' });
    } finally {
      await app.close();
    }
  });

  it('relays outbox rows once across two relays on the same database', async () => {
    // The app's own relay recovers at once too: three relays race for the rows.
    const { app, exchange, followUps } = await start({ pollIntervalMs: 20, recoverAfterMs: 0 });
    try {
      const publisher = app.get(RabbitPublisher);
      const store = new KyselyMessageStore(db);
      const outbox = new Outbox(store, publisher, { nudge: () => undefined } as unknown as OutboxRelay);
      const ids: string[] = [];
      await store.transaction(async (tx) => {
        for (let i = 0; i < 300; i++) {
          const order = orderCreated();
          const event = await outbox.publish(tx, 'payment.processed.failed', paymentFailed(order, `row ${i}`));
          ids.push(event.eventId);
        }
      });
      const options = { exchange, pollIntervalMs: 20, batchSize: 25, leaseTtlMs: 5_000, retentionMs: 60_000, recoverAfterMs: 0 };
      const relays = [new OutboxRelay(store, publisher, options), new OutboxRelay(new KyselyMessageStore(db), publisher, options)];
      relays.forEach((relay) => relay.start());
      await waitFor(async () => (await store.outbox.countPending()) === 0, { what: 'the outbox to drain' });
      await Promise.all(relays.map((relay) => relay.stop()));
      const received = await waitFor(async () => {
        const count = await raw.messageCount(followUps);
        return count >= 300 ? raw.drain(followUps) : undefined;
      }, { what: '300 relayed events' });
      const receivedIds = received.map((m) => String(m.properties.messageId));
      expect(receivedIds).toHaveLength(300);
      // In order: the lease makes one relay the sender.
      expect(receivedIds).toEqual(ids);
    } finally {
      await app.close();
    }
  });
});
