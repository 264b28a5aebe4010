import { randomUUID } from 'node:crypto';
import type { EventData } from '@ecom/contracts';

/** A valid `order.created`, with fields overridable for invalid variants. */
export function orderCreated(overrides: Partial<EventData<'order.created'>> = {}): EventData<'order.created'> {
  return {
    orderId: randomUUID(),
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
    totalAmount: 29.99,
    currency: 'USD',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}
