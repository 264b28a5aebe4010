import type { RunningSystem } from './system';
import { waitFor } from '@ecom/rabbit/testing';

export const README_BODY = {
  customerId: 'CUST123',
  customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
  totalAmount: 29.99,
};

/** Statuses a test can stop waiting at (`shipping_failed` is held for an operator, not final). */
export const FINAL_STATUSES = ['payment_failed', 'shipped', 'shipping_failed', 'cancelled'];

export interface OrderView {
  orderId: string;
  customerId: string;
  status: string;
  cancelReason?: string | null;
  totalAmount?: number;
  correlationId: string;
  history: { type: string; at: string; eventId: string; details: Record<string, unknown> }[];
}

/** An order body for `customerId` with one line of `productId`. */
export function orderBody(customerId: string, productId = 'PROD123', quantity = 1, price = 10) {
  return {
    customerId,
    customerEmail: `${customerId.toLowerCase()}@example.com`,
    items: [{ productId, quantity, price }],
    totalAmount: Math.round(quantity * price * 100) / 100,
  };
}

export async function placeOrder(system: RunningSystem, body: object, correlationId?: string): Promise<string> {
  let call = system.http('order-service').post('/orders').send(body);
  if (correlationId) call = call.set('x-correlation-id', correlationId);
  const response = await call;
  if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.orderId as string;
}

export async function getOrder(system: RunningSystem, orderId: string): Promise<OrderView> {
  return (await system.http('order-service').get(`/orders/${orderId}`).expect(200)).body as OrderView;
}

/** Polls the order until `done` holds for it. */
export async function waitForOrder(
  system: RunningSystem,
  orderId: string,
  done: (order: OrderView) => boolean,
  what = 'the order',
  timeoutMs = 30_000,
): Promise<OrderView> {
  return waitFor(
    async () => {
      const order = await getOrder(system, orderId);
      return done(order) ? order : undefined;
    },
    { timeoutMs, what: `${what} (${orderId})` },
  );
}

export const isFinal = (order: OrderView) => FINAL_STATUSES.includes(order.status);
