import { randomUUID } from 'node:crypto';
import { currentVersion, type EventName } from '@ecom/contracts';
import { toAmqpProperties } from '@ecom/rabbit';
import type { Options } from 'amqplib';
import { README_BODY } from '../../src/support/orders';

/**
 * The wire messages the raw ceiling sends: the same properties and headers as the services'
 * (`toAmqpProperties`, persistent, mandatory) and bodies with the same fields and sizes as the
 * services' events (flow.bench.ts validates one of each against the contracts at start).
 */
export interface WireMessage {
  routingKey: EventName;
  body: Buffer;
  options: Options.Publish;
}

function wire(routingKey: EventName, data: object, producer: string, correlationId: string, causationId?: string): WireMessage {
  const id = randomUUID();
  const properties = toAmqpProperties({
    id,
    type: routingKey,
    schemaVersion: currentVersion(routingKey),
    occurredAt: new Date().toISOString(),
    correlationId,
    causationId,
    producer,
  });
  return {
    routingKey,
    body: Buffer.from(JSON.stringify(data)),
    options: { ...properties, messageId: id, persistent: true, mandatory: true },
  };
}

export function orderCreatedData(orderId: string = randomUUID()) {
  return { ...README_BODY, currency: 'USD', orderId, createdAt: new Date().toISOString() };
}

export function orderCreated(orderId: string = randomUUID()): WireMessage {
  return wire('order.created', orderCreatedData(orderId), 'order-service', randomUUID());
}

type OrderData = ReturnType<typeof orderCreatedData>;

export function paymentSucceededData(order: OrderData) {
  return {
    orderId: order.orderId,
    paymentId: randomUUID(),
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    amount: order.totalAmount,
    currency: order.currency,
    processedAt: new Date().toISOString(),
    items: order.items,
  };
}

/** What payment-service sends for an order.created it read. */
export function paymentSucceeded(order: OrderData, correlationId: string, causationId: string): WireMessage {
  return wire('payment.processed.successful', paymentSucceededData(order), 'payment-service', correlationId, causationId);
}

type PaymentData = ReturnType<typeof paymentSucceededData>;

export function stockReservedData(payment: PaymentData) {
  return {
    orderId: payment.orderId,
    reservationId: randomUUID(),
    items: payment.items.map(({ productId, quantity }) => ({ productId, quantity })),
    reservedAt: new Date().toISOString(),
  };
}

export function stockReserved(payment: PaymentData, correlationId: string, causationId: string): WireMessage {
  return wire('inventory.stock.reserved', stockReservedData(payment), 'inventory-service', correlationId, causationId);
}

export function shipmentCreatedData(payment: PaymentData) {
  return {
    orderId: payment.orderId,
    shipmentId: randomUUID(),
    customerId: payment.customerId,
    customerEmail: payment.customerEmail,
    carrier: 'SimuShip',
    trackingNumber: `SIM-${randomUUID().slice(0, 8).toUpperCase()}`,
    attempts: 1,
    createdAt: new Date().toISOString(),
  };
}

export function shipmentCreated(payment: PaymentData, correlationId: string, causationId: string): WireMessage {
  return wire('shipping.shipment.created', shipmentCreatedData(payment), 'shipping-service', correlationId, causationId);
}

/** What order-service sends once an order is paid and reserved (its data as `confirmedOf` builds it). */
export function orderConfirmed(payment: PaymentData, correlationId: string, causationId: string): WireMessage {
  const data = {
    orderId: payment.orderId,
    customerId: payment.customerId,
    customerEmail: payment.customerEmail,
    items: payment.items,
    totalAmount: payment.amount,
    currency: payment.currency,
    confirmedAt: new Date().toISOString(),
  };
  return wire('order.confirmed', data, 'order-service', correlationId, causationId);
}
