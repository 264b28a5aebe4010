import { compose } from './notification-message';

const base = { orderId: '6f1c1c1e-8a63-4d59-9c59-1f2b3c4d5e6f', customerId: 'CUST123', customerEmail: 'customer@example.com' };

describe('compose', () => {
  it('addresses every notification to the customer, one kind per customer-facing event', () => {
    const messages = [
      compose.orderReceived({ ...base, items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }], totalAmount: 29.99, currency: 'USD', createdAt: '2026-11-25T10:00:00.000Z' }),
      compose.paymentSucceeded({ ...base, paymentId: base.orderId, amount: 29.99, currency: 'USD', items: [], processedAt: '2026-11-25T10:00:00.000Z' }),
      compose.paymentFailed({ ...base, paymentId: base.orderId, amount: 2000, currency: 'USD', reason: 'amount exceeds the limit', processedAt: '2026-11-25T10:00:00.000Z' }),
      compose.shipped({ ...base, shipmentId: base.orderId, carrier: 'SimuShip', trackingNumber: 'SIM-1', attempts: 1, createdAt: '2026-11-25T10:00:00.000Z' }),
      compose.shippingFailed({ ...base, attempts: 4, reason: 'carrier down', failedAt: '2026-11-25T10:00:00.000Z' }),
      compose.orderCancelled({ ...base, totalAmount: 10, currency: 'USD', reason: 'out_of_stock', cancelledAt: '2026-11-25T10:00:00.000Z' }),
    ];
    expect(messages.map((m) => m.kind)).toEqual(['order_received', 'payment_succeeded', 'payment_failed', 'shipped', 'shipping_failed', 'order_cancelled']);
    expect(messages[5].body).toContain('out of stock');
    expect(messages.every((m) => m.recipient === 'customer@example.com' && m.orderId === base.orderId)).toBe(true);
  });

  it('says why a payment was declined and how to track a shipment', () => {
    expect(compose.paymentFailed({ ...base, paymentId: base.orderId, amount: 2000, currency: 'USD', reason: 'amount exceeds the limit', processedAt: '2026-11-25T10:00:00.000Z' }).body).toContain(
      'declined: amount exceeds the limit',
    );
    expect(compose.shipped({ ...base, shipmentId: base.orderId, carrier: 'SimuShip', trackingNumber: 'SIM-42', attempts: 1, createdAt: '2026-11-25T10:00:00.000Z' }).body).toContain('SIM-42');
  });
});
