import { Injectable } from '@nestjs/common';
import type { FlowEvent } from '../flow/flow-event';
import { FlowStore, type OrderSummary } from '../flow/flow.store';
import { ServiceReader, type ReadResult } from './service-reader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface OrderView {
  orderId: string;
  correlationId: string;
  status: string;
  history?: { type: string; at: string; eventId: string; details: Record<string, unknown> }[];
}

/** One event on the timeline: from the tap when the console saw it, else from the order's history. */
export interface TimelineEvent {
  at: string;
  routingKey: string;
  service?: string;
  eventId?: string;
  correlationId?: string;
  causationId?: string;
  attempt: number;
  replayCount?: number;
  source: 'tap' | 'order-history';
  data: Record<string, unknown>;
}

export interface OrderTimeline {
  orderId: string;
  correlationId?: string;
  /** order-service's own view (the authority), or why it could not be read. */
  order: ReadResult<OrderView>;
  live?: OrderSummary;
  events: TimelineEvent[];
  failures: TimelineEvent[];
  payment: ReadResult;
  reservations: ReadResult;
  shipment: ReadResult;
  notifications: ReadResult;
}

/** Gathers one order's events and effects across the services, by order id or correlation id. */
@Injectable()
export class OrderTimelineService {
  constructor(
    private readonly store: FlowStore,
    private readonly reader: ServiceReader,
  ) {}

  /** The timeline, or undefined when neither the tap nor order-service knows the id. */
  async find(id: string): Promise<OrderTimeline | undefined> {
    const orderId = this.store.order(id) ? id : (this.store.orderIdOf(id) ?? (UUID.test(id) ? id : undefined));
    if (!orderId) return undefined;
    const path = encodeURIComponent(orderId);
    const [order, payment, reservations, shipment, notifications] = await Promise.all([
      this.reader.get<OrderView>('order-service', `/orders/${path}`),
      this.reader.get('payment-service', `/payments/${path}`),
      this.reader.get('inventory-service', `/reservations?orderId=${path}`),
      this.reader.get('shipping-service', `/shipments/${path}`),
      this.reader.get('notification-service', `/notifications?orderId=${path}`),
    ]);
    const tapped = this.store.order(orderId);
    if (!tapped && !order.ok) return undefined;
    // The tap's events, plus any order-service recorded that the tap never saw (the console started
    // later, or its queue dropped some while it fell behind).
    const seen = new Set(tapped?.events.map((event) => event.eventId));
    const events = [...(tapped?.events.map(fromTap) ?? []), ...fromHistory(order).filter((event) => !seen.has(event.eventId))];
    return {
      orderId,
      correlationId: tapped?.summary.correlationId ?? (order.ok ? order.body.correlationId : undefined),
      order,
      live: tapped?.summary,
      events,
      failures: events.filter((event) => event.routingKey === 'shipping.attempt.failed' || event.routingKey.endsWith('.failed')),
      payment,
      reservations,
      shipment,
      notifications,
    };
  }
}

function fromTap(event: FlowEvent): TimelineEvent {
  return {
    at: event.occurredAt ?? event.receivedAt,
    routingKey: event.routingKey,
    service: event.service,
    eventId: event.eventId,
    correlationId: event.correlationId,
    causationId: event.causationId,
    attempt: event.attempt,
    replayCount: event.replayCount,
    source: 'tap',
    data: event.data,
  };
}

/** Before the console started, order-service's history is all there is: no causation, no producer. */
function fromHistory(order: ReadResult<OrderView>): TimelineEvent[] {
  if (!order.ok) return [];
  return (order.body.history ?? []).map((entry) => ({
    at: entry.at,
    routingKey: entry.type,
    eventId: entry.eventId,
    correlationId: order.body.correlationId,
    attempt: 1,
    source: 'order-history' as const,
    data: entry.details ?? {},
  }));
}
