import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { RabbitHealthIndicator } from '@ecom/rabbit/health';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OPS_OPTIONS, READINESS_INDICATORS, type OpsModuleOptions } from './ops.options';
import { HttpErrorsFilter } from './http-errors.filter';
import { RequestContextHooks } from './request-context.hooks';

let defaultMetricsCollected = false;
const DEFAULT_EVENT_LOOP_MONITORING_MS = 100;

/**
 * `/health/live`, `/health/ready`, `/metrics`, correlation ids and metrics for every request, and
 * 503 + Retry-After for requests that fail because a dependency is away.
 */
@Module({})
export class OpsModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    const registry = options.registry ?? register;
    // Process metrics (CPU, memory, event loop lag) once per registry: a second call would throw.
    if (!options.registry && !defaultMetricsCollected) {
      collectDefaultMetrics({
        register: registry,
        labels: { service: options.service },
        eventLoopMonitoringPrecision: options.eventLoopMonitoringMs ?? DEFAULT_EVENT_LOOP_MONITORING_MS,
      });
      defaultMetricsCollected = true;
    }
    const readiness = options.readiness ?? [];
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: OPS_OPTIONS, useValue: options },
        ...readiness,
        { provide: READINESS_INDICATORS, useFactory: (...indicators: unknown[]) => indicators, inject: [...readiness] },
        RabbitHealthIndicator,
        RequestContextHooks,
        // 503 with Retry-After, not 500, while the database or the broker is away; 4xx for a refused body.
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
      ],
    };
  }
}
