import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Type } from '@nestjs/common';
import type { Registry } from 'prom-client';

/** Something `/health/ready` asks: a database, a downstream, the broker. */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult> | HealthIndicatorResult;
}

export interface OpsModuleOptions {
  service: string;
  /** Indicators besides the broker's, e.g. the database's. */
  readiness?: readonly Type<ReadinessIndicator>[];
  /**
   * Sampling interval of the event-loop delay monitor (`nodejs_eventloop_lag_*`); default 100 ms,
   * not prom-client's 10: each sample wakes an idle process (see EVENT_LOOP_MONITORING_MS).
   */
  eventLoopMonitoringMs?: number;
  /**
   * The registry `/metrics` serves, given to the app's providers as METRICS_REGISTRY; pass the same
   * one to RabbitModule (`metricsRegistry`). Default prom-client's global registry (the library's
   * default too). `serviceModules` gives each app one of its own.
   */
  registry?: Registry;
}

/** The app's metrics registry: features register their counters in it (see the services' `*.metrics.ts`). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');
