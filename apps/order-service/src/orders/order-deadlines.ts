// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import { Outbox, runInMessageContext } from '@ecom/rabbit';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { OrderInput, OrderStatus } from './order-process';
import { OrderProcessService } from './order-process.service';
import { OrdersMetrics } from './orders.metrics';
import { ORDERS_OPTIONS, type OrdersOptions } from './orders.options';
import { OrdersStore, type Tx } from './orders.store';

/** One deadline of the order process: the status that waits for a step and the column saying until when. */
interface Deadline {
  name: 'payment' | 'stock';
  input: OrderInput;
  waiting: OrderStatus;
  dueColumn: 'payment_due_at' | 'stock_due_at';
  /** What the order's history calls it (the name its message had when deadlines were messages). */
  historyType: string;
}

const DEADLINES: readonly Deadline[] = [
  { name: 'payment', input: 'deadline.payment', waiting: 'pending', dueColumn: 'payment_due_at', historyType: 'order.deadline.payment' },
  { name: 'stock', input: 'deadline.stock', waiting: 'paid', dueColumn: 'stock_due_at', historyType: 'order.deadline.stock' },
];

/** Orders acted on per deadline and sweep; more wait for the next sweep. */
const SWEEP_BATCH = 200;

/**
 * The order process's two deadlines, found by a query on the columns the order already keeps
 * (`payment_due_at`, set at creation; `stock_due_at`, set with the payment) every
 * `deadlineSweepMs`. A message per deadline through a TTL delay queue cost every order two
 * publishes and, when they expired (whatever had become of the order), two deliveries; a sweep
 * costs one indexed query a second and touches only the orders that are late. It needs no broker,
 * and the database is where the deadline lives, so a crash loses nothing: the next sweep, of this
 * instance or another, finds the same rows.
 *
 * Several instances may sweep one PostgreSQL database: each due order is handled in its own
 * transaction that locks the row and acts only if the order is still waiting (`onlyFrom`), so the
 * one that comes second changes nothing and records nothing.
 */
@Injectable()
export class OrderDeadlines implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderDeadlines.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: OrdersStore,
    private readonly process: OrderProcessService,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: OrdersMetrics,
    @Inject(ORDERS_OPTIONS) private readonly options: OrdersOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Stops before the outbox's publisher and the database close; a sweep under way finishes first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /**
   * Cancels the orders past a deadline now (up to SWEEP_BATCH per deadline) and returns how many it
   * cancelled. A failure (the database away) ends this sweep; the next one tries again.
   */
  async sweep(): Promise<number> {
    const now = new Date().toISOString();
    let expired = 0;
    for (const deadline of DEADLINES) {
      const due = await this.store.due(deadline.waiting, deadline.dueColumn, now, SWEEP_BATCH);
      for (const order of due) {
        if (await this.expire(deadline, order.order_id, order.correlation_id, order.due_at as string)) expired++;
      }
    }
    return expired;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then(
          () => undefined,
          (error: Error) => this.logger.warn({ msg: 'deadline sweep failed; trying again at the next one', err: error.message }),
        )
        .finally(() => {
          this.sweeping = undefined;
          this.schedule();
        });
    }, this.options.deadlineSweepMs);
  }

  /** One order past `deadline`, in its own transaction; false when it had moved on meanwhile. */
  private async expire(deadline: Deadline, orderId: string, correlationId: string, dueAt: string): Promise<boolean> {
    // The order's correlation id goes on what the timeout publishes (order.cancelled), as on its other events.
    const outcome = await runInMessageContext({ correlationId }, () =>
      this.process.withRetry(() =>
        this.outbox.transaction((tx) =>
          this.process.step(tx, {
            orderId,
            input: deadline.input,
            onlyFrom: deadline.waiting,
            history: { type: deadline.historyType, at: new Date().toISOString(), details: { deadline: deadline.name, dueAt }, eventId: uuidv7() },
          }),
        ),
      ),
    );
    this.process.report(orderId, deadline.historyType, outcome);
    if (outcome.to === outcome.from) return false;
    this.metrics.deadlinesExpired.inc({ deadline: deadline.name });
    return true;
  }
}
