import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register, type Registry } from 'prom-client';
import { RabbitHealthIndicator } from '@ecom/rabbit/health';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY, READINESS_INDICATORS, type OpsModuleOptions } from './ops.options';
import { HttpErrorsFilter } from './http-errors.filter';
import { RequestContextHooks } from './request-context.hooks';

/** Registries that have the process metrics: collecting them twice into one throws. */
const withProcessMetrics = new WeakSet<Registry>();
const DEFAULT_EVENT_LOOP_MONITORING_MS = 100;

/**
 * `/health/live`, `/health/ready`, `/metrics`, correlation ids and metrics for every request, and
 * 503 + Retry-After for requests that fail because a dependency is away.
 */
@Module({})
export class OpsModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    const registry = options.registry ?? register;
    // Process metrics (CPU, memory, event loop lag) once per registry.
    if (!withProcessMetrics.has(registry)) {
      collectDefaultMetrics({
        register: registry,
        labels: { service: options.service },
        eventLoopMonitoringPrecision: options.eventLoopMonitoringMs ?? DEFAULT_EVENT_LOOP_MONITORING_MS,
      });
      withProcessMetrics.add(registry);
    }
    const readiness = options.readiness ?? [];
    return {
      module: OpsModule,
      // Global so that any feature module can inject METRICS_REGISTRY.
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        ...readiness,
        { provide: READINESS_INDICATORS, useFactory: (...indicators: unknown[]) => indicators, inject: [...readiness] },
        RabbitHealthIndicator,
        RequestContextHooks,
        // 503 with Retry-After, not 500, while the database or the broker is away; 4xx for a refused body.
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
