// @ecom/rabbit/tracing: the OpenTelemetry SDK set-up a service runs at start (the library itself
// uses only @opentelemetry/api, a no-op without it).
export { startTracing } from './start-tracing';
