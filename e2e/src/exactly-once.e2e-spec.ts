import { connect } from 'amqplib';
import { metricTotal } from './support/metrics';
import { getOrder, placeOrder, README_BODY, waitForOrder } from './support/orders';
import { createVhost, cutOff, grantAccess } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';
import { waitFor } from '@ecom/rabbit/testing';

/** The outbox and inbox across the whole system. */
describe('exactly-once effects', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('once');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3130 });
  });

  afterAll(async () => {
    await grantAccess(vhost.name).catch(() => undefined);
    await system?.stop();
    await vhost?.remove();
  });

  it('accepts an order while the broker is unreachable and delivers its event once it is back', async () => {
    await cutOff(vhost.name);
    await waitFor(async () => (await system.http('order-service').get('/health/ready')).status === 503, { what: 'readiness to drop' });
    const response = await system.http('order-service').post('/orders').send(README_BODY).expect(201);
    expect(response.body.status).toBe('pending');
    expect((await getOrder(system, response.body.orderId)).status).toBe('pending');
    await grantAccess(vhost.name);
    await waitFor(async () => (await system.http('order-service').get('/health/ready')).status === 200, {
      timeoutMs: 60_000,
      what: 'readiness to return',
    });
    const order = await waitForOrder(system, response.body.orderId, (o) => o.status === 'shipped', 'shipped after the outage', 60_000);
    expect(order.history.map((h) => h.type)).toContain('payment.processed.successful');
  });

  it('charges a duplicated order.created (same event id) once', async () => {
    const orderId = await placeOrder(system, README_BODY);
    const order = await waitForOrder(system, orderId, (o) => o.status === 'shipped', 'shipped');
    const created = order.history.find((h) => h.type === 'order.created');
    // Both consumers of order.created must absorb the copy before their effects are counted: after the
    // outage of the test before, notification-service may still be reconnecting when this one starts.
    const consumers = ['payment-service', 'notification-service'] as const;
    const absorbedBefore = await Promise.all(consumers.map((service) => metricTotal(system, service, 'ecom_rabbit_duplicates_absorbed_total')));
    const broker = await connect(vhost.url);
    const channel = await broker.createConfirmChannel();
    const data = {
      orderId,
      customerId: README_BODY.customerId,
      customerEmail: README_BODY.customerEmail,
      items: README_BODY.items,
      totalAmount: README_BODY.totalAmount,
      currency: 'USD',
      createdAt: created?.at,
    };
    channel.publish('ecommerce.events', 'order.created', Buffer.from(JSON.stringify(data)), {
      messageId: created?.eventId,
      contentType: 'application/json',
      persistent: true,
    });
    await channel.waitForConfirms();
    await broker.close();
    for (const [i, service] of consumers.entries()) {
      await waitFor(async () => (await metricTotal(system, service, 'ecom_rabbit_duplicates_absorbed_total')) > absorbedBefore[i], {
        what: `${service} to absorb the duplicate`,
      });
    }
    const payments = (await system.http('payment-service').get(`/payments?orderId=${orderId}`).expect(200)).body;
    expect(payments).toHaveLength(1);
    const kinds = (await system.http('notification-service').get(`/notifications?orderId=${orderId}`)).body.map((n: { kind: string }) => n.kind);
    expect(kinds.filter((k: string) => k === 'order_received')).toHaveLength(1);
  });
});
