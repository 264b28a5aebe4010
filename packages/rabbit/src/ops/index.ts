// @ecom/rabbit/ops: health, metrics and request correlation for a service's HTTP side.
export { OpsModule } from './ops.module';
export { HealthController } from './health.controller';
export { MetricsController } from './metrics.controller';
export { RequestContextMiddleware } from './request-context.middleware';
export { TransientFailureFilter, RETRY_AFTER_SECONDS } from './transient-failure.filter';
export { OPS_OPTIONS, READINESS_INDICATORS, type OpsModuleOptions, type ReadinessIndicator } from './ops.options';
