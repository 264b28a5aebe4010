import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { orderBody, placeOrder, README_BODY, waitForOrder } from './support/orders';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';
import { waitFor } from '@ecom/rabbit/testing';

const run = promisify(execFile);
const DLQ_CLI = resolve(__dirname, '../../tools/dist/dlq/dlq.cli.js');

/** Repairing the flow with the operator's tools, as the README tells an operator to. */
describe('operating the flow', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('ops');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3150 });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
  });

  const dlq = (...args: string[]) => run(process.execPath, [DLQ_CLI, ...args, '--url', vhost.url]);

  it('after a carrier outage, replaying shipping.service.final.dlq takes those orders to shipped', async () => {
    // OUTAGE* customers: the carrier fails 4 calls, past the 1 + 3 attempts, as during an outage.
    const ids = [await placeOrder(system, orderBody('OUTAGE-1')), await placeOrder(system, orderBody('OUTAGE-2'))];
    const attemptsOf = (o: { history: { type: string }[] }) => o.history.filter((h) => h.type === 'shipping.attempt.failed').length;
    for (const id of ids) await waitForOrder(system, id, (o) => o.status === 'shipping_failed' && attemptsOf(o) >= 4, 'shipping_failed after 4 attempts');

    // The dead letter and shipment.failed leave shipping separately: the order's status may be seen first.
    type Listed = { orderId?: string; attempts?: number }[];
    const listed = await waitFor(async () => {
      const rows = JSON.parse((await dlq('list', 'shipping.service.final.dlq', '--json')).stdout) as Listed;
      return rows.length >= ids.length ? rows : undefined;
    }, { what: 'both dead letters' });
    expect(listed.map((row) => row.orderId).sort()).toEqual([...ids].sort());
    expect(listed.every((row) => row.attempts === 4)).toBe(true);

    const dryRun = await dlq('replay', 'shipping.service.final.dlq', '--all', '--dry-run');
    expect(dryRun.stdout).toMatch(/replay/i);

    const replay = await dlq('replay', 'shipping.service.final.dlq', '--all');
    expect(replay.stdout).toMatch(/replayed 2, skipped 0, failed 0/);
    for (const id of ids) {
      const order = await waitForOrder(system, id, (o) => o.status === 'shipped', 'shipped after the replay');
      expect(attemptsOf(order)).toBe(4);
      expect(order.history.map((h) => h.type)).toEqual(expect.arrayContaining(['shipping.shipment.failed', 'shipping.shipment.created']));
    }
    expect(JSON.parse((await dlq('list', 'shipping.service.final.dlq', '--json')).stdout)).toEqual([]);
    // The replay reached every queue bound to the key; the others recognised the event and did nothing twice.
    const payments = (await system.http('payment-service').get(`/payments?orderId=${ids[0]}`)).body;
    expect(payments).toHaveLength(1);
    const kinds = (await system.http('notification-service').get(`/notifications?orderId=${ids[0]}`)).body.map((n: { kind: string }) => n.kind);
    expect(kinds.sort()).toEqual(['order_received', 'payment_succeeded', 'shipped', 'shipping_failed']);
  });

  it('an operator cancels a held shipping failure: refunded, released, and a later replay does not ship it', async () => {
    const id = await placeOrder(system, orderBody('OUTAGE-CANCEL'));
    await waitForOrder(system, id, (o) => o.status === 'shipping_failed', 'shipping_failed');
    await system.http('order-service').post(`/orders/${id}/cancel`).send({ reason: 'operator' }).expect(202);
    await waitForOrder(system, id, (o) => o.status === 'cancelled' && o.history.some((h) => h.type === 'payment.refunded'), 'cancelled and refunded');

    const replay = await dlq('replay', 'shipping.service.final.dlq', '--all');
    expect(replay.stdout).toMatch(/replayed 1, skipped 0, failed 0/);
    // The replayed order.confirmed is consumed (the DLQ empties) and finds the shipment cancelled.
    await waitFor(async () => (JSON.parse((await dlq('list', 'shipping.service.final.dlq', '--json')).stdout) as unknown[]).length === 0, {
      what: 'the DLQ to be empty',
    });
    await waitFor(async () => system.logs('shipping-service').includes(`order ${id} is cancelled; carrier not called`), { what: 'the replay to be refused' });
    const order = await waitForOrder(system, id, (o) => o.status === 'cancelled', 'still cancelled');
    expect(order.cancelReason).toBe('operator');
    expect((await system.http('shipping-service').get(`/shipments/${id}`).expect(200)).body).toMatchObject({ status: 'cancelled' });
    const labels = (await system.http('shipping-service').get('/carrier/ledger?limit=1000').expect(200)).body as { idempotency_key: string }[];
    expect(labels.map((l) => l.idempotency_key)).not.toContain(id);
    expect((await system.http('inventory-service').get(`/reservations?orderId=${id}`)).body).toEqual([expect.objectContaining({ status: 'released' })]);
  });

  it('carries one trace id (W3C traceparent) and the correlation id from the HTTP request through every event of the order', async () => {
    const broker = await connect(vhost.url);
    const channel = await broker.createChannel();
    const { queue: spy } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(spy, 'ecommerce.events', '#');
    const seen: { routingKey: string; correlationId: string; traceparent: string }[] = [];
    await channel.consume(spy, (message) => {
      if (!message) return;
      seen.push({
        routingKey: message.fields.routingKey,
        correlationId: String(message.properties.correlationId),
        traceparent: String(message.properties.headers?.['traceparent'] ?? ''),
      });
    }, { noAck: true });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const response = await system
        .http('order-service')
        .post('/orders')
        .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
        .set('x-correlation-id', 'trace-test-1')
        .send(README_BODY)
        .expect(201);
      await waitForOrder(system, response.body.orderId, (o) => o.status === 'shipped' && o.history.length === 4, 'shipped');
      const events = await waitFor(() => {
        const mine = seen.filter((e) => e.correlationId === 'trace-test-1');
        return mine.length >= 5 ? mine : undefined;
      }, { what: 'the five events of the order' });
      expect(events.map((e) => e.routingKey).sort()).toEqual(
        [
          'inventory.stock.reserved',
          'order.confirmed',
          'order.created',
          'payment.processed.successful',
          'shipping.shipment.created',
        ].sort(),
      );
      for (const event of events) {
        expect(event.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      }
      // Each hop is its own span: the parent span ids differ along the way.
      expect(new Set(events.map((e) => e.traceparent.split('-')[2])).size).toBe(events.length);
    } finally {
      await broker.close();
    }
  });
});
