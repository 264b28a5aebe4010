import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../security/auth.decorators';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { RabbitHealthIndicator } from '@ecom/rabbit/health';
import { READINESS_INDICATORS, type ReadinessIndicator } from './ops.options';

/** Liveness says the process answers; readiness says it can do its work (broker and database up). */
// Open to probes and scrapers without a token, and never rate limited (a busy probe must not fail).
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly rabbit: RabbitHealthIndicator,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.rabbit.check(), ...this.indicators.map((indicator) => () => indicator.check())]);
  }
}
