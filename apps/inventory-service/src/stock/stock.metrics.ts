import { METRICS_REGISTRY } from '@ecom/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** The stock reservations' counters, in this app's registry (the one its /metrics serves). */
@Injectable()
export class StockMetrics {
  readonly reservations: Counter<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.reservations = new Counter({ name: 'stock_reservations_total', help: 'Stock reservations, by outcome', labelNames: ['outcome'], registers });
  }
}
