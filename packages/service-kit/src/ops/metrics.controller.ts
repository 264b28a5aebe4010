import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../security/auth.decorators';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { register, type Registry } from 'prom-client';
import { OPS_OPTIONS, type OpsModuleOptions } from './ops.options';

/** Prometheus scrape endpoint: the library's messaging metrics, HTTP metrics and the service's own. */
// Open to probes and scrapers without a token, and never rate limited (a busy probe must not fail).
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  private readonly registry: Registry;

  constructor(@Inject(OPS_OPTIONS) options: OpsModuleOptions) {
    this.registry = options.registry ?? register;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
