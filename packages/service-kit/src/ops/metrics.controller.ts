import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../security/auth.decorators';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './ops.options';

/** Prometheus scrape endpoint: the library's messaging metrics, HTTP metrics and the service's own. */
// Open to probes and scrapers without a token, and never rate limited (a busy probe must not fail).
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
