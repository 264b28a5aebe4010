import type { CancelReason, EventData, EventName } from '@ecom/contracts';
import { NonRetryableError, Outbox } from '@ecom/rabbit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrdersTable } from '../database/order.tables';
import { resolveReason, transitionOf, type OrderInput, type OrderStatus } from './order-process';
import { OrdersMetrics } from './orders.metrics';
import { ORDERS_OPTIONS, type OrdersOptions } from './orders.options';
import { OrdersStore, StaleOrderError, type Tx } from './orders.store';

/** Conditional updates that found the status changed; each is run again from a fresh read. */
const MAX_STALE_RETRIES = 5;

/** What one input did to an order. */
export interface StepOutcome {
  from: OrderStatus;
  to: OrderStatus;
  reason: CancelReason | null;
  /** Set when the input was a cancel that cannot be honoured (409). */
  refused?: string;
}

/** One input applied inside the caller's transaction: history, status, effects. */
export interface StepInput {
  orderId: string;
  /** Undefined for an event that only enters the history. */
  input: OrderInput | undefined;
  /** History entry: the event's routing key (or a command's name), its time, details and id. */
  history: { type: string; at: string; details: Record<string, unknown>; eventId: string };
  /** For `cancel`: the reason asked for. */
  requestedReason?: CancelReason;
  /**
   * Apply only while the order is still in this status, else change nothing and record nothing: a
   * deadline found due by a query another instance may have acted on since (see OrderDeadlines).
   */
  onlyFrom?: OrderStatus;
}

/**
 * Applies the process table (order-process.ts) to one order, atomically: read (row-locked on
 * PostgreSQL), decide from the table, conditional update on the status read, effects into the
 * outbox, all in one transaction; a stale read runs again.
 */
@Injectable()
export class OrderProcessService {
  private readonly logger = new Logger(OrderProcessService.name);

  constructor(
    private readonly store: OrdersStore,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: OrdersMetrics,
    @Inject(ORDERS_OPTIONS) private readonly options: OrdersOptions,
  ) {}

  /** Runs `transaction` (which calls `step`) again while it loses a race on the order's status. */
  async withRetry<T>(transaction: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction();
      } catch (error) {
        if (!(error instanceof StaleOrderError) || attempt > MAX_STALE_RETRIES) throw error;
      }
    }
  }

  async step(tx: Tx, step: StepInput): Promise<StepOutcome> {
    const order = await this.store.lock(tx, step.orderId);
    // An event about an order this service never created cannot be fixed by retrying.
    if (!order) throw new NonRetryableError(`unknown order ${step.orderId}`);
    if (step.onlyFrom !== undefined && order.status !== step.onlyFrom) return { from: order.status, to: order.status, reason: order.cancel_reason };
    await this.store.addHistory(tx, step.orderId, step.history.type, step.history.at, step.history.details, step.history.eventId);
    const transition = step.input ? transitionOf(order.status, step.input) : undefined;
    const unchanged = { from: order.status, to: order.status, reason: order.cancel_reason };
    if (!transition) return unchanged;
    if ('refused' in transition) return { ...unchanged, refused: transition.refused };
    const reason = resolveReason(transition.reason, step.requestedReason, order.cancel_reason) ?? order.cancel_reason;
    const stockDueAt = transition.effects.includes('schedule_stock_deadline')
      ? new Date(Date.now() + this.options.stockTimeoutMs).toISOString()
      : order.stock_due_at;
    await this.store.move(tx, order.order_id, order.status, { status: transition.to, cancel_reason: reason, stock_due_at: stockDueAt });
    for (const effect of transition.effects) {
      if (effect === 'confirm') await this.outbox.publish(tx, 'order.confirmed', confirmedOf(order));
      if (effect === 'cancel') await this.outbox.publish(tx, 'order.cancelled', cancelledOf(order, reason ?? 'operator'));
      if (effect === 'ask_shipping_to_cancel') {
        await this.outbox.publish(tx, 'order.cancellation.requested', {
          orderId: order.order_id,
          reason: reason ?? 'customer_request',
          requestedAt: new Date().toISOString(),
        });
      }
    }
    return { from: order.status, to: transition.to, reason };
  }

  /** Metrics and a log line once the transaction committed. */
  report(orderId: string, type: EventName | string, outcome: StepOutcome): void {
    if (outcome.to === outcome.from) return;
    this.metrics.statusChanges.inc({ status: outcome.to });
    const why = outcome.reason && outcome.to.startsWith('cancel') ? ` (${outcome.reason})` : '';
    this.logger.log({ msg: `order ${orderId} is ${outcome.to}${why} (after ${type})`, orderId });
  }
}

function confirmedOf(order: OrdersTable): EventData<'order.confirmed'> {
  return {
    orderId: order.order_id,
    customerId: order.customer_id,
    customerEmail: order.customer_email,
    items: JSON.parse(order.items) as EventData<'order.confirmed'>['items'],
    totalAmount: order.total_amount,
    currency: order.currency,
    confirmedAt: new Date().toISOString(),
  };
}

function cancelledOf(order: OrdersTable, reason: CancelReason): EventData<'order.cancelled'> {
  return {
    orderId: order.order_id,
    customerId: order.customer_id,
    customerEmail: order.customer_email,
    totalAmount: order.total_amount,
    currency: order.currency,
    reason,
    cancelledAt: new Date().toISOString(),
  };
}
