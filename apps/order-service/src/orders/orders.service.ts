import { randomUUID } from 'node:crypto';
import type { EventData, EventName } from '@ecom/contracts';
import { currentMessageContext, Inbox, NonRetryableError, Outbox, RabbitContext } from '@ecom/rabbit';
import { DATABASE, type Kysely, type Transaction } from '@ecom/rabbit/kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { OrderDatabase, OrdersTable } from '../database/order.tables';
import type { ValidOrderRequest } from './create-order.validation';
import { historyDetails } from './history-details';
import { nextStatus } from './order-status';

type Tx = Transaction<OrderDatabase>;

const ordersCreated = new Counter({ name: 'orders_created_total', help: 'Orders accepted by POST /orders' });
const orderStatuses = new Counter({ name: 'order_status_changes_total', help: 'Order status changes', labelNames: ['status'] });

export interface CreatedOrder {
  orderId: string;
  correlationId: string;
  status: 'pending';
}

/** Owns orders: creates them (with `order.created` through the outbox) and follows the flow's events. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<OrderDatabase>,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
  ) {}

  /**
   * Stores the order and its `order.created` in one transaction. It needs no broker: while
   * RabbitMQ is down the order is accepted and the event leaves once the broker is back.
   */
  async create(request: ValidOrderRequest): Promise<CreatedOrder> {
    const orderId = randomUUID();
    const correlationId = currentMessageContext()?.correlationId ?? randomUUID();
    const now = new Date().toISOString();
    const event = { ...request, orderId, createdAt: now };
    await this.outbox.transaction(async (tx) => {
      await tx
        .insertInto('orders')
        .values({
          order_id: orderId,
          customer_id: request.customerId,
          customer_email: request.customerEmail,
          items: JSON.stringify(request.items),
          total_amount: request.totalAmount,
          currency: request.currency,
          status: 'pending',
          correlation_id: correlationId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const published = await this.outbox.publish(tx, 'order.created', event, { correlationId });
      await this.addHistory(tx, orderId, 'order.created', now, historyDetails('order.created', event), published.eventId);
    });
    ordersCreated.inc();
    this.logger.log({ msg: `order ${orderId} created for ${request.customerId}`, orderId, correlationId });
    return { orderId, correlationId, status: 'pending' };
  }

  /** Records an event of the flow in the order's history, moving its status forward if it does. */
  async apply<K extends EventName>(type: K, data: EventData<K>, ctx: RabbitContext): Promise<void> {
    // Every event of the flow is about one order.
    const { orderId } = data as { orderId: string };
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const order = await tx.selectFrom('orders').select('status').where('order_id', '=', orderId).executeTakeFirst();
      // An event about an order this service never created cannot be fixed by retrying.
      if (!order) throw new NonRetryableError(`unknown order ${orderId}`);
      const at = ctx.occurredAt ?? new Date().toISOString();
      await this.addHistory(tx, orderId, type, at, historyDetails(type, data), ctx.eventId);
      const status = nextStatus(order.status, type);
      if (status !== order.status) {
        await tx.updateTable('orders').set({ status, updated_at: new Date().toISOString() }).where('order_id', '=', orderId).execute();
      }
      return { from: order.status, to: status };
    });
    if (outcome.duplicate) return;
    if (outcome.result.to !== outcome.result.from) {
      orderStatuses.inc({ status: outcome.result.to });
      this.logger.log({ msg: `order ${orderId} is ${outcome.result.to} (after ${type})`, orderId });
    }
  }

  async findOne(orderId: string) {
    const order = await this.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    if (!order) return undefined;
    const history = await this.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();
    return {
      ...present(order),
      history: history.map((h) => ({ type: h.type, at: h.at, eventId: h.event_id, details: JSON.parse(h.details) as Record<string, unknown> })),
    };
  }

  async listByCustomer(customerId: string | undefined, limit: number) {
    let query = this.db.selectFrom('orders').selectAll().orderBy('created_at', 'desc').limit(limit);
    if (customerId) query = query.where('customer_id', '=', customerId);
    return (await query.execute()).map(present);
  }

  private async addHistory(tx: Tx, orderId: string, type: string, at: string, details: Record<string, unknown>, eventId: string) {
    await tx.insertInto('order_history').values({ order_id: orderId, type, at, details: JSON.stringify(details), event_id: eventId }).execute();
  }
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
    correlationId: order.correlation_id,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
  };
}
