import { connect, type ChannelModel } from 'amqplib';
import { getOrder, isFinal, orderBody, placeOrder, README_BODY, waitForOrder } from './support/orders';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';
import { waitFor } from '@ecom/rabbit/testing';

/** Every path of the flow, with the five services running against the real broker. */
describe('the order flow', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;
  let broker: ChannelModel;

  beforeAll(async () => {
    vhost = await createVhost('flow');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3110 });
    broker = await connect(vhost.url);
  });

  afterAll(async () => {
    await broker?.close();
    await system?.stop();
    await vhost?.remove();
  });

  const notificationsOf = async (orderId: string) =>
    (await system.http('notification-service').get(`/notifications?orderId=${orderId}`).expect(200)).body as { kind: string }[];

  it("takes the README's order to shipped, with one notification per customer-facing event", async () => {
    const orderId = await placeOrder(system, README_BODY);
    const order = await waitForOrder(system, orderId, (o) => o.status === 'shipped' && o.history.length === 4, 'shipped');
    expect(order.history.map((h) => h.type).sort()).toEqual(
      ['inventory.stock.reserved', 'order.created', 'payment.processed.successful', 'shipping.shipment.created'].sort(),
    );
    const notifications = await waitFor(async () => {
      const list = await notificationsOf(orderId);
      return list.length >= 3 ? list : undefined;
    }, { what: 'three notifications' });
    expect(notifications.map((n) => n.kind).sort()).toEqual(['order_received', 'payment_succeeded', 'shipped']);
    const payments = (await system.http('payment-service').get(`/payments?orderId=${orderId}`).expect(200)).body;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'succeeded', amount: 29.99 });
    const reservation = (await system.http('inventory-service').get(`/reservations?orderId=${orderId}`).expect(200)).body;
    expect(reservation).toEqual([expect.objectContaining({ status: 'reserved' })]);
  });

  it('declines a payment above the limit: payment_failed, and neither stock nor shipment touched', async () => {
    const stockBefore = (await system.http('inventory-service').get('/stock/PROD456').expect(200)).body.available;
    const orderId = await placeOrder(system, orderBody('CUST-RICH', 'PROD456', 100, 10.01));
    const order = await waitForOrder(system, orderId, (o) => o.status === 'payment_failed', 'payment_failed');
    expect(order.history.find((h) => h.type === 'payment.processed.failed')?.details['reason']).toMatch(/exceeds the limit/);
    await waitFor(async () => (await notificationsOf(orderId)).some((n) => n.kind === 'payment_failed'), { what: 'the decline notice' });
    // The payment decision is the last effect: once it is visible, stock and shipping had their chance.
    expect((await system.http('inventory-service').get(`/reservations?orderId=${orderId}`)).body).toEqual([]);
    expect((await system.http('shipping-service').get(`/shipments?orderId=${orderId}`)).body).toEqual([]);
    expect((await system.http('inventory-service').get('/stock/PROD456')).body.available).toBe(stockBefore);
  });

  it('ships after the carrier failed twice, with both failed attempts in the history', async () => {
    const orderId = await placeOrder(system, orderBody('FLAKY-1'));
    const order = await waitForOrder(system, orderId, (o) => o.status === 'shipped', 'shipped after retries');
    const attempts = order.history.filter((h) => h.type === 'shipping.attempt.failed');
    expect(attempts.map((a) => a.details['attempt'])).toEqual([1, 2]);
    expect(attempts.every((a) => /unavailable/.test(String(a.details['reason'])))).toBe(true);
    const shipment = (await system.http('shipping-service').get(`/shipments/${orderId}`).expect(200)).body;
    expect(shipment).toMatchObject({ status: 'created', attempts: 3 });
  });

  it('gives up when the carrier always fails: shipping_failed, and the message in the final DLQ with its reason', async () => {
    const orderId = await placeOrder(system, orderBody('DOWN-1'));
    // The fourth attempt's event and shipment.failed are two messages: the status may be seen before the attempt.
    const attemptsOf = (o: { history: { type: string }[] }) => o.history.filter((h) => h.type === 'shipping.attempt.failed').length;
    const order = await waitForOrder(system, orderId, (o) => o.status === 'shipping_failed' && attemptsOf(o) >= 4, 'shipping_failed after 4 attempts');
    expect(attemptsOf(order)).toBe(4);
    const channel = await broker.createChannel();
    try {
      const dead = await waitFor(async () => {
        const message = await channel.get('shipping.service.final.dlq', { noAck: false });
        if (!message) return undefined;
        if (JSON.parse(message.content.toString()).orderId !== orderId) {
          channel.nack(message, false, true);
          return undefined;
        }
        return message;
      }, { what: 'the dead letter of the order' });
      expect(dead.properties.headers).toMatchObject({
        'ecom-death-reason': 'retries-exhausted',
        'ecom-error-name': 'CarrierUnavailableError',
        'ecom-original-routing-key': 'order.confirmed',
        'ecom-original-queue': 'shipping.service.queue',
        'ecom-original-exchange': 'ecommerce.events',
        'ecom-attempts': 4,
        'ecom-service': 'shipping-service',
      });
      expect(String(dead.properties.headers?.['ecom-error-message'])).toContain('unavailable');
      channel.nack(dead, false, true);
    } finally {
      await channel.close();
    }
    await waitFor(async () => (await notificationsOf(orderId)).some((n) => n.kind === 'shipping_failed'), { what: 'the failure notice' });
  });

  it('never ships a sold-out order: refunded, nothing reserved, cancelled out_of_stock, told once', async () => {
    const orderId = await placeOrder(system, orderBody('CUST123', 'PROD000', 1, 120));
    const order = await waitForOrder(
      system,
      orderId,
      (o) => o.status === 'cancelled' && o.history.some((h) => h.type === 'payment.refunded'),
      'cancelled and refunded',
    );
    expect(order.cancelReason).toBe('out_of_stock');
    expect(order.history.find((h) => h.type === 'inventory.stock.insufficient')?.details['items']).toEqual([
      { productId: 'PROD000', requested: 1, available: 0 },
    ]);
    const payment = (await system.http('payment-service').get(`/payments/${orderId}`).expect(200)).body;
    expect(payment).toMatchObject({ status: 'refunded', amount: 120 });
    const ledger = (await system.http('payment-service').get('/gateway/ledger?limit=1000').expect(200)).body as { idempotency_key: string; kind: string }[];
    expect(ledger.filter((e) => e.idempotency_key === orderId).map((e) => e.kind).sort()).toEqual(['charge', 'refund']);
    expect((await system.http('shipping-service').get(`/shipments?orderId=${orderId}`)).body).toEqual([]);
    const kinds = await waitFor(async () => {
      const list = await notificationsOf(orderId);
      return list.some((n) => n.kind === 'order_cancelled') ? list.map((n) => n.kind) : undefined;
    }, { what: 'the cancellation notice' });
    expect(kinds.filter((k) => k === 'order_cancelled')).toHaveLength(1);
    expect(kinds).not.toContain('shipped');
  });

  it('cancels on request: 202, refund and release; the same answer twice; 409 once shipped; 404 and 400 for bad calls', async () => {
    const shipped = await placeOrder(system, README_BODY);
    await waitForOrder(system, shipped, (o) => o.status === 'shipped', 'shipped');
    const refused = await system.http('order-service').post(`/orders/${shipped}/cancel`).expect(409);
    expect(refused.body.message).toMatch(/has shipped/);
    await system.http('order-service').post('/orders/00000000-0000-4000-8000-000000000000/cancel').expect(404);
    const bad = await system.http('order-service').post(`/orders/${shipped}/cancel`).send({ reason: 'bored' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);

    // DOWN*: the carrier always fails, the order is held in shipping_failed, charged and reserved.
    const held = await placeOrder(system, orderBody('DOWN-CANCEL'));
    await waitForOrder(system, held, (o) => o.status === 'shipping_failed', 'shipping_failed');
    const first = await system.http('order-service').post(`/orders/${held}/cancel`).expect(202);
    expect(first.body).toMatchObject({ orderId: held, status: 'cancelling', reason: 'customer_request' });
    // Payment's refund and inventory's release answer order.cancelled independently: wait for both.
    const settled = (o: { history: { type: string }[] }) => ['payment.refunded', 'inventory.stock.released'].every((t) => o.history.some((h) => h.type === t));
    const order = await waitForOrder(system, held, (o) => o.status === 'cancelled' && settled(o), 'cancelled, refunded and released');
    expect(order.history.map((h) => h.type)).toEqual(expect.arrayContaining(['shipping.shipment.cancelled', 'order.cancel.requested']));
    const again = await system.http('order-service').post(`/orders/${held}/cancel`).expect(202);
    expect(again.body).toMatchObject({ orderId: held, status: 'cancelled', reason: 'customer_request' });
    expect((await system.http('payment-service').get(`/payments/${held}`)).body).toMatchObject({ status: 'refunded' });
    expect((await system.http('inventory-service').get(`/reservations?orderId=${held}`)).body).toEqual([expect.objectContaining({ status: 'released' })]);
  });

  it('dead-letters a malformed message published raw to order.created, and keeps working', async () => {
    const channel = await broker.createConfirmChannel();
    channel.publish('ecommerce.events', 'order.created', Buffer.from('{"orderId": "not-a-uuid", "items": []}'), {
      messageId: 'malformed-1',
      persistent: true,
    });
    channel.publish('ecommerce.events', 'order.created', Buffer.from('this is not json'), { messageId: 'malformed-2', persistent: true });
    await channel.waitForConfirms();
    for (const queue of ['payment.service.order.created.dlq', 'notification.service.order.created.dlq']) {
      const reasons = await waitFor(async () => {
        const { messageCount } = await channel.checkQueue(queue);
        if (messageCount < 2) return undefined;
        const got = [await channel.get(queue), await channel.get(queue)];
        got.forEach((m) => m && channel.nack(m, false, true));
        return Object.fromEntries(got.map((m) => [m && m.properties.messageId, m && m.properties.headers?.['ecom-death-reason']]));
      }, { what: `dead letters in ${queue}` });
      expect(reasons).toEqual({ 'malformed-1': 'invalid-schema', 'malformed-2': 'not-json' });
    }
    await channel.close();
    const orderId = await placeOrder(system, README_BODY);
    await waitForOrder(system, orderId, (o) => o.status === 'shipped', 'an order after the malformed ones');
  });

  it('takes 200 concurrent orders to a final status', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 0 ? orderBody(`CUST-BIG-${i}`, 'PROD123', 50, 30) : orderBody(`CUST-${i}`, 'PROD123', 1 + (i % 3), 19.99),
    );
    const ids = await Promise.all(bodies.map((body) => placeOrder(system, body)));
    expect(new Set(ids).size).toBe(200);
    const statuses = await waitFor(async () => {
      const orders = await Promise.all(ids.map((id) => getOrder(system, id)));
      return orders.every(isFinal) ? orders.map((o) => o.status) : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500, what: '200 orders to reach a final status' });
    expect(statuses.filter((s) => s === 'payment_failed')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(0);
    expect(statuses.filter((s) => s === 'shipped')).toHaveLength(180);
  });

  it('lets one order be followed through every service by its correlation id', async () => {
    const correlationId = `trace-me-${Date.now()}`;
    const orderId = await placeOrder(system, README_BODY, correlationId);
    await waitForOrder(system, orderId, (o) => o.status === 'shipped' && o.history.length === 4, 'shipped');
    await waitFor(async () => (await notificationsOf(orderId)).length === 3, { what: 'notifications' });
    for (const service of ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'] as const) {
      const lines = system
        .logs(service)
        .split('\n')
        .filter((line) => line.includes(correlationId))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line['correlationId'] === correlationId && line['service'] === service)).toBe(true);
    }
  });
});
