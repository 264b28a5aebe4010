import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { RabbitHealthIndicator } from '../health/rabbit.health-indicator';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OPS_OPTIONS, READINESS_INDICATORS, type OpsModuleOptions } from './ops.options';
import { RequestContextMiddleware } from './request-context.middleware';

let defaultMetricsCollected = false;

/** `/health/live`, `/health/ready`, `/metrics`, and correlation ids and metrics for every request. */
@Module({})
export class OpsModule implements NestModule {
  static forRoot(options: OpsModuleOptions): DynamicModule {
    const registry = options.registry ?? register;
    // Process metrics (CPU, memory, event loop lag) once per registry: a second call would throw.
    if (!options.registry && !defaultMetricsCollected) {
      collectDefaultMetrics({ register: registry, labels: { service: options.service } });
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
        RequestContextMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*path');
  }
}
