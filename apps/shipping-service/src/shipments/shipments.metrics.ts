import { METRICS_REGISTRY } from '@ecom/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** The shipments' counters, in this app's registry (the one its /metrics serves). */
@Injectable()
export class ShipmentsMetrics {
  readonly shipments: Counter<'outcome'>;
  readonly failedAttempts: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.shipments = new Counter({ name: 'shipments_total', help: 'Shipments by final outcome', labelNames: ['outcome'], registers });
    this.failedAttempts = new Counter({ name: 'shipping_attempts_failed_total', help: 'Carrier calls that failed (each is retried or dead-lettered)', registers });
  }
}
