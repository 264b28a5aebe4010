import { METRICS_REGISTRY } from '@ecom/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** The payments' counters, in this app's registry (the one its /metrics serves). */
@Injectable()
export class PaymentsMetrics {
  readonly payments: Counter<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.payments = new Counter({ name: 'payments_total', help: 'Payments processed, by outcome', labelNames: ['outcome'], registers });
  }
}
