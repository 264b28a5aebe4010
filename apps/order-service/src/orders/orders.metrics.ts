import { METRICS_REGISTRY } from '@ecom/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** The order process's counters, in this app's registry (the one its /metrics serves). */
@Injectable()
export class OrdersMetrics {
  readonly created: Counter;
  readonly statusChanges: Counter<'status'>;
  readonly deadlinesExpired: Counter<'deadline'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.created = new Counter({ name: 'orders_created_total', help: 'Orders accepted by POST /orders', registers });
    this.statusChanges = new Counter({ name: 'order_status_changes_total', help: 'Order status changes', labelNames: ['status'], registers });
    this.deadlinesExpired = new Counter({
      name: 'order_deadlines_expired_total',
      help: 'Orders the deadline sweep cancelled',
      labelNames: ['deadline'],
      registers,
    });
  }
}
