import { METRICS_REGISTRY } from '@ecom/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** The notifications' counters, in this app's registry (the one its /metrics serves). */
@Injectable()
export class NotificationsMetrics {
  readonly sent: Counter<'kind'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.sent = new Counter({ name: 'notifications_total', help: 'Notifications sent, by kind', labelNames: ['kind'], registers });
  }
}
