// @ecom/service-kit: what the flow's five services share besides messaging. Each service reads
// like a page: `loadConfig` (typed env), `serviceModules` (its database, the messaging module on
// its queues, health and metrics), its feature modules, and `runService`.
import './registered-events';

// Start-up
export { runService, type RunServiceOptions } from './bootstrap/run-service';
export { boundHeapGrowth, HeapConfig } from './bootstrap/heap-growth';
export { CommonServiceConfig, ConfigError, loadConfig } from './config/service-config';
export { serviceModules, toQueueDeclaration, type ServiceModulesOptions } from './service-modules';

// Database: one per service (SQLite file or a PostgreSQL schema), migrated at start-up
export { createDatabase, pgSchemaOf } from './database/create-database';
export { assertSchemaName, isPostgresUrl, type DatabaseOptions, type Dialect } from './database/database.config';
export { DATABASE, DatabaseHealthIndicator, DatabaseModule, type DatabaseModuleOptions } from './database/database.module';
export { migrateToLatest, type MigrateOptions } from './database/migrate';

// HTTP: the Fastify adapter runService uses, read APIs
export { serviceHttpAdapter } from './http/fastify-adapter';
export { parseLimitOffset } from './http/limit-offset';

// OpenAPI: each service's document from the TypeBox schemas it validates with, served at /docs
export { fromTypeBox, installOpenApi, json, listOperation, pageParameters, pathParameter, problem, queryParameter, serviceDocument } from './openapi/openapi-kit';

// Operations: health, metrics, request correlation, 503 while a dependency is away
export { OpsModule } from './ops/ops.module';
export { HealthController } from './ops/health.controller';
export { MetricsController } from './ops/metrics.controller';
export { RequestContextHooks } from './ops/request-context.hooks';
export { HttpErrorsFilter, RETRY_AFTER_SECONDS } from './ops/http-errors.filter';
export { METRICS_REGISTRY, READINESS_INDICATORS, type OpsModuleOptions, type ReadinessIndicator } from './ops/ops.options';

// Logs and traces
export { JsonLogger, type JsonLoggerOptions } from './logging/json-logger';
export { startTracing } from './tracing/start-tracing';

// HTTP security: JWT bearer tokens against a JWKS, customer vs admin routes, rate limits, headers
export { SecurityConfig, DEV_ISSUER } from './security/security.config';
export { SecurityModule } from './security/security.module';
export { AuthGuard } from './security/auth.guard';
export { ClientThrottlerGuard } from './security/client-throttler.guard';
export { CurrentPrincipal, CustomerAccess, Public } from './security/auth.decorators';
export { ADMIN_ROLE, isAdmin, type Principal } from './security/principal';
export { InvalidTokenError, JwtVerifier, type JwtVerifierOptions } from './security/jwt-verifier';
export { hardenHttp } from './security/http-hardening';
export { amqpTlsOf, amqpUrlOf } from './config/amqp-url';
