// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { CancelReason, EventData, EventName } from '@ecom/contracts';
import { currentMessageContext, Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrdersTable } from '../database/order.tables';
import type { ValidOrderRequest } from './create-order.validation';
import { historyDetails } from './history-details';
import type { OrderInput } from './order-process';
import { OrderProcessService, type StepOutcome } from './order-process.service';
import { OrdersMetrics } from './orders.metrics';
import { ORDERS_OPTIONS, type OrdersOptions } from './orders.options';
import { OrdersStore, type Tx } from './orders.store';

export interface CreatedOrder {
  orderId: string;
  correlationId: string;
  status: 'pending';
}

/** Events that only add to the history: they never move an order. */
const HISTORY_ONLY = new Set<string>(['shipping.attempt.failed', 'payment.refunded', 'inventory.stock.released']);

/** Owns orders: creates them (with `order.created` through the outbox and their payment deadline) and runs the process. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly store: OrdersStore,
    private readonly process: OrderProcessService,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: OrdersMetrics,
    @Inject(ORDERS_OPTIONS) private readonly options: OrdersOptions,
  ) {}

  /**
   * Stores the order (with the time its payment is due, which OrderDeadlines watches) and its
   * `order.created` in one transaction. It needs no broker: while RabbitMQ is down the order is
   * accepted and its event leaves once the broker is back.
   */
  async create(request: ValidOrderRequest): Promise<CreatedOrder> {
    const orderId = uuidv7();
    const correlationId = currentMessageContext()?.correlationId ?? uuidv7();
    const now = new Date().toISOString();
    const paymentDueAt = new Date(Date.now() + this.options.paymentTimeoutMs).toISOString();
    const event = { ...request, orderId, createdAt: now };
    await this.outbox.transaction(async (tx) => {
      await this.store.insert(tx, {
        order_id: orderId,
        customer_id: request.customerId,
        customer_email: request.customerEmail,
        items: JSON.stringify(request.items),
        total_amount: request.totalAmount,
        currency: request.currency,
        status: 'pending',
        cancel_reason: null,
        payment_due_at: paymentDueAt,
        stock_due_at: null,
        correlation_id: correlationId,
        created_at: now,
        updated_at: now,
      });
      const published = await this.outbox.publish(tx, 'order.created', event, { correlationId });
      await this.store.addHistory(tx, orderId, 'order.created', now, historyDetails('order.created', event), published.eventId);
    });
    this.metrics.created.inc();
    this.logger.log({ msg: `order ${orderId} created for ${request.customerId}`, orderId, correlationId });
    return { orderId, correlationId, status: 'pending' };
  }

  /** An event of the flow: into the history, through the process table, once. */
  async apply<K extends EventName>(type: K, data: EventData<K>, ctx: RabbitContext): Promise<void> {
    const { orderId } = data as { orderId: string };
    const input = inputOf(type);
    const at = ctx.occurredAt ?? new Date().toISOString();
    const outcome = await this.process.withRetry(() =>
      this.inbox.handleOnce(ctx, (tx) =>
        this.process.step(tx, { orderId, input, history: { type, at, details: historyDetails(type, data), eventId: ctx.eventId } }),
      ),
    );
    if (!outcome.duplicate) this.process.report(orderId, type, outcome.result);
  }

  /** A cancel request (customer or operator); undefined for an unknown order, or one of another customer than `customerId`. */
  async cancel(orderId: string, reason: CancelReason, customerId?: string): Promise<StepOutcome | undefined> {
    const order = await this.store.find(orderId);
    if (!order || (customerId !== undefined && order.customer_id !== customerId)) return undefined;
    const now = new Date().toISOString();
    const outcome = await this.process.withRetry(() =>
      this.outbox.transaction((tx) =>
        this.process.step(tx, {
          orderId,
          input: 'cancel',
          requestedReason: reason,
          history: { type: 'order.cancel.requested', at: now, details: { reason }, eventId: uuidv7() },
        }),
      ),
    );
    this.process.report(orderId, 'cancel request', outcome);
    return outcome;
  }

  async findOne(orderId: string) {
    const order = await this.store.find(orderId);
    if (!order) return undefined;
    const history = await this.store.history(orderId);
    return {
      ...present(order),
      history: history.map((h) => ({ type: h.type, at: h.at, eventId: h.event_id, details: JSON.parse(h.details) as Record<string, unknown> })),
    };
  }

  async list(filter: { customerId?: string; status?: string; limit: number; offset: number }) {
    return (await this.store.list(filter)).map(present);
  }
}

/** The process input an event is; history-only events map to no input of the table. */
function inputOf(type: EventName): OrderInput | undefined {
  if (HISTORY_ONLY.has(type)) return undefined;
  return type as OrderInput;
}

function present(order: OrdersTable) {
  return {
    orderId: order.order_id,
    customerId: order.customer_id,
    customerEmail: order.customer_email,
    items: JSON.parse(order.items) as unknown[],
    totalAmount: order.total_amount,
    currency: order.currency,
    status: order.status,
    cancelReason: order.cancel_reason,
    paymentDueAt: order.payment_due_at,
    stockDueAt: order.stock_due_at,
    correlationId: order.correlation_id,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
  };
}
