import { Inject, Injectable } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import { Subject } from 'rxjs';
import { FLOW_CONSOLE_CONFIG, type FlowConsoleConfig } from '../flow-console.config';
import { toFlowEvent, type FlowEvent } from './flow-event';
import { nextStatus, ORDER_STATUSES, type OrderStatus } from './order-status';

/** What the live view shows of one order. */
export interface OrderSummary {
  orderId: string;
  correlationId?: string;
  customerId?: string;
  totalAmount?: number;
  status?: OrderStatus;
  cancelReason?: string;
  firstSeenAt: string;
  updatedAt: string;
  lastEvent: string;
  lastService?: string;
  events: number;
  failedAttempts: number;
  /** Services that have published an event about the order, in the order they first did. */
  path: string[];
}

export interface FlowCounts {
  byStatus: Record<string, number>;
  byCancelReason: Record<string, number>;
  totalEvents: number;
  eventsPerSecond: number;
}

/** Most events kept per order: a replay loop must not grow one order without bound. */
const MAX_EVENTS_PER_ORDER = 200;
/** Window of the events-per-second figure. */
const RATE_WINDOW_S = 5;

/**
 * Everything the console knows from the tap, in memory: orders by id (oldest forgotten first past
 * CONSOLE_MAX_ORDERS), their events, correlation ids, counts and the event rate. `changes` emits
 * each order whose summary moved, for the page's live updates.
 */
@Injectable()
export class FlowStore {
  readonly changes = new Subject<OrderSummary>();
  private readonly orders = new Map<string, { summary: OrderSummary; events: FlowEvent[] }>();
  private readonly byCorrelation = new Map<string, string>();
  private readonly perSecond = new Map<number, number>();
  private readonly statusCounts = new Map<string, number>();
  private readonly reasonCounts = new Map<string, number>();
  private totalEvents = 0;
  private seq = 0;

  constructor(@Inject(FLOW_CONSOLE_CONFIG) private readonly config: Pick<FlowConsoleConfig, 'CONSOLE_MAX_ORDERS'>) {}

  /** Takes one delivery from the tap. */
  record(message: ConsumeMessage, now = new Date()): FlowEvent {
    const event = toFlowEvent(message, ++this.seq, now);
    this.totalEvents += 1;
    const second = Math.floor(now.getTime() / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    this.perSecond.delete(second - RATE_WINDOW_S - 1);
    if (event.orderId) this.apply(event);
    return event;
  }

  counts(now = new Date()): FlowCounts {
    const second = Math.floor(now.getTime() / 1000);
    let recent = 0;
    for (let s = second - RATE_WINDOW_S; s < second; s += 1) recent += this.perSecond.get(s) ?? 0;
    return {
      byStatus: Object.fromEntries(ORDER_STATUSES.map((status) => [status, this.statusCounts.get(status) ?? 0])),
      byCancelReason: Object.fromEntries(this.reasonCounts),
      totalEvents: this.totalEvents,
      eventsPerSecond: Math.round((recent / RATE_WINDOW_S) * 10) / 10,
    };
  }

  /** The latest orders, newest first. */
  latest(limit: number): OrderSummary[] {
    const all = [...this.orders.values()].map((entry) => entry.summary);
    return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
  }

  /** The order id a correlation id belongs to, when the tap saw it. */
  orderIdOf(correlationId: string): string | undefined {
    return this.byCorrelation.get(correlationId);
  }

  order(orderId: string): { summary: OrderSummary; events: FlowEvent[] } | undefined {
    return this.orders.get(orderId);
  }

  private apply(event: FlowEvent): void {
    const orderId = event.orderId as string;
    let entry = this.orders.get(orderId);
    if (!entry) {
      entry = {
        summary: { orderId, firstSeenAt: event.receivedAt, updatedAt: event.receivedAt, lastEvent: event.routingKey, events: 0, failedAttempts: 0, path: [] },
        events: [],
      };
      this.orders.set(orderId, entry);
      this.forgetOldest();
    }
    const { summary } = entry;
    if (entry.events.length < MAX_EVENTS_PER_ORDER) entry.events.push(event);
    if (event.correlationId && !summary.correlationId) {
      summary.correlationId = event.correlationId;
      this.byCorrelation.set(event.correlationId, orderId);
    }
    const data = event.data;
    if (typeof data['customerId'] === 'string') summary.customerId = data['customerId'].slice(0, 64);
    if (typeof data['totalAmount'] === 'number') summary.totalAmount = data['totalAmount'];
    if (event.routingKey === 'shipping.attempt.failed') summary.failedAttempts += 1;
    const status = nextStatus(summary.status, event.routingKey);
    const reason = event.routingKey === 'order.cancelled' && typeof data['reason'] === 'string' ? data['reason'].slice(0, 64) : summary.cancelReason;
    this.count(summary, -1);
    summary.status = status;
    summary.cancelReason = status === 'cancelled' ? reason : undefined;
    this.count(summary, +1);
    summary.events += 1;
    summary.updatedAt = event.receivedAt;
    summary.lastEvent = event.routingKey;
    summary.lastService = event.service;
    if (event.service && !summary.path.includes(event.service) && summary.path.length < 10) summary.path.push(event.service);
    this.changes.next(summary);
  }

  private count(summary: OrderSummary, delta: number): void {
    if (summary.status) this.statusCounts.set(summary.status, (this.statusCounts.get(summary.status) ?? 0) + delta);
    if (summary.status === 'cancelled' && summary.cancelReason) {
      this.reasonCounts.set(summary.cancelReason, (this.reasonCounts.get(summary.cancelReason) ?? 0) + delta);
    }
  }

  private forgetOldest(): void {
    while (this.orders.size > this.config.CONSOLE_MAX_ORDERS) {
      const [oldestId, oldest] = this.orders.entries().next().value as [string, { summary: OrderSummary }];
      this.count(oldest.summary, -1);
      this.orders.delete(oldestId);
      if (oldest.summary.correlationId) this.byCorrelation.delete(oldest.summary.correlationId);
    }
  }
}
