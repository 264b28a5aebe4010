// One valid payload per event, shared by the specs; each spec breaks a copy to test a rule.
import type { EventData, EventName } from '../src/registry';

const orderId = '0b7e4c8e-1c2d-4f5a-9b8c-7d6e5f4a3b2c';
const at = '2025-01-31T12:00:00.000Z';
const items = [{ productId: 'PROD123', quantity: 1, price: 29.99 }];

/** A valid current-version payload of every event. */
export const samples: { [K in EventName]: EventData<K> } = {
  'order.created': {
    orderId,
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    items,
    totalAmount: 29.99,
    currency: 'USD',
    createdAt: at,
  },
  'payment.processed.successful': {
    orderId,
    paymentId: '9f1d2c3b-4a5e-4f60-8a7b-6c5d4e3f2a1b',
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    amount: 29.99,
    currency: 'USD',
    items,
    processedAt: at,
  },
  'payment.processed.failed': {
    orderId,
    paymentId: '9f1d2c3b-4a5e-4f60-8a7b-6c5d4e3f2a1b',
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    amount: 29.99,
    currency: 'USD',
    reason: 'card declined',
    processedAt: at,
  },
  'inventory.stock.reserved': {
    orderId,
    reservationId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
    items: [{ productId: 'PROD123', quantity: 1 }],
    reservedAt: at,
  },
  'inventory.stock.insufficient': {
    orderId,
    items: [{ productId: 'PROD123', requested: 3, available: 0 }],
    reportedAt: at,
  },
  'shipping.shipment.created': {
    orderId,
    shipmentId: '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c',
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    carrier: 'DHL',
    trackingNumber: 'JD0000001',
    attempts: 1,
    createdAt: at,
  },
  'shipping.attempt.failed': {
    orderId,
    customerId: 'CUST123',
    attempt: 1,
    reason: 'carrier unavailable',
    willRetry: true,
    failedAt: at,
  },
  'shipping.shipment.failed': {
    orderId,
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    attempts: 3,
    reason: 'carrier unavailable',
    failedAt: at,
  },
  'order.confirmed': {
    orderId,
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    items,
    totalAmount: 29.99,
    currency: 'USD',
    confirmedAt: at,
  },
  'order.cancellation.requested': { orderId, reason: 'customer_request', requestedAt: at },
  'order.cancelled': {
    orderId,
    customerId: 'CUST123',
    customerEmail: 'customer@example.com',
    totalAmount: 29.99,
    currency: 'USD',
    reason: 'out_of_stock',
    cancelledAt: at,
  },
  'payment.refunded': {
    orderId,
    paymentId: '9f1d2c3b-4a5e-4f60-8a7b-6c5d4e3f2a1b',
    customerId: 'CUST123',
    amount: 29.99,
    currency: 'USD',
    reason: 'out_of_stock',
    refundedAt: at,
  },
  'inventory.stock.released': {
    orderId,
    reservationId: '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f',
    items: [{ productId: 'PROD123', quantity: 1 }],
    releasedAt: at,
  },
  'shipping.shipment.cancelled': { orderId, cancelledAt: at },
};

/** The request body the project README shows for POST /orders. */
export const readmeCreateOrderBody = {
  customerId: 'CUST123',
  customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
  totalAmount: 29.99,
};
